import { Chart, Duration, Testing } from 'cdk8s';
import { analyzeManifests, FindingSeverity, formatAnalysisFinding } from '../src/analysis';
import { IstioDialect, Mesh } from '../src/core/mesh';
import { IngressGateway, IngressGatewayProps } from '../src/patterns';
import { synthValid } from './support/synth';

const GAMMA = Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true });
const BASE = {
  name: 'shop',
  hosts: ['shop.example.com'],
  tlsSecret: 'shop-tls',
  routes: [
    { service: 'frontend', port: 80 },
    { pathPrefix: '/api', service: 'payment-api', port: 8080, timeout: Duration.seconds(30) },
    { pathPrefix: '/api/admin', service: 'admin', port: 8080 },
  ],
};

function synth(props: IngressGatewayProps): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
  new IngressGateway(chart, 'ingress', props);
  const manifests = synthValid(chart);
  expect(analyzeManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatAnalysisFinding)).toEqual([]);
  return manifests;
}

function fails(props: any): () => void {
  return () => new IngressGateway(new Chart(Testing.app(), 'test', { namespace: 'production' }), 'ingress', props);
}

/** The Service an Istio VirtualService sends a path to: the first route with a matching uri. */
function istioDecides(vs: any, path: string): string | undefined {
  for (const route of vs.spec.http) {
    const hit = (route.match ?? [{}]).some((m: any) => !m.uri || (m.uri.exact !== undefined ? path === m.uri.exact : path.startsWith(m.uri.prefix)));
    if (hit) return route.route[0].destination.host;
  }
  return undefined;
}

/** The Service a Gateway API HTTPRoute sends a path to: the longest matching PathPrefix, element by element. */
function gatewayApiDecides(route: any, path: string): string | undefined {
  const candidates = route.spec.rules.filter((r: any) => r.matches.some((m: any) => {
    const p = m.path.value;
    return p === '/' || path === p || path.startsWith(`${p}/`);
  }));
  candidates.sort((a: any, b: any) => b.matches[0].path.value.length - a.matches[0].path.value.length);
  return candidates[0]?.backendRefs[0].name;
}

describe('IngressGateway', () => {
  test('Istio classic: a Gateway with HTTPS and a redirecting HTTP server, and a VirtualService bound to it, longest prefix first', () => {
    const [gw, vs] = synth({ ...BASE, mesh: Mesh.istio() });
    expect(gw.kind).toBe('Gateway');
    expect(gw.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 443, protocol: 'HTTPS', name: 'https' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls' } },
        { port: { number: 80, protocol: 'HTTP', name: 'http' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true } },
      ],
    });
    expect(vs.spec.hosts).toEqual(['shop.example.com']);
    expect(vs.spec.gateways).toEqual(['shop']);
    expect(vs.spec.http.map((r: any) => [r.name, r.match, r.route[0].destination, r.timeout, r.retries])).toEqual([
      ['prefix-api-admin', [{ uri: { exact: '/api/admin' } }, { uri: { prefix: '/api/admin/' } }], { host: 'admin', port: { number: 8080 } }, '15s', { attempts: 0 }],
      ['prefix-api', [{ uri: { exact: '/api' } }, { uri: { prefix: '/api/' } }], { host: 'payment-api', port: { number: 8080 } }, '30s', { attempts: 0 }],
      ['root', [{ uri: { prefix: '/' } }], { host: 'frontend', port: { number: 80 } }, '15s', { attempts: 0 }],
    ]);
  });

  test('Istio on the Gateway API: a Gateway with an HTTPS and an HTTP listener, the routes on HTTPS and a 301 on HTTP', () => {
    const [gw, route, redirect] = synth({ ...BASE, mesh: GAMMA });
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw.spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [
        { name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'shop-tls' }] }, allowedRoutes: { namespaces: { from: 'Same' } } },
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      ],
    });
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https' }]);
    expect(route.spec.hostnames).toEqual(['shop.example.com']);
    expect(route.spec.rules.map((r: any) => [r.matches, r.backendRefs, r.timeouts])).toEqual([
      [[{ path: { type: 'PathPrefix', value: '/api/admin' } }], [{ name: 'admin', port: 8080 }], { request: '15s' }],
      [[{ path: { type: 'PathPrefix', value: '/api' } }], [{ name: 'payment-api', port: 8080 }], { request: '30s' }],
      [[{ path: { type: 'PathPrefix', value: '/' } }], [{ name: 'frontend', port: 80 }], { request: '15s' }],
    ]);
    expect(redirect.metadata.name).toBe('shop-https-redirect');
    expect(redirect.spec.parentRefs[0].sectionName).toBe('http');
    expect(redirect.spec.rules).toEqual([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }], timeouts: { request: '15s' } }]);
  });

  test('both dialects send every path to the same Service', () => {
    const [, vs] = synth({ ...BASE, mesh: Mesh.istio() });
    const [, route] = synth({ ...BASE, mesh: GAMMA });
    const paths = ['/', '/index.html', '/api', '/api/', '/api/payments', '/apis', '/api/admin', '/api/admin/users', '/api/administrator', '/api-docs'];
    const decisions = paths.map(p => [p, istioDecides(vs, p)]);
    expect(decisions).toEqual(paths.map(p => [p, gatewayApiDecides(route, p)]));
    expect(Object.fromEntries(decisions)).toMatchObject({ '/apis': 'frontend', '/api/administrator': 'payment-api', '/api/admin/users': 'admin' });
  });

  test('without a root route, paths outside every prefix match nothing on both dialects', () => {
    const props = { ...BASE, routes: [{ pathPrefix: '/api', service: 'payment-api', port: 8080 }] };
    const [, vs] = synth({ ...props, mesh: Mesh.istio() });
    const [, route] = synth({ ...props, mesh: GAMMA });
    expect(istioDecides(vs, '/apis')).toBeUndefined();
    expect(gatewayApiDecides(route, '/apis')).toBeUndefined();
  });

  test('redirectHttp: false listens on 443 only', () => {
    const [gw] = synth({ ...BASE, redirectHttp: false, mesh: Mesh.istio() });
    expect(gw.spec.servers.map((s: any) => s.port.number)).toEqual([443]);
    const objects = synth({ ...BASE, redirectHttp: false, mesh: GAMMA });
    expect(objects.map(o => o.kind)).toEqual(['Gateway', 'HTTPRoute']);
    expect(objects[0].spec.listeners.map((l: any) => l.name)).toEqual(['https']);
  });

  test('plain HTTP only with the allowPlaintext opt-in', () => {
    expect(fails({ ...BASE, tlsSecret: undefined, mesh: Mesh.istio() })).toThrow(
      '[test/ingress] tlsSecret is required: without it the gateway serves plain HTTP. Name the TLS Secret the gateway terminates HTTPS with, or set allowPlaintext: true to serve HTTP on port 80 knowingly');
    const [gw] = synth({ ...BASE, tlsSecret: undefined, allowPlaintext: true, mesh: Mesh.istio() });
    expect(gw.spec.servers).toEqual([{ port: { number: 80, protocol: 'HTTP', name: 'http' }, hosts: ['shop.example.com'] }]);
    const [gapi, route] = synth({ ...BASE, tlsSecret: undefined, allowPlaintext: true, mesh: GAMMA });
    expect(gapi.spec.listeners).toEqual([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }]);
    expect(route.spec.parentRefs[0].sectionName).toBe('http');
  });

  test('refuses Linkerd, naming the alternative', () => {
    expect(fails({ ...BASE, mesh: Mesh.linkerd() })).toThrow(
      /\[test\/ingress\] mesh is not supported on Linkerd \(HTTPRoute\): Linkerd has no ingress gateway of its own.*linkerd.io\/inject/);
  });

  test('refuses Istio GAMMA while the mesh default retry policy would retry POSTs', () => {
    expect(fails({ ...BASE, mesh: Mesh.istio({ dialect: IstioDialect.GAMMA }) })).toThrow(/mesh is not supported on Istio \(GAMMA\).*meshDefaultRetriesDisabled/);
  });

  test.each([
    [{ pathPrefix: 'api' }, '[test/ingress] routes[0].pathPrefix must be a path starting with "/", without a trailing "/", "//", "?", "#" or spaces, got "api". For /api/ write /api: it matches /api and everything under it'],
    [{ pathPrefix: '/api/' }, 'routes[0].pathPrefix must be a path starting with "/"'],
    [{ service: 'Payment_API' }, '[test/ingress] routes[0].service must be a Service name (a DNS-1123 label), got "Payment_API"'],
    [{ port: 0 }, '[test/ingress] routes[0].port must be a port from 1 to 65535, got 0'],
  ])('refuses a bad route %j', (bad, message) => {
    expect(fails({ ...BASE, routes: [{ service: 'frontend', port: 80, ...bad }], mesh: Mesh.istio() })).toThrow(message);
  });

  test('refuses a repeated prefix, a bad host and the other dialect\'s options', () => {
    expect(fails({ ...BASE, routes: [{ service: 'a', port: 80 }, { pathPrefix: '/', service: 'b', port: 80 }], mesh: Mesh.istio() })).toThrow(
      '[test/ingress] routes[1].pathPrefix repeats "/": each prefix routes to one Service');
    expect(fails({ ...BASE, hosts: ['Shop.Example.com'], mesh: GAMMA })).toThrow(/hostnames\[0\] must be a lowercase DNS name/);
    expect(fails({ ...BASE, gatewayClassName: 'istio', mesh: Mesh.istio() })).toThrow(/gatewayClassName is for Istio on the Gateway API/);
    expect(fails({ ...BASE, gatewaySelector: { app: 'gw' }, mesh: GAMMA })).toThrow(/gatewaySelector is for the classic dialect/);
    expect(fails({ ...BASE, redirectHttp: true, tlsSecret: undefined, allowPlaintext: true, mesh: Mesh.istio() })).toThrow(/redirectHttp needs tlsSecret/);
    expect(fails({ ...BASE, tls: 'shop-tls', mesh: Mesh.istio() })).toThrow('[test/ingress] tls is not a property of IngressGatewayProps, got "shop-tls". Did you mean tlsSecret?');
  });

  test('snapshots', () => {
    expect(synth({ ...BASE, mesh: Mesh.istio() })).toMatchSnapshot();
    expect(synth({ ...BASE, mesh: GAMMA })).toMatchSnapshot();
  });
});
