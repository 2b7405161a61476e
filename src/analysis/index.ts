export * from './validation/finding';
export * from './validation/validate';
export * from './finding';
export * from './index-options';
export * from './mesh-config';
export * from './pack';
export * from './explain';
export * from './yaml-reader';
