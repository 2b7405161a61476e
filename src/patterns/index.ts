export * from './canary-retries';
export * from './canary-service';
