import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function ef(name: string, configPatches: any[], priority?: number): any {
  return { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name, namespace: 'prod' }, spec: { ...(priority === undefined ? {} : { priority }), configPatches } };
}
const lua = { name: 'envoy.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', 'inlineCode': 'function envoy_on_request(h) end' } };

describe('IST0151', () => {
  test('fires once per EnvoyFilter without priority that uses relative operations', () => {
    expect(findingsOf('IST0151', [ef('lua', [
      { applyTo: 'HTTP_FILTER', match: { context: 'SIDECAR_INBOUND' }, patch: { operation: 'INSERT_BEFORE', value: lua } },
      { applyTo: 'HTTP_FILTER', match: { context: 'SIDECAR_OUTBOUND' }, patch: { operation: 'REPLACE', value: lua } },
    ])]).map(f => f.split(' (')[0])).toEqual([
      'spec.configPatches[0]: EnvoyFilter prod/lua patches 0, 1 use a relative operation',
    ]);
  });

  test('silent with a priority, or with absolute operations', () => {
    expectSilent('IST0151', [
      ef('prio', [{ applyTo: 'HTTP_FILTER', patch: { operation: 'INSERT_BEFORE', value: lua } }], 10),
      ef('first', [{ applyTo: 'HTTP_FILTER', patch: { operation: 'INSERT_FIRST', value: lua } }]),
    ]);
  });
});
