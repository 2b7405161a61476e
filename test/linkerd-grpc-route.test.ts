import { Duration } from 'cdk8s';
import { GrpcRetryCondition, GrpcRoute, HttpRetryCondition, RouteParent } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('GrpcRoute', () => {
  test('attaches to a Service with gRPC retry annotations and a catch-all', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    new GrpcRoute(chart, 'Ledger', {
      metadata: { name: 'ledger-reads' },
      parents: [RouteParent.service('ledger', 9090)],
      rules: [{ matches: [{ service: 'payments.v1.Ledger', method: 'GetEntry' }] }],
      retry: { grpc: [GrpcRetryCondition.UNAVAILABLE], limit: 3 },
      timeouts: { request: Duration.seconds(2) },
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(obj.metadata.annotations).toEqual({ 'retry.linkerd.io/grpc': 'unavailable', 'retry.linkerd.io/limit': '3', 'timeout.linkerd.io/request': '2s' });
    expect(obj.spec.rules).toEqual([
      { matches: [{ method: { type: 'Exact', service: 'payments.v1.Ledger', method: 'GetEntry' } }] },
      { backendRefs: [{ name: 'ledger', port: 9090 }] },
    ]);
    expect(obj).toMatchSnapshot();
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
