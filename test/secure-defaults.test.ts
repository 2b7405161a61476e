/**
 * The secure-defaults audit: one test per safe default of the developers' guide. Each fails if the default
 * changes, whatever else changes with it.
 */
import { Chart, Testing } from 'cdk8s';
import { gatewayApi, istio, linkerd, CanaryService, HttpMethod, Identity, IngressGateway, Mesh, StrictMtlsNamespace, ZeroTrustAuthz } from '../src';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'production' });
}
function synth(build: (c: Chart) => void): any[] {
  const c = chart();
  build(c);
  return Testing.synth(c);
}
const of = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);

describe('secure defaults', () => {
  test('STRICT mTLS: a PeerAuthentication without a mode, and StrictMtlsNamespace without a stage', () => {
    expect(of(synth(c => new istio.PeerAuthentication(c, 'pa', {})), 'PeerAuthentication')[0].spec).toEqual({ mtls: { mode: 'STRICT' } });
    const istioNs = synth(c => new StrictMtlsNamespace(c, 'ns', { mesh: Mesh.istio(), namespace: 'production' }));
    expect(of(istioNs, 'PeerAuthentication')[0].spec.mtls.mode).toBe('STRICT');
    const linkerdNs = synth(c => new StrictMtlsNamespace(c, 'ns', { mesh: Mesh.linkerd(), namespace: 'production' }));
    expect(of(linkerdNs, 'Namespace')[0].metadata.annotations['config.linkerd.io/default-inbound-policy']).toBe('all-authenticated');
  });

  test('no DISABLE without the named opt-in', () => {
    expect(() => new istio.PeerAuthentication(chart(), 'pa', { mode: istio.MtlsMode.DISABLE })).toThrow(/allowUnsafeDisable/);
    expect(() => new istio.PeerAuthentication(chart(), 'pa', { selector: { matchLabels: { app: 'a' } }, portLevelMtls: [{ port: 8080, mode: istio.MtlsMode.DISABLE }] }))
      .toThrow(/allowUnsafeDisable/);
  });

  test('default deny: ZeroTrustAuthz renders allow-nothing on Istio and deny Servers on Linkerd', () => {
    const rule = { sources: [Identity.serviceAccount('frontend', 'production')], to: { labels: { app: 'api' }, ports: [8080] } };
    const onIstio = synth(c => new ZeroTrustAuthz(c, 'authz', { mesh: Mesh.istio(), allow: [rule] }));
    expect(of(onIstio, 'AuthorizationPolicy').filter(p => JSON.stringify(p.spec) === '{}')).toHaveLength(1);
    const onLinkerd = synth(c => new ZeroTrustAuthz(c, 'authz', { mesh: Mesh.linkerd(), allow: [rule] }));
    const servers = of(onLinkerd, 'Server');
    expect(servers.length).toBeGreaterThan(0);
    expect(servers.every(s => s.spec.accessPolicy === 'deny')).toBe(true);
  });

  test('no wildcard principals without the named opt-in', () => {
    const ap = (sources: any) => () => new istio.AuthorizationPolicy(chart(), 'ap', { action: istio.AuthorizationAction.ALLOW, rules: [{ sources: [sources] }] });
    expect(ap({ principals: ['*'] })).toThrow(/allowWildcardPrincipals/);
    expect(ap({ principals: ['cluster.local/ns/production/sa/*'] })).toThrow(/wildcard/);
  });

  test('no POST retries: Istio routes without retries render attempts 0, and retries that can match POST are refused', () => {
    const vs = synth(c => new istio.VirtualService(c, 'vs', { hosts: ['a'], httpRoutes: [{ destinations: [{ host: 'a' }] }] }));
    expect(vs[0].spec.http[0].retries).toEqual({ attempts: 0 });
    expect(() => new istio.VirtualService(chart(), 'vs', { hosts: ['a'], httpRoutes: [{ destinations: [{ host: 'a' }], retries: { attempts: 2 } }] }))
      .toThrow(/allowUnsafeRetriesOfNonIdempotentRequests/);
    const canary = synth(c => new CanaryService(c, 'canary', {
      mesh: Mesh.istio(),
      service: 'a',
      port: 80,
      stableSelector: { v: '1' },
      canarySelector: { v: '2' },
      canaryWeight: 10,
      retries: { attempts: 2, methods: [HttpMethod.GET] },
    }));
    const routes = of(canary, 'VirtualService')[0].spec.http;
    for (const r of routes) {
      const methods = (r.match ?? []).map((m: any) => m.method?.exact).filter(Boolean);
      if (r.retries.attempts > 0) expect(methods.every((m: string) => ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'].includes(m)) && methods.length > 0).toBe(true);
    }
    expect(routes.some((r: any) => r.retries.attempts === 0)).toBe(true);
    // Linkerd: the retry annotations on a route that matches POST are refused when the tree is complete.
    const c = chart();
    new linkerd.HttpRoute(c, 'route', { parents: [gatewayApi.RouteParent.service('a', 80)], retry: { limit: 2 } });
    expect(() => Testing.synth(c)).toThrow(/allowUnsafeRetries/);
  });

  test('outlier detection never ejects more than 50% without the named opt-in', () => {
    expect(() => new istio.DestinationRule(chart(), 'dr', { host: 'a', trafficPolicy: { outlierDetection: { maxEjectionPercent: 51 } } })).toThrow(/allowUnsafeEjectionPercent/);
    const dr = synth(c => new istio.DestinationRule(c, 'dr', { host: 'a', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } } }));
    const ejection = dr[0].spec.trafficPolicy.outlierDetection.maxEjectionPercent;
    expect(ejection === undefined || ejection <= 50).toBe(true);
  });

  test('timeouts everywhere: 15s unless set, on every dialect', () => {
    expect(synth(c => new istio.VirtualService(c, 'vs', { hosts: ['a'], httpRoutes: [{ destinations: [{ host: 'a' }] }] }))[0].spec.http[0].timeout).toBe('15s');
    const route = synth(c => new gatewayApi.HttpRoute(c, 'r', { parents: [gatewayApi.RouteParent.service('a', 80)] }))[0];
    expect(route.spec.rules.every((r: any) => r.timeouts.request === '15s')).toBe(true);
    const ingress = synth(c => new IngressGateway(c, 'in', { mesh: Mesh.istio(), name: 'shop', hosts: ['shop.example.com'], tlsSecret: 'tls', routes: [{ service: 'web', port: 80 }] }));
    expect(of(ingress, 'VirtualService')[0].spec.http[0].timeout).toBe('15s');
    const canary = synth(c => new CanaryService(c, 'canary', { mesh: Mesh.linkerd(), service: 'a', port: 80, stableSelector: { v: '1' }, canarySelector: { v: '2' }, canaryWeight: 10 }));
    const linkerdRoutes = of(canary, 'HTTPRoute');
    expect(linkerdRoutes.length).toBeGreaterThan(0);
    for (const r of linkerdRoutes) {
      const annotated = r.metadata.annotations?.['timeout.linkerd.io/request'];
      expect(annotated === '15s' || r.spec.rules.every((rule: any) => rule.timeouts?.request === '15s')).toBe(true);
    }
  });
});
