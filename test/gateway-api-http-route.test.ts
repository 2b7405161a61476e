import { Testing } from 'cdk8s';
import { HttpRoute, PathMatch, RouteParent } from '../src/gateway-api';
import * as linkerd from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('HttpRoute', () => {
  test('routes a path prefix to a backend with a catch-all last', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    const route = new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)] });
    route.addRule({ matches: [{ path: PathMatch.prefix('/api/v2') }], backends: [{ name: 'payments-v2', port: 8080 }] });

    // THEN
    const [obj] = synthValid(chart);
    expect(obj.kind).toBe('HTTPRoute');
    expect(obj.spec.rules.map((r: any) => r.backendRefs)).toEqual([[{ name: 'payments-v2', port: 8080 }], [{ name: 'payments', port: 8080 }]]);
  });

  test('renders backend weights as given, since the mesh reads weight / sum (60 + 60 stays 60 + 60)', () => {
    const chart = testChart('production');
    const route = new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)] });
    route.addRule({ backends: [{ name: 'payments-v1', port: 8080, weight: 60 }, { name: 'payments-v2', port: 8080, weight: 60 }] });
    const lroute = new linkerd.HttpRoute(chart, 'Linkerd', { parents: [RouteParent.service('orders', 8080)] });
    lroute.addRule({ backends: [{ name: 'orders', port: 8080, weight: 120 }] });
    const [obj, lobj] = synthValid(chart);
    expect(obj.spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([60, 60]);
    expect(lobj.spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([120]);
    expect(() => route.addRule({ backends: [{ name: 'payments-v1', port: 8080, weight: NaN }] }))
      .toThrow('[test/Route] rules[1].backends[0].weight must be a finite number, got NaN');
  });

  test('fails when a prop is unknown, with the nearest known name, and emits nothing', () => {
    const chart = testChart('production');
    expect(() => new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)], rule: [] } as any))
      .toThrow('[test/Route] rule is not a property of HttpRouteProps, got []. Did you mean rules?');
    expect(() => new HttpRoute(chart, 'Route2', { parents: [RouteParent.service('payments', 8080)], retry: { limit: 2 } } as any))
      .toThrow('[test/Route2] retry is not a property of HttpRouteProps, got {"limit":2}');
    expect(() => new HttpRoute(chart, 'Route3', { parents: [RouteParent.service('payments', 8080)], rules: [{ match: [] }] } as any))
      .toThrow('[test/Route3] rules[0].match is not a property of HttpRouteRule, got []. Did you mean matches?');
    expect(() => new HttpRoute(chart, 'Route4', { parents: [RouteParent.service('payments', 8080)], catchAll: 'false' } as any))
      .toThrow('[test/Route4] catchAll must be a boolean, got "false". Write true or false without quotes');
    expect(() => new HttpRoute(chart, 'Route5', { parents: 'payments' } as any))
      .toThrow('[test/Route5] parents must be an array of RouteParent, got "payments"');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails when addRule gets an unknown key or a wrong shape', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)] });
    expect(() => route.addRule({ matches: [{ path: '/api' }] } as any))
      .toThrow('[test/Route] rules[0].matches[0].path must be a PathMatch, got "/api". Use PathMatch.exact(), PathMatch.prefix(), PathMatch.regex()');
    expect(() => route.addRule({ backends: [{ name: 'payments', port: 8080, wieght: 10 }] } as any))
      .toThrow('[test/Route] rules[0].backends[0].wieght is not a property of RouteBackend, got 10. Did you mean weight?');
    expect(() => route.addRule({ timeouts: { request: '10s' } } as any))
      .toThrow('[test/Route] rules[0].timeouts.request must be a Duration, got "10s". Use Duration.seconds(10) from cdk8s');
  });

  test('fails when linkerd.HttpRoute gets an unknown key, and accepts its own', () => {
    const chart = testChart('production');
    expect(() => new linkerd.HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)], retries: {} } as any))
      .toThrow('[test/Route] retries is not a property of HttpRouteProps, got {}. Did you mean retry?');
    expect(() => new linkerd.HttpRoute(chart, 'Route2', { parents: [RouteParent.service('payments', 8080)], apiGroup: 'policy' } as any))
      .toThrow('[test/Route2] apiGroup must be one of "gateway.networking.k8s.io", "policy.linkerd.io" (HttpRouteApiGroup), got "policy". Did you mean HttpRouteApiGroup.POLICY ("policy.linkerd.io")?');
    const route = new linkerd.HttpRoute(chart, 'Route3', { parents: [RouteParent.service('payments', 8080)], apiGroup: linkerd.HttpRouteApiGroup.POLICY, allowUnsafeRetries: false });
    expect(() => route.addRule({ filter: [] } as any))
      .toThrow('[test/Route3] rules[0].filter is not a property of HttpRouteRule, got []. Did you mean filters?');
    expect(synthValid(chart)).toHaveLength(1);
  });
});
