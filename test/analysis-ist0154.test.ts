import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function ef(name: string, configPatches: any[], priority?: number): any {
  return { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name, namespace: 'prod' }, spec: { ...(priority === undefined ? {} : { priority }), configPatches } };
}

describe('IST0154', () => {
  test('fires on REMOVE of ROUTE_CONFIGURATION or HTTP_ROUTE', () => {
    expect(findingsOf('IST0154', [ef('routes', [{ applyTo: 'ROUTE_CONFIGURATION', match: { context: 'SIDECAR_OUTBOUND' }, patch: { operation: 'REMOVE' } }])]).map(f => f.split(' (')[0])).toEqual([
      'spec.configPatches[0]: EnvoyFilter prod/routes patch 0 uses REMOVE with applyTo ROUTE_CONFIGURATION, where istiod ignores it',
    ]);
  });

  test('silent on REMOVE of an HTTP filter (that is a relative operation: IST0151)', () => {
    expectSilent('IST0154', [ef('lua', [{ applyTo: 'HTTP_FILTER', patch: { operation: 'REMOVE' } }])]);
  });
});
