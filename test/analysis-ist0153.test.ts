import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function ef(name: string, configPatches: any[], priority?: number): any {
  return { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name, namespace: 'prod' }, spec: { ...(priority === undefined ? {} : { priority }), configPatches } };
}

describe('IST0153', () => {
  test('fires on ADD to ROUTE_CONFIGURATION or HTTP_ROUTE', () => {
    expect(findingsOf('IST0153', [ef('routes', [{ applyTo: 'HTTP_ROUTE', match: { context: 'SIDECAR_OUTBOUND' }, patch: { operation: 'ADD', value: { name: 'r' } } }])]).map(f => f.split(' (')[0])).toEqual([
      'spec.configPatches[0]: EnvoyFilter prod/routes patch 0 uses ADD with applyTo HTTP_ROUTE, where istiod ignores it',
    ]);
  });

  test('silent on ADD of a cluster', () => {
    expectSilent('IST0153', [ef('cluster', [{ applyTo: 'CLUSTER', patch: { operation: 'ADD', value: { name: 'c' } } }])]);
  });
});
