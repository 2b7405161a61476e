import { Chart, Duration, Testing } from 'cdk8s';
import { analyzeManifests, FindingSeverity, formatAnalysisFinding } from '../src/analysis';
import { HttpMethod } from '../src/core/http-method';
import { IstioDialect, LinkerdRouting, Mesh } from '../src/core/mesh';
import { RetryableRoute, RetryableRouteProps } from '../src/patterns';
import { synthValid } from './support/synth';

const ENDPOINTS = [
  { method: HttpMethod.POST, path: '/api/payments', timeout: Duration.seconds(10) },
  { method: HttpMethod.GET, path: '/api/payments/*', timeout: Duration.seconds(5), retries: 3, perTryTimeout: Duration.seconds(1) },
];

function synth(props: RetryableRouteProps): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
  new RetryableRoute(chart, 'routes', props);
  const manifests = synthValid(chart);
  expect(analyzeManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatAnalysisFinding)).toEqual([]);
  return manifests;
}

describe('RetryableRoute', () => {
  test('Istio classic: a route per endpoint, attempts 0 where no retries, a catch-all last, the budget on the DestinationRule', () => {
    const [vs, dr] = synth({ mesh: Mesh.istio(), service: 'payment-api', port: 80, endpoints: ENDPOINTS, retryBudget: { ratio: 0.2 } });
    expect(vs.spec.http.map((r: any) => [r.name, r.match?.[0].method.exact, r.match?.[0].uri, r.retries.attempts, r.timeout])).toEqual([
      ['post-api-payments', 'POST', { exact: '/api/payments' }, 0, '10s'],
      ['get-api-payments', 'GET', { prefix: '/api/payments/' }, 3, '5s'],
      ['default', undefined, undefined, 0, '15s'],
    ]);
    expect(dr.spec.trafficPolicy.retryBudget).toEqual({ percent: 20, minRetryConcurrency: 10 });
  });

  test('Linkerd HTTPRoutes: one route per retry class', () => {
    const [none, retried] = synth({ mesh: Mesh.linkerd(), service: 'payment-api', port: 80, endpoints: ENDPOINTS });
    expect(none.metadata.annotations).toBeUndefined();
    expect(none.spec.rules.map((r: any) => r.matches?.[0].method)).toEqual(['POST', undefined]);
    expect(retried.metadata.annotations).toEqual({ 'retry.linkerd.io/http': '5xx', 'retry.linkerd.io/limit': '3', 'retry.linkerd.io/timeout': '1s' });
    expect(retried.spec.rules).toEqual([{
      matches: [{ method: 'GET', path: { type: 'PathPrefix', value: '/api/payments/' } }],
      backendRefs: [{ name: 'payment-api', port: 80 }],
      timeouts: { request: '5s' },
    }]);
  });

  test('Linkerd ServiceProfile: isRetryable per route, the budget on the spec', () => {
    const [profile] = synth({
      mesh: Mesh.linkerd({ routing: LinkerdRouting.SERVICE_PROFILE }),
      service: 'payment-api',
      port: 80,
      endpoints: [ENDPOINTS[0], { ...ENDPOINTS[1], perTryTimeout: undefined }],
      retryBudget: { ratio: 0.2 },
    });
    expect(profile.metadata.name).toBe('payment-api.production.svc.cluster.local');
    expect(profile.spec.retryBudget).toMatchObject({ retryRatio: 0.2, minRetriesPerSecond: 10 });
    expect(profile.spec.routes.map((r: any) => [r.name, r.condition.pathRegex, r.isRetryable])).toEqual([
      ['POST /api/payments', '/api/payments', false], ['GET /api/payments/*', '/api/payments/[^/]+', true],
    ]);
  });

  test('fails when a POST is retried without the opt-in', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
    expect(() => new RetryableRoute(chart, 'routes', { mesh: Mesh.istio(), service: 'payment-api', port: 80, endpoints: [{ method: HttpMethod.POST, path: '/api/payments', retries: 2 }] }))
      .toThrow('[test/routes] endpoints[0].retries must be 0 for POST, which is not idempotent: a retried POST can execute twice, got 2');
  });

  test('fails on Istio GAMMA and on a budget for Linkerd HTTPRoutes, naming the alternative', () => {
    const make = (mesh: Mesh, extra: object = {}) => () => new RetryableRoute(new Chart(Testing.app(), 'test', { namespace: 'production' }), 'routes', { mesh, service: 'a', port: 80, ...extra });
    expect(make(Mesh.istio({ dialect: IstioDialect.GAMMA }))).toThrow(/mesh is not supported on Istio \(GAMMA\).*Use Mesh.istio\(\) \(classic dialect\)/);
    expect(make(Mesh.linkerd(), { retryBudget: { ratio: 0.2 } })).toThrow(/retryBudget is not supported on Linkerd \(HTTPRoute\): Gateway API routes have no retry budget/);
  });
});
