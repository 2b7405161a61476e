export * from './authz';
export * from './matrix';
export * from './mtls';
export * from './route';
