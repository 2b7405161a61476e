/**
 * The group, version and kind of every generated binding class the constructs emit, by binding module and class
 * name (`GVKS['networking.istio.io'].VirtualServiceV1Beta1`): the constructs render plain `ApiObject`s and read
 * nothing else of the bindings, which are megabytes of JavaScript (Istio's networking module alone takes about
 * 50 ms to load). `test/private-gvks.test.ts` checks every entry against the binding's own `GVK`, so the table
 * cannot drift from `src/imports/` when the bindings are regenerated.
 * Internal module (not public API).
 */
export const GVKS = {
  'networking.istio.io': {
    VirtualService: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' },
    VirtualServiceV1Beta1: { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService' },
    DestinationRule: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule' },
    DestinationRuleV1Beta1: { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule' },
    Gateway: { apiVersion: 'networking.istio.io/v1', kind: 'Gateway' },
    GatewayV1Beta1: { apiVersion: 'networking.istio.io/v1beta1', kind: 'Gateway' },
    ServiceEntry: { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry' },
    ServiceEntryV1Beta1: { apiVersion: 'networking.istio.io/v1beta1', kind: 'ServiceEntry' },
    Sidecar: { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar' },
    SidecarV1Beta1: { apiVersion: 'networking.istio.io/v1beta1', kind: 'Sidecar' },
  },
  'security.istio.io': {
    AuthorizationPolicy: { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy' },
    AuthorizationPolicyV1Beta1: { apiVersion: 'security.istio.io/v1beta1', kind: 'AuthorizationPolicy' },
    PeerAuthentication: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' },
    PeerAuthenticationV1Beta1: { apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication' },
    RequestAuthentication: { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication' },
    RequestAuthenticationV1Beta1: { apiVersion: 'security.istio.io/v1beta1', kind: 'RequestAuthentication' },
  },
  'telemetry.istio.io': {
    Telemetry: { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry' },
    TelemetryV1Alpha1: { apiVersion: 'telemetry.istio.io/v1alpha1', kind: 'Telemetry' },
  },
  'gateway.networking.k8s.io': {
    HttpRoute: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
    GrpcRoute: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute' },
    Gateway: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
  },
  'policy.linkerd.io': {
    HttpRouteV1Beta3: { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'HTTPRoute' },
    ServerV1Beta3: { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server' },
    MeshTlsAuthentication: { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication' },
    AuthorizationPolicy: { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy' },
    NetworkAuthentication: { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'NetworkAuthentication' },
  },
  'linkerd.io': {
    ServiceProfileV1Alpha2: { apiVersion: 'linkerd.io/v1alpha2', kind: 'ServiceProfile' },
  },
  'flagger.app': {
    Canary: { apiVersion: 'flagger.app/v1beta1', kind: 'Canary' },
  },
} as const;
