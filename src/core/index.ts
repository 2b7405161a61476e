export * from './http-method';
export * from './istio-api-version';
export * from './identity';
export * from './mesh';
export * from './resource';
export * from './service-reference';
export * from './mesh-app';
