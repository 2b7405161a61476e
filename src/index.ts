export * as analysis from './analysis';
