import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function ef(name: string, configPatches: any[], priority?: number): any {
  return { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name, namespace: 'prod' }, spec: { ...(priority === undefined ? {} : { priority }), configPatches } };
}
const lua = { name: 'envoy.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', 'inlineCode': 'function envoy_on_request(h) end' } };

describe('IST0152', () => {
  test('fires on REPLACE outside HTTP_FILTER, NETWORK_FILTER and VIRTUAL_HOST', () => {
    expect(findingsOf('IST0152', [ef('cluster', [{ applyTo: 'CLUSTER', match: { context: 'SIDECAR_OUTBOUND' }, patch: { operation: 'REPLACE', value: { name: 'c' } } }], 1)]).map(f => f.split(' (')[0])).toEqual([
      'spec.configPatches[0]: EnvoyFilter prod/cluster patch 0 uses REPLACE with applyTo CLUSTER, where istiod ignores it',
    ]);
  });

  test('silent on REPLACE of an HTTP filter', () => {
    expectSilent('IST0152', [ef('lua', [{ applyTo: 'HTTP_FILTER', patch: { operation: 'REPLACE', value: lua } }], 1)]);
  });
});
