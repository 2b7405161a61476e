// Mesh-neutral types and the intent-level patterns, at the package root.
export * from './core';
export * from './patterns';
// The layers underneath, by namespace.
export * as flagger from './flagger';
export * as gatewayApi from './gateway-api';
export * as istio from './istio';
export * as linkerd from './linkerd';
export * as k8s from './k8s';
export * as analysis from './analysis';
