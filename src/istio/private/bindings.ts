/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The generated Istio bindings, loaded on first use. The layer reads only their GVKs (it renders plain `ApiObject`s,
 * see `createIstioResource`), and they are megabytes of JavaScript that `require('cdk8s-mesh')` need not compile.
 * Internal module (not public API).
 */
type Networking = typeof import('../../imports/networking.istio.io');
type Security = typeof import('../../imports/security.istio.io');
type Telemetry = typeof import('../../imports/telemetry.istio.io');

let networkingModule: Networking | undefined;
let securityModule: Security | undefined;
let telemetryModule: Telemetry | undefined;

/** `networking.istio.io` (VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar). */
export function networking(): Networking {
  return (networkingModule ??= require('../../imports/networking.istio.io') as Networking);
}

/** `security.istio.io` (AuthorizationPolicy, PeerAuthentication, RequestAuthentication). */
export function security(): Security {
  return (securityModule ??= require('../../imports/security.istio.io') as Security);
}

/** `telemetry.istio.io` (Telemetry). */
export function telemetry(): Telemetry {
  return (telemetryModule ??= require('../../imports/telemetry.istio.io') as Telemetry);
}
