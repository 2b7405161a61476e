export * from './zero-trust-authz';
