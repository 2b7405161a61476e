import { Duration, Testing } from 'cdk8s';
import { RouteParent } from '../src/gateway-api';
import { GrpcRetryCondition, GrpcRoute, HttpRetryCondition, IdempotencyLevel, ServiceProfile } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('GrpcRoute', () => {
  test('attaches to a Service with gRPC retry annotations on declared-idempotent methods', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    new GrpcRoute(chart, 'Ledger', {
      metadata: { name: 'ledger-reads' },
      parents: [RouteParent.service('ledger', 9090)],
      catchAll: false,
      rules: [{
        matches: [
          { service: 'payments.v1.Ledger', method: 'GetEntry', idempotencyLevel: IdempotencyLevel.NO_SIDE_EFFECTS },
          { service: 'payments.v1.Ledger', method: 'PutEntry', idempotencyLevel: IdempotencyLevel.IDEMPOTENT },
        ],
        backends: [{ name: 'ledger', port: 9090 }],
      }],
      retry: { grpc: [GrpcRetryCondition.UNAVAILABLE], limit: 3 },
      timeouts: { request: Duration.seconds(2) },
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(obj.metadata.annotations).toEqual({ 'retry.linkerd.io/grpc': 'unavailable', 'retry.linkerd.io/limit': '3', 'timeout.linkerd.io/request': '2s' });
    expect(obj.spec.rules).toEqual([{
      matches: [
        { method: { type: 'Exact', service: 'payments.v1.Ledger', method: 'GetEntry' } },
        { method: { type: 'Exact', service: 'payments.v1.Ledger', method: 'PutEntry' } },
      ],
      backendRefs: [{ name: 'ledger', port: 9090 }],
    }]);
    expect(obj).toMatchSnapshot();
  });

  test('adds a catch-all rule last when the route has no retries', () => {
    const chart = testChart('production');
    new GrpcRoute(chart, 'Ledger', { parents: [RouteParent.service('ledger', 9090)], rules: [{ matches: [{ service: 'payments.v1.Ledger', method: 'GetEntry' }], backends: [{ name: 'ledger-v2', port: 9090 }] }] });
    expect(synthValid(chart)[0].spec.rules).toEqual([
      { matches: [{ method: { type: 'Exact', service: 'payments.v1.Ledger', method: 'GetEntry' } }], backendRefs: [{ name: 'ledger-v2', port: 9090 }] },
      { backendRefs: [{ name: 'ledger', port: 9090 }] },
    ]);
  });

  test('defaults the request timeout to 15s through the annotation, GRPCRoute rules having no timeouts field', () => {
    // GIVEN
    const chart = testChart('production');
    const route = new GrpcRoute(chart, 'Ledger', { parents: [RouteParent.service('ledger', 9090)], timeouts: { idle: Duration.minutes(5) } });

    // WHEN
    const added = route.addRule({ matches: [{ service: 'payments.v1.Ledger' }], backends: [{ name: 'ledger-v2', port: 9090 }] });

    // THEN
    const [obj] = synthValid(chart);
    expect(obj.metadata.annotations).toEqual({ 'timeout.linkerd.io/idle': '5m', 'timeout.linkerd.io/request': '15s' });
    expect(obj.spec.rules.every((r: any) => r.timeouts === undefined)).toBe(true);
    expect(added.index).toBe(0);
    expect(added.requestTimeout?.toSeconds()).toBe(15);
  });

  test('leaves the default out while a ServiceProfile for the Service exists, since Linkerd then ignores the route', () => {
    const chart = testChart('production');
    new ServiceProfile(chart, 'Profile', { service: { name: 'ledger' } });
    new GrpcRoute(chart, 'Ledger', { parents: [RouteParent.service('ledger', 9090)] });
    const route = synthValid(chart).find(o => o.kind === 'GRPCRoute');
    expect(route.metadata.annotations).toBeUndefined();
  });

  test('renders no request timeout with unsafeNoTimeout', () => {
    const chart = testChart('production');
    const route = new GrpcRoute(chart, 'Watch', { parents: [RouteParent.service('ledger', 9090)], unsafeNoTimeout: true });
    expect(route.addRule({ matches: [{ service: 'payments.v1.Ledger', method: 'Watch' }] })).toEqual({ index: 0, requestTimeout: undefined });
    expect(synthValid(chart)[0].metadata.annotations).toBeUndefined();
  });

  test('fails when unsafeNoTimeout meets a request timeout', () => {
    expect(() => new GrpcRoute(testChart('production'), 'R', { parents: [RouteParent.service('ledger', 9090)], timeouts: { request: Duration.seconds(2) }, unsafeNoTimeout: true }))
      .toThrow('[test/R] unsafeNoTimeout cannot be combined with timeouts.request, got both. Remove one of them');
  });

  test('fails when retries would apply to every method through the catch-all or a service-wide match', () => {
    const chart = testChart('production');
    new GrpcRoute(chart, 'R', {
      parents: [RouteParent.service('ledger', 9090)],
      rules: [{ matches: [{ service: 'payments.v1.Ledger' }] }],
      retry: { grpc: [GrpcRetryCondition.UNAVAILABLE] },
    });
    expect(() => Testing.synth(chart)).toThrow('[test/R] retry must not be set on a route that can match calls not declared idempotent (rules[0] matches every method of "payments.v1.Ledger"; its catch-all rule matches every method). Linkerd replays every call the route matches: match only methods whose idempotencyLevel is NO_SIDE_EFFECTS or IDEMPOTENT and set catchAll: false (keep the other calls in a route without retries), or set allowUnsafeRetries: true');
  });

  test('fails when retries would apply to a method not declared idempotent', () => {
    const chart = testChart('production');
    new GrpcRoute(chart, 'R', {
      parents: [RouteParent.service('ledger', 9090)],
      catchAll: false,
      rules: [{ matches: [{ service: 'payments.v1.Ledger', method: 'Transfer' }] }, {}],
      retry: { grpc: [GrpcRetryCondition.DEADLINE_EXCEEDED] },
    });
    expect(() => Testing.synth(chart)).toThrow('[test/R] retry must not be set on a route that can match calls not declared idempotent ("payments.v1.Ledger/Transfer" is IDEMPOTENCY_UNKNOWN; rules[1] matches every call)');
  });

  test('retries every method with allowUnsafeRetries', () => {
    const chart = testChart('production');
    new GrpcRoute(chart, 'R', { parents: [RouteParent.service('ledger', 9090)], retry: { grpc: [GrpcRetryCondition.UNAVAILABLE] }, allowUnsafeRetries: true });
    expect(synthValid(chart)[0].metadata.annotations).toEqual({ 'retry.linkerd.io/grpc': 'unavailable', 'timeout.linkerd.io/request': '15s' });
  });

  test('fails when a match names neither service nor method', () => {
    const route = new GrpcRoute(testChart('production'), 'R', { parents: [RouteParent.service('ledger', 9090)] });
    expect(() => route.addRule({ matches: [{}] }))
      .toThrow('[test/R] rules[0].matches[0] must set service or method, got neither. Linkerd\'s webhook refuses it ("at least one of GrpcMethodMatch.Service and GrpcMethodMatch.Method MUST be a non-empty string")');
  });

  test('fails when HTTP retry conditions are set on a GRPCRoute', () => {
    expect(() => new GrpcRoute(testChart('production'), 'R', { parents: [RouteParent.service('ledger', 9090)], retry: { http: [HttpRetryCondition.FIVE_XX] } }))
      .toThrow('[test/R] retry.http must not be set on a GRPCRoute. Use retry.grpc');
  });
});
