import { Duration, Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

/**
 * The Istio objects of ../shared/seeds (a "Mesh Engineer" guide), produced through the layer. Each object
 * matches the seed's intent field by field; every deliberate difference is asserted and explained.
 */
const { AuthorizationPolicy, DestinationRule, PeerAuthentication, RetryOn, StringMatch, VirtualService } = istio;

function seeds() {
  const chart = testChart('production');

  // Seed: PeerAuthentication default, mtls.mode STRICT.
  new PeerAuthentication(chart, 'default', { metadata: { name: 'default' } });

  // Seed: VirtualService payment-api. A canary header route, then a 90/10 split with retries 3 × 5s,
  // retryOn 5xx,reset,connect-failure,retriable-4xx and timeout 30s, and an empty (all commented out) fault.
  const vs = new VirtualService(chart, 'payment-api', { metadata: { name: 'payment-api' }, hosts: ['payment-api'] });
  vs.addHttpRoute({
    name: 'canary-header',
    matches: [{ headers: { 'x-canary': StringMatch.exact('true') } }],
    destinations: [{ host: 'payment-api', subset: 'canary', weight: 100 }],
  });
  const split = [{ host: 'payment-api', subset: 'stable', weight: 90 }, { host: 'payment-api', subset: 'canary', weight: 10 }];
  vs.addHttpRoute({
    name: 'idempotent',
    matches: ['GET', 'HEAD', 'OPTIONS'].map(m => ({ method: StringMatch.exact(m) })),
    destinations: split,
    timeout: Duration.seconds(30),
    retries: {
      attempts: 3,
      perTryTimeout: Duration.seconds(5),
      retryOn: [RetryOn.SERVER_ERROR, RetryOn.RESET, RetryOn.CONNECT_FAILURE, RetryOn.RETRIABLE_4XX],
    },
  });
  vs.addHttpRoute({ name: 'default', destinations: split, timeout: Duration.seconds(30) });

  // Seed: DestinationRule payment-api.
  const connectionPool = { tcp: { maxConnections: 100 }, http: { http2MaxRequests: 1000, maxRequestsPerConnection: 10 } };
  new DestinationRule(chart, 'payment-api-rule', {
    metadata: { name: 'payment-api' },
    host: 'payment-api',
    trafficPolicy: {
      connectionPool,
      outlierDetection: {
        consecutive5xxErrors: 5,
        interval: Duration.seconds(30),
        baseEjectionTime: Duration.seconds(30),
        maxEjectionPercent: 50,
        minHealthPercent: 50,
      },
    },
    subsets: [
      { name: 'stable', labels: { version: 'stable' } },
      { name: 'canary', labels: { version: 'canary' }, trafficPolicy: { connectionPool: { ...connectionPool, http: { ...connectionPool.http, maxRequestsPerConnection: 1 } } } },
    ],
  });

  // Seed: the three AuthorizationPolicies.
  AuthorizationPolicy.allowNothing(chart, 'deny-all', { metadata: { name: 'deny-all' } });
  new AuthorizationPolicy(chart, 'allow-frontend-to-payment', {
    metadata: { name: 'allow-frontend-to-payment' },
    selector: { matchLabels: { app: 'payment-api' } },
    action: istio.AuthorizationAction.ALLOW,
    rules: [{
      sources: [{ principals: ['cluster.local/ns/production/sa/frontend'] }],
      operations: [{ methods: ['POST'], paths: ['/api/payments', '/api/payments/*'] }],
    }],
  });
  new AuthorizationPolicy(chart, 'allow-prometheus-scrape', {
    metadata: { name: 'allow-prometheus-scrape' },
    action: istio.AuthorizationAction.ALLOW,
    rules: [{ sources: [{ namespaces: ['monitoring'] }], operations: [{ ports: [8080, 9090], paths: ['/metrics', '/health'] }] }],
  });
  return chart;
}

describe('seeds', () => {
  const objects = synthValid(seeds());
  const byName = (kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name);

  test('produces every Istio object of the seeds, valid, in the production namespace', () => {
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'PeerAuthentication/default', 'VirtualService/payment-api', 'DestinationRule/payment-api',
      'AuthorizationPolicy/deny-all', 'AuthorizationPolicy/allow-frontend-to-payment', 'AuthorizationPolicy/allow-prometheus-scrape',
    ]);
    expect(objects.every(o => o.metadata.namespace === 'production')).toBe(true);
  });

  test('difference: apiVersion is v1, not the seeds\' v1beta1 and v1alpha3', () => {
    // v1 is served since Istio 1.22; v1alpha3 is deprecated upstream.
    expect(objects.map(o => o.apiVersion)).toEqual([
      'security.istio.io/v1', 'networking.istio.io/v1', 'networking.istio.io/v1',
      'security.istio.io/v1', 'security.istio.io/v1', 'security.istio.io/v1',
    ]);
  });

  test('PeerAuthentication: same as the seed', () => {
    expect(byName('PeerAuthentication', 'default').spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  test('VirtualService: same hosts, canary header route and 90/10 split', () => {
    const spec = byName('VirtualService', 'payment-api').spec;
    expect(spec.hosts).toEqual(['payment-api']);
    expect(spec.http[0].match).toEqual([{ headers: { 'x-canary': { exact: 'true' } } }]);
    expect(spec.http[0].route).toEqual([{ destination: { host: 'payment-api', subset: 'canary' }, weight: 100 }]);
    for (const route of spec.http.slice(1)) {
      expect(route.route).toEqual([
        { destination: { host: 'payment-api', subset: 'stable' }, weight: 90 },
        { destination: { host: 'payment-api', subset: 'canary' }, weight: 10 },
      ]);
      expect(route.timeout).toEqual('30s');
    }
  });

  test('difference: the seed\'s retries apply only to idempotent methods; POST-capable routes render attempts: 0', () => {
    // The seed retries every method 3 times on 5xx and reset: a POST /api/payments that times out after the
    // charge is retried and charged again (istio/istio#50506). The layer refuses retries on a route that can
    // match POST, so the seed's catch-all is split: GET/HEAD/OPTIONS keep the seed's retries, the rest gets
    // attempts: 0 rendered explicitly (without it Istio's default would still retry twice).
    const http = byName('VirtualService', 'payment-api').spec.http;
    expect(http.map((r: any) => r.name)).toEqual(['canary-header', 'idempotent', 'default']);
    expect(http[1].retries).toEqual({ attempts: 3, perTryTimeout: '5s', retryOn: '5xx,reset,connect-failure,retriable-4xx' });
    expect(http[0].retries).toEqual({ attempts: 0 });
    expect(http[2].retries).toEqual({ attempts: 0 });
    // Copying the seed literally fails at synth time:
    const vs = new VirtualService(testChart('production'), 'copy', { hosts: ['payment-api'] });
    expect(() => vs.addHttpRoute({ destinations: [{ host: 'payment-api' }], retries: { attempts: 3 } })).toThrow('a retried POST can execute twice');
  });

  test('difference: the canary header route gets the 15s default timeout (the seed has none, so Istio waits forever)', () => {
    expect(byName('VirtualService', 'payment-api').spec.http[0].timeout).toEqual('15s');
  });

  test('difference: no fault block (the seed\'s is empty, which would render fault: null)', () => {
    for (const route of byName('VirtualService', 'payment-api').spec.http) expect(route).not.toHaveProperty('fault');
  });

  test('DestinationRule: same connection pool, outlier detection (within 50%) and subsets', () => {
    const spec = byName('DestinationRule', 'payment-api').spec;
    expect(spec.host).toEqual('payment-api');
    expect(spec.trafficPolicy.connectionPool).toEqual({
      tcp: { maxConnections: 100 },
      http: { http2MaxRequests: 1000, maxRequestsPerConnection: 10 },
    });
    expect(spec.trafficPolicy.outlierDetection).toEqual({
      consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 50, minHealthPercent: 50,
    });
    expect(spec.subsets.map((s: any) => [s.name, s.labels])).toEqual([['stable', { version: 'stable' }], ['canary', { version: 'canary' }]]);
    // The seed's own warning ("maxEjectionPercent: 100 with 2 replicas ejects all traffic") is enforced:
    expect(() => new DestinationRule(testChart(), 'dr', { host: 'payment-api', trafficPolicy: { outlierDetection: { maxEjectionPercent: 100 } } }))
      .toThrow('maxEjectionPercent must be at most 50, got 100');
  });

  test('difference: the canary subset repeats the host connection limits', () => {
    // Istio replaces a host-level connectionPool as a whole when a subset sets one (MergeTrafficPolicy in
    // pilot), so the seed's "extra conservative" canary (only maxRequestsPerConnection: 1) actually loses
    // maxConnections: 100 and http2MaxRequests: 1000. The limits are repeated so the canary keeps them.
    const canary = byName('DestinationRule', 'payment-api').spec.subsets[1];
    expect(canary.trafficPolicy.connectionPool).toEqual({
      tcp: { maxConnections: 100 },
      http: { http2MaxRequests: 1000, maxRequestsPerConnection: 1 },
    });
  });

  test('AuthorizationPolicies: deny-all is spec: {}, the allows match the seed field by field', () => {
    expect(byName('AuthorizationPolicy', 'deny-all').spec).toEqual({});
    expect(byName('AuthorizationPolicy', 'allow-frontend-to-payment').spec).toEqual({
      selector: { matchLabels: { app: 'payment-api' } },
      action: 'ALLOW',
      rules: [{
        from: [{ source: { principals: ['cluster.local/ns/production/sa/frontend'] } }],
        to: [{ operation: { methods: ['POST'], paths: ['/api/payments', '/api/payments/*'] } }],
      }],
    });
    // Ports are workload (container) ports; given as numbers, rendered as the strings the CRD expects.
    expect(byName('AuthorizationPolicy', 'allow-prometheus-scrape').spec).toEqual({
      action: 'ALLOW',
      rules: [{ from: [{ source: { namespaces: ['monitoring'] } }], to: [{ operation: { ports: ['8080', '9090'], paths: ['/metrics', '/health'] } }] }],
    });
  });
});
