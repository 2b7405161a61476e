export * from './validation/finding';
export * from './validation/validate';
