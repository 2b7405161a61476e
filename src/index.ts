export * as analysis from './analysis';
export * as linkerd from './linkerd';
