import { Duration, Testing } from 'cdk8s';
import { HttpMethod, HttpRetryCondition, HttpRoute, HttpRouteApiGroup, PathMatch, RouteParent, ServiceProfile } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('HttpRoute', () => {
  test('attaches to a Service with a catch-all rule last', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    const route = new HttpRoute(chart, 'Route', { metadata: { name: 'payments' }, parents: [RouteParent.service('payments', 8080)] });
    route.addRule({ matches: [{ path: PathMatch.prefix('/api/v2'), method: HttpMethod.GET }], backends: [{ name: 'payments-v2', port: 8080 }] });

    // THEN
    const [obj] = synthValid(chart);
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(obj.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'payments', port: 8080 }]);
    expect(obj.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/api/v2' }, method: 'GET' }], backendRefs: [{ name: 'payments-v2', port: 8080 }] },
      { backendRefs: [{ name: 'payments', port: 8080 }] },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('renders typed retry and timeout annotations on a GET-only route', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Reads', {
      parents: [RouteParent.service('payments', 8080)],
      catchAll: false,
      rules: [{ matches: [{ path: PathMatch.prefix('/api/payments'), method: HttpMethod.GET }], backends: [{ name: 'payments', port: 8080 }] }],
      retry: { http: [HttpRetryCondition.GATEWAY_ERROR, HttpRetryCondition.range(500, 503)], limit: 2, timeout: Duration.millis(300) },
      timeouts: { request: Duration.seconds(2), idle: Duration.minutes(1) },
    });
    expect(synthValid(chart)[0].metadata.annotations).toEqual({
      'retry.linkerd.io/http': 'gateway-error,500-503',
      'retry.linkerd.io/limit': '2',
      'retry.linkerd.io/timeout': '300ms',
      'timeout.linkerd.io/request': '2s',
      'timeout.linkerd.io/idle': '1m',
    });
  });

  test('renders Linkerd\'s policy HTTPRoute with rule timeouts for a Server', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Inbound', {
      apiGroup: HttpRouteApiGroup.POLICY,
      parents: [RouteParent.serverNamed('payments-http')],
      rules: [{ matches: [{ path: PathMatch.exact('/healthz') }], timeouts: { request: Duration.seconds(5), backendRequest: Duration.seconds(5) } }],
    });
    const [obj] = synthValid(chart);
    expect(obj.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(obj.spec.rules).toEqual([{ matches: [{ path: { type: 'Exact', value: '/healthz' } }], timeouts: { request: '5s', backendRequest: '5s' } }]);
  });

  test('fails when backendRequest exceeds request', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)] });
    expect(() => route.addRule({ timeouts: { request: Duration.seconds(1), backendRequest: Duration.seconds(2) } }))
      .toThrow('[test/Route] rules[0].timeouts.backendRequest must not exceed timeouts.request (1s), got 2s. Linkerd\'s webhook and the Gateway API refuse it: an attempt cannot outlast the request');
  });

  test('fails when retries would apply to POST through the catch-all', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Route', {
      parents: [RouteParent.service('payments', 8080)],
      rules: [{ matches: [{ method: HttpMethod.GET }] }],
      retry: { http: [HttpRetryCondition.FIVE_XX] },
    });
    expect(() => Testing.synth(chart)).toThrow('[test/Route] retry must not be set on a route that can match POST, PATCH or CONNECT (its catch-all rule matches every method). Linkerd applies a route\'s retries to all its rules');
  });

  test('fails when retry or timeout annotations meet a ServiceProfile for the same Service', () => {
    const chart = testChart('production');
    new ServiceProfile(chart, 'Profile', { service: { name: 'payments' } });
    new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)], timeouts: { request: Duration.seconds(3) } });
    expect(() => Testing.synth(chart)).toThrow('[test/Route] retry/timeouts must not be set on a route for Service "production/payments", which has the ServiceProfile test/Profile. Linkerd ignores retry and timeout annotations while a ServiceProfile exists for the Service: put retries and timeouts in the ServiceProfile, or remove it');
  });

  test('fails when the catch-all has no port to send to', () => {
    expect(() => new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments')] }))
      .toThrow('[test/Route] catchAll needs exactly one Service parent with a port, got ["payments:?"]. Give the parent a port with RouteParent.service(name, port), or set catchAll: false and add your own last rule');
  });

  test('fails when a backend has no valid port', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 80)] });
    expect(() => route.addRule({ backends: [{ name: 'x', port: 0 }] }))
      .toThrow('[test/Route] rules[0].backends[0].port must be a port from 1 to 65535, got 0. Linkerd refuses a Service backend without a port');
  });
});
