export * from './canary';
