export * as analysis from './analysis';
export * as linkerd from './linkerd';
export * as istio from './istio';
