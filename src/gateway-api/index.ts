export * from './route-parent';
export * from './http-route-match';
export * from './http-route-filter';
export * from './added-rule';
export * from './http-route';
export * from './gateway';
