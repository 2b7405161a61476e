/**
 * What users see when they get it wrong: one row per wrong input, with the exact message the library gives at
 * construction (or synthesis). Readable as documentation; every message names the construct path, the property,
 * the value and, where there is one, the fix.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import * as lib from '../src';
import { gatewayApi, istio, k8s, linkerd } from '../src';

const {
  CanaryService, HttpMethod, Identity, IngressGateway, IstioDialect, LinkerdRouting, Mesh,
  RetryableRoute, StrictMtlsNamespace, TrafficMirror, ZeroTrustAuthz,
} = lib;

type Case = [string, (c: Chart) => unknown];
const any = (v: unknown): any => v;
const CANARY = { mesh: Mesh.istio(), service: 'payment-api', port: 80, stableSelector: { app: 'payment-api', version: 'stable' }, canarySelector: { app: 'payment-api', version: 'canary' } };
const VS = (c: Chart, route: any) => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [route] });

export const CASES: Case[] = [
  // Mesh and Identity
  ['Mesh.istio with a dialect in capitals', () => Mesh.istio({ dialect: any('GAMMA') })],
  ['Mesh.istio with null options', () => Mesh.istio(any(null))],
  ['Mesh.linkerd with an unknown routing', () => Mesh.linkerd({ routing: any('smi') })],
  ['an Identity whose namespace is not a DNS label', c => new ZeroTrustAuthz(c, 'authz', { mesh: Mesh.istio(), allow: [{ sources: [Identity.serviceAccount('frontend', 'Prod')], to: { labels: { app: 'a' }, ports: [80] } }] })],
  // CanaryService
  ['CanaryService without a mesh', c => new CanaryService(c, 'canary', any({ ...CANARY, mesh: undefined }))],
  ['CanaryService with a weight of 120', c => new CanaryService(c, 'canary', { ...CANARY, canaryWeight: 120 })],
  ['CanaryService with both a weight and stages', c => new CanaryService(c, 'canary', { ...CANARY, canaryWeight: 10, stages: [10, 50, 100], stage: 0 })],
  ['CanaryService with a stage past the last', c => new CanaryService(c, 'canary', { ...CANARY, stages: [10, 50, 100], stage: 3 })],
  ['CanaryService retrying POST', c => new CanaryService(c, 'canary', { ...CANARY, canaryWeight: 10, retries: { attempts: 2, methods: [HttpMethod.POST] } })],
  ['CanaryService ejecting the whole pool', c => new CanaryService(c, 'canary', { ...CANARY, canaryWeight: 10, circuitBreaker: { maxEjectionPercent: 100 } })],
  ['CanaryService on Linkerd ServiceProfiles', c => new CanaryService(c, 'canary', { ...CANARY, mesh: Mesh.linkerd({ routing: LinkerdRouting.SERVICE_PROFILE }), canaryWeight: 10 })],
  ['CanaryService on Istio GAMMA with retries', c => new CanaryService(c, 'canary', { ...CANARY, mesh: Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true }), canaryWeight: 10, retries: { attempts: 2 } })],
  ['CanaryService with the same selector twice', c => new CanaryService(c, 'canary', { ...CANARY, canarySelector: CANARY.stableSelector, canaryWeight: 10 })],
  ['CanaryService with a timeout as a string', c => new CanaryService(c, 'canary', any({ ...CANARY, canaryWeight: 10, timeout: '30s' }))],
  ['CanaryService with a misspelt prop', c => new CanaryService(c, 'canary', any({ ...CANARY, canaryWieght: 10 }))],
  // StrictMtlsNamespace, TrafficMirror, RetryableRoute, IngressGateway, ZeroTrustAuthz
  ['StrictMtlsNamespace with a namespace that is not a DNS label', c => new StrictMtlsNamespace(c, 'ns', { mesh: Mesh.istio(), namespace: 'Production' })],
  ['TrafficMirror on Linkerd', c => new TrafficMirror(c, 'mirror', { mesh: Mesh.linkerd(), service: 'a', port: 80, mirrorService: 'b' })],
  ['TrafficMirror mirroring to itself', c => new TrafficMirror(c, 'mirror', { mesh: Mesh.istio(), service: 'a', port: 80, mirrorService: 'a' })],
  ['RetryableRoute retrying a POST', c => new RetryableRoute(c, 'routes', { mesh: Mesh.istio(), service: 'a', port: 80, endpoints: [{ method: HttpMethod.POST, path: '/api', retries: 2 }] })],
  ['RetryableRoute with a lowercase method', c => new RetryableRoute(c, 'routes', { mesh: Mesh.istio(), service: 'a', port: 80, endpoints: [{ method: any('get'), path: '/api' }] })],
  ['IngressGateway without TLS', c => new IngressGateway(c, 'ingress', { mesh: Mesh.istio(), name: 'shop', hosts: ['shop.example.com'], routes: [{ service: 'web', port: 80 }] })],
  ['IngressGateway on Linkerd', c => new IngressGateway(c, 'ingress', { mesh: Mesh.linkerd(), name: 'shop', hosts: ['shop.example.com'], tlsSecret: 'tls', routes: [{ service: 'web', port: 80 }] })],
  ['IngressGateway with a prefix ending in /', c => new IngressGateway(c, 'ingress', { mesh: Mesh.istio(), name: 'shop', hosts: ['shop.example.com'], tlsSecret: 'tls', routes: [{ pathPrefix: '/api/', service: 'web', port: 80 }] })],
  ['ZeroTrustAuthz with a wildcard principal', c => new ZeroTrustAuthz(c, 'authz', { mesh: Mesh.istio(), allow: [{ sources: [any('*')], to: { labels: { app: 'a' }, ports: [80] } }] })],
  ['ZeroTrustAuthz with no ports', c => new ZeroTrustAuthz(c, 'authz', { mesh: Mesh.istio(), allow: [{ sources: [Identity.serviceAccount('a', 'b')], to: { labels: { app: 'a' }, ports: [] } }] })],
  ['ZeroTrustAuthz with a suffix path on Linkerd', c => new ZeroTrustAuthz(c, 'authz', { mesh: Mesh.linkerd(), allow: [{ sources: [Identity.serviceAccount('a', 'b')], to: { labels: { app: 'a' }, ports: [80] }, paths: ['*.png'] }] })],
  ['ZeroTrustAuthz requiring a JWT on Linkerd', c => new ZeroTrustAuthz(c, 'authz', { mesh: Mesh.linkerd() }).requireJwt({ issuer: 'https://issuer.example.com', target: { labels: { app: 'a' }, ports: [80] } })],
  // Istio layer
  ['VirtualService without props', c => new istio.VirtualService(c, 'vs', any(undefined))],
  ['VirtualService with retryOn copied from YAML', c => VS(c, { destinations: [{ host: 'a' }], retries: { attempts: 2, retryOn: any('5xx,reset') } })],
  ['VirtualService retrying every method', c => VS(c, { destinations: [{ host: 'a' }], retries: { attempts: 2 } })],
  ['VirtualService with a timeout of 0', c => VS(c, { destinations: [{ host: 'a' }], timeout: Duration.seconds(0) })],
  ['VirtualService with a misspelt timeout', c => VS(c, { destinations: [{ host: 'a' }], timout: Duration.seconds(5) })],
  ['VirtualService with a NaN weight', c => VS(c, { destinations: [{ host: 'a', weight: NaN }, { host: 'b', weight: 50 }] })],
  ['VirtualService with a regex Envoy cannot compile', c => VS(c, { matches: [{ uri: istio.StringMatch.regex('/api/([') }], destinations: [{ host: 'a' }] })],
  ['VirtualService mirroring 150%', c => VS(c, { destinations: [{ host: 'a' }], mirror: { host: 'b' }, mirrorPercentage: 150 })],
  ['DestinationRule ejecting 100%', c => new istio.DestinationRule(c, 'dr', { host: 'a', trafficPolicy: { outlierDetection: { maxEjectionPercent: 100 } } })],
  ['DestinationRule with consecutive5xxError', c => new istio.DestinationRule(c, 'dr', { host: 'a', trafficPolicy: { outlierDetection: any({ consecutive5xxError: 5 }) } })],
  ['DestinationRule.subset that was never added', c => new istio.DestinationRule(c, 'dr', { host: 'a' }).subset('v2')],
  ['PeerAuthentication with mtls: { mode }', c => new istio.PeerAuthentication(c, 'pa', any({ mtls: { mode: 'DISABLE' } }))],
  ['PeerAuthentication DISABLE without the opt-in', c => new istio.PeerAuthentication(c, 'pa', { mode: istio.MtlsMode.DISABLE })],
  ['PeerAuthentication with mode OFF read by YAML 1.1', c => new istio.PeerAuthentication(c, 'pa', { mode: any(false) })],
  ['AuthorizationPolicy with labels as the selector', c => new istio.AuthorizationPolicy(c, 'ap', any({ selector: { app: 'payment-api' } }))],
  ['AuthorizationPolicy allowing every principal', c => new istio.AuthorizationPolicy(c, 'ap', { action: istio.AuthorizationAction.ALLOW, rules: [{ sources: [{ principals: ['*'] }] }] })],
  ['AuthorizationPolicy with an empty selector', c => new istio.AuthorizationPolicy(c, 'ap', { selector: { matchLabels: {} } })],
  ['RequestAuthentication with a jwksUri that is not a URL', c => new istio.RequestAuthentication(c, 'ra', { jwtRules: [{ issuer: 'https://i', jwksUri: 'issuer/jwks' }] })],
  ['Gateway without servers', c => new istio.Gateway(c, 'gw', { selector: { istio: 'ingressgateway' }, servers: [] })],
  ['ServiceEntry with the same port twice', c => new istio.ServiceEntry(c, 'se', { hosts: ['api.example.com'], resolution: istio.ServiceEntryResolution.DNS, ports: [{ number: 443, protocol: istio.PortProtocol.TLS }, { number: 443, protocol: istio.PortProtocol.HTTPS }] })],
  ['Sidecar ingress without a protocol', c => new istio.Sidecar(c, 'sc', any({ ingress: [{ port: 8080 }] }))],
  ['a metadata namespace that is not a DNS label', c => new istio.VirtualService(c, 'vs', { metadata: { namespace: 'Prod' }, hosts: ['a'] })],
  ['a label value with a space', c => new istio.VirtualService(c, 'vs', { metadata: { labels: { team: 'pay ments' } }, hosts: ['a'] })],
  // Linkerd layer
  ['ServiceProfile with metadata.labels misplaced', c => new linkerd.ServiceProfile(c, 'sp', any({ service: { name: 'a' }, labels: { team: 'pay' } }))],
  ['RequestMatch with a lowercase method', () => linkerd.RequestMatch.methodAndPath('post', '/api')],
  ['Server with a podSelector of matchLabels', c => new linkerd.Server(c, 'srv', any({ podSelector: { matchLabels: { app: 'a' } }, port: linkerd.ServerPort.number(8080) }))],
  ['Server with port 0', c => new linkerd.Server(c, 'srv', { podSelector: { app: 'a' }, port: linkerd.ServerPort.number(0) })],
  ['MeshTlsAuthentication with no identities', c => new linkerd.MeshTlsAuthentication(c, 'mtls', {})],
  ['AuthenticationRef.serviceAccount with an empty name', () => linkerd.AuthenticationRef.serviceAccount('')],
  ['PolicyTarget.serverNamed with a bad name', () => linkerd.PolicyTarget.serverNamed('Payment API')],
  ['linkerd.HttpRoute retrying POST', c => new linkerd.HttpRoute(c, 'route', { parents: [gatewayApi.RouteParent.service('a', 80)], retry: { limit: 2 } })],
  // Gateway API and Kubernetes
  ['HttpRoute with the same parent twice', c => new gatewayApi.HttpRoute(c, 'route', { parents: [gatewayApi.RouteParent.service('a', 80), gatewayApi.RouteParent.service('a', 80)] })],
  ['HttpRoute with hostnames on a Service parent', c => new gatewayApi.HttpRoute(c, 'route', { parents: [gatewayApi.RouteParent.service('a', 80)], hostnames: ['a.example.com'] })],
  ['Gateway HTTPS listener without a certificate', c => new gatewayApi.Gateway(c, 'gw', { gatewayClassName: 'istio', listeners: [{ name: 'https', port: 443, protocol: gatewayApi.ListenerProtocol.HTTPS }] })],
  ['Service with a name starting with a digit', c => new k8s.Service(c, 'svc', { metadata: { name: '1api' }, selector: { app: 'a' }, ports: [{ port: 80 }] })],
  ['Service with the same port twice', c => new k8s.Service(c, 'svc', { selector: { app: 'a' }, ports: [{ port: 80 }, { port: 80, name: 'b' }] })],
  ['Namespace with an uppercase name', c => new k8s.Namespace(c, 'ns', { name: 'Production' })],
];

function message(build: (c: Chart) => unknown): string {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
  try {
    build(chart);
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  return '(accepted)';
}

describe('bad-input catalogue', () => {
  test('has at least 60 inputs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  test('every wrong input gets the library\'s error, naming where and what', () => {
    const rows = CASES.map(([what, build]) => `${what}\n  → ${message(build)}`);
    const unclear = rows.filter(row => !/→ (Validation failed with the following errors:\n\s+)?\[[^\]]+\] \S/.test(row));
    expect(unclear).toEqual([]);
    expect(rows.join('\n\n')).toMatchSnapshot();
  });
});
