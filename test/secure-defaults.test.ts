/**
 * The secure-defaults audit: one test per safe default of the library. Each fails if the default changes, so a
 * change of a default is a deliberate edit here, never a side effect.
 */
import { Chart, Testing } from 'cdk8s';
import { gatewayApi, istio, linkerd, Mesh, StrictMtlsNamespace, ZeroTrustAuthz, HttpMethod, CanaryService } from '../src';
import { synthValid } from './support/synth';

function chart(): Chart {
  return new Chart(Testing.app(), 'audit', { namespace: 'production' });
}

const kinds = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);

describe('secure defaults', () => {
  describe('STRICT mTLS', () => {
    test('a PeerAuthentication without a mode is STRICT', () => {
      const c = chart();
      new istio.PeerAuthentication(c, 'pa');
      expect(synthValid(c)[0].spec.mtls).toEqual({ mode: 'STRICT' });
    });

    test('StrictMtlsNamespace ends at STRICT on Istio, and on Linkerd denies unauthenticated inbound traffic', () => {
      const c = chart();
      new StrictMtlsNamespace(c, 'istio', { mesh: Mesh.istio(), namespace: 'production' });
      expect(kinds(synthValid(c), 'PeerAuthentication').map(p => p.spec.mtls.mode)).toEqual(['STRICT']);
      const l = chart();
      new StrictMtlsNamespace(l, 'linkerd', { mesh: Mesh.linkerd(), namespace: 'production' });
      expect(kinds(synthValid(l), 'Namespace').map(n => n.metadata.annotations)).toEqual([
        { 'config.linkerd.io/default-inbound-policy': 'all-authenticated', 'linkerd.io/inject': 'enabled' },
      ]);
    });
  });

  describe('no DISABLE', () => {
    test('PeerAuthentication DISABLE, at the top or on a port, needs allowUnsafeDisable', () => {
      expect(() => new istio.PeerAuthentication(chart(), 'pa', { mode: istio.MtlsMode.DISABLE })).toThrow('mode must not be DISABLE without allowUnsafeDisable: true');
      expect(() => new istio.PeerAuthentication(chart(), 'pa', { selector: { matchLabels: { app: 'a' } }, portLevelMtls: [{ port: 8080, mode: istio.MtlsMode.DISABLE }] }))
        .toThrow('portLevelMtls[0].mode must not be DISABLE without allowUnsafeDisable: true');
    });

    test('DestinationRule tls DISABLE needs allowUnsafeDisable', () => {
      expect(() => new istio.DestinationRule(chart(), 'dr', { host: 'payment-api', trafficPolicy: { tls: { mode: istio.ClientTlsMode.DISABLE } } })).toThrow(/tls\.mode/);
    });
  });

  describe('allow nothing by default', () => {
    test('AuthorizationPolicy.allowNothing() renders spec: {}, and an ALLOW policy needs rules', () => {
      const c = chart();
      istio.AuthorizationPolicy.allowNothing(c, 'deny-all');
      expect(synthValid(c)[0].spec).toEqual({});
      const empty = chart();
      new istio.AuthorizationPolicy(empty, 'ap');
      expect(() => Testing.synth(empty)).toThrow('rules must not be empty');
    });

    test('ZeroTrustAuthz denies by default: an allow-nothing policy on Istio, deny on Linkerd', () => {
      const c = chart();
      new ZeroTrustAuthz(c, 'zta', { mesh: Mesh.istio(), namespace: 'production' });
      expect(kinds(synthValid(c), 'AuthorizationPolicy').map(p => p.spec)).toContainEqual({});
      const l = chart();
      const zta = new ZeroTrustAuthz(l, 'zta', { mesh: Mesh.linkerd(), namespace: 'production' });
      expect(zta.namespaceAnnotations).toEqual({ 'config.linkerd.io/default-inbound-policy': 'deny' });
    });

    test('an ALLOW rule without a source, or sources without an identity, needs allowAnySource', () => {
      expect(() => new istio.AuthorizationPolicy(chart(), 'ap', { rules: [{ operations: [{ methods: ['GET'] }] }] })).toThrow('set allowAnySource: true');
      expect(() => new istio.AuthorizationPolicy(chart(), 'ap', { rules: [{ sources: [{ ipBlocks: ['10.0.0.0/8'] }] }] })).toThrow('set allowAnySource: true');
    });

    test('a Linkerd AuthorizationPolicy without authentication needs allowUnauthenticated', () => {
      const c = chart();
      new linkerd.AuthorizationPolicy(c, 'ap', { target: linkerd.PolicyTarget.externalServer('web') });
      expect(() => Testing.synth(c)).toThrow('set allowUnauthenticated: true');
    });
  });

  describe('no wildcard identities', () => {
    test('principals and namespaces with * need allowWildcardPrincipals', () => {
      for (const source of [{ principals: ['*'] }, { principals: ['cluster.local/ns/production/sa/*'] }, { namespaces: ['*'] }, { namespaces: ['prod-*'] }]) {
        expect(() => new istio.AuthorizationPolicy(chart(), 'ap', { rules: [{ sources: [source] }] })).toThrow('or set allowWildcardPrincipals: true on the rule');
      }
    });

    test('a MeshTLSAuthentication for any identity needs allowAnyMeshIdentity', () => {
      expect(() => new linkerd.MeshTlsAuthentication(chart(), 'mta', { identities: ['*'] })).toThrow(/allowAnyMeshIdentity/);
    });
  });

  describe('no retries of POST', () => {
    test('an Istio route that can match POST renders retries.attempts 0 (Istio retries a route without retries twice)', () => {
      const c = chart();
      const vs = new istio.VirtualService(c, 'vs', { hosts: ['payment-api'] });
      vs.addHttpRoute({ destinations: [{ host: 'payment-api' }] });
      vs.addHttpRoute({ matches: [{ method: istio.StringMatch.exact('POST') }], destinations: [{ host: 'payment-api' }] });
      expect(synthValid(c)[0].spec.http.map((r: any) => r.retries)).toEqual([{ attempts: 0 }, { attempts: 0 }]);
    });

    test('retries on such a route need allowUnsafeRetries', () => {
      expect(() => new istio.VirtualService(chart(), 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }], retries: { attempts: 2 } }] }))
        .toThrow('or set allowUnsafeRetries: true');
    });

    test('a ServiceProfile makes only safe-method routes retryable', () => {
      const c = chart();
      new linkerd.ServiceProfile(c, 'sp', {
        service: { name: 'payment-api' },
        routes: [
          { name: 'GET /payments', condition: linkerd.RequestMatch.method(HttpMethod.GET) },
          { name: 'POST /payments', condition: linkerd.RequestMatch.method(HttpMethod.POST) },
          { name: 'any', condition: linkerd.RequestMatch.pathRegex('/.*') },
        ],
      });
      expect(synthValid(c)[0].spec.routes.map((r: any) => r.isRetryable)).toEqual([true, false, false]);
    });

    test('Linkerd route retries that reach POST (a catch-all) are refused', () => {
      const c = chart();
      new linkerd.HttpRoute(c, 'route', { parents: [gatewayApi.RouteParent.service('payment-api', 8080)], retry: { limit: 2 } });
      expect(() => Testing.synth(c)).toThrow('or set allowUnsafeRetries: true');
    });
  });

  describe('outlier detection ejects at most 50%', () => {
    test('the default leaves maxEjectionPercent to Istio (10%), and above 50 needs allowUnsafeEjectionPercent', () => {
      const c = chart();
      new istio.DestinationRule(c, 'dr', { host: 'payment-api', trafficPolicy: { outlierDetection: {} } });
      const od = synthValid(c)[0].spec.trafficPolicy.outlierDetection;
      expect(od.maxEjectionPercent).toBeUndefined();
      expect(od).toMatchObject({ consecutive5xxErrors: 10 });
      expect(() => new istio.DestinationRule(chart(), 'dr', { host: 'payment-api', trafficPolicy: { outlierDetection: { maxEjectionPercent: 51 } } }))
        .toThrow('maxEjectionPercent must be at most 50, got 51');
    });

    test('CanaryService circuit breaking ejects at most 50%', () => {
      const c = chart();
      new CanaryService(c, 'canary', { mesh: Mesh.istio(), service: 'payment-api', port: 8080, stableSelector: { version: 'v1' }, canarySelector: { version: 'v2' }, circuitBreaker: {} });
      const percents = kinds(synthValid(c), 'DestinationRule').flatMap(d => [d.spec.trafficPolicy, ...(d.spec.subsets ?? []).map((s: any) => s.trafficPolicy)])
        .map((p: any) => p?.outlierDetection?.maxEjectionPercent).filter((p: any) => p !== undefined);
      expect(percents).toEqual([50]);
    });
  });

  describe('timeouts everywhere', () => {
    test('an Istio route gets 15s', () => {
      const c = chart();
      new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }] }] });
      expect(synthValid(c)[0].spec.http[0].timeout).toBe('15s');
    });

    test('every Gateway API rule, the catch-all included, gets a 15s request timeout', () => {
      const c = chart();
      const route = new gatewayApi.HttpRoute(c, 'route', { parents: [gatewayApi.RouteParent.service('payment-api', 8080)] });
      route.addRule({ matches: [{ path: gatewayApi.PathMatch.prefix('/api') }] });
      expect(synthValid(c)[0].spec.rules.map((r: any) => r.timeouts)).toEqual([{ request: '15s' }, { request: '15s' }]);
    });

    test('a Linkerd GRPCRoute gets a request timeout annotation', () => {
      const c = chart();
      new linkerd.GrpcRoute(c, 'route', { parents: [gatewayApi.RouteParent.service('ledger', 9090)] });
      expect(synthValid(c)[0].metadata.annotations).toMatchObject({ 'timeout.linkerd.io/request': expect.stringMatching(/^\d+s$/) });
    });

    test('no timeout needs unsafeNoTimeout', () => {
      const c = chart();
      new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }], unsafeNoTimeout: true }] });
      expect(synthValid(c)[0].spec.http[0]).not.toHaveProperty('timeout');
    });
  });

  describe('a retry budget', () => {
    test('a ServiceProfile renders retryRatio 0.2, 10 per second, ttl 10s', () => {
      const c = chart();
      new linkerd.ServiceProfile(c, 'sp', { service: { name: 'payment-api' } });
      expect(synthValid(c)[0].spec.retryBudget).toEqual({ retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' });
    });
  });
});
