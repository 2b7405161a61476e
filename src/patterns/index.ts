export * from './canary-hand-off';
export * from './canary-retries';
export * from './canary-service';
export * from './strict-mtls-namespace';
export * from './traffic-mirror';
export * from './retryable-route';
export * from './zero-trust-authz';
export * from './ingress-gateway';
