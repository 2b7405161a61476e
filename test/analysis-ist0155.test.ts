import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function ef(name: string, configPatches: any[], priority?: number): any {
  return { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name, namespace: 'prod' }, spec: { ...(priority === undefined ? {} : { priority }), configPatches } };
}
const lua = { name: 'envoy.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', 'inlineCode': 'function envoy_on_request(h) end' } };

describe('IST0155', () => {
  test('fires on a relative operation on a filter an earlier proxyVersion-scoped patch touched', () => {
    const manifests = [ef('lua', [
      { applyTo: 'HTTP_FILTER', match: { context: 'SIDECAR_INBOUND', proxy: { proxyVersion: '^1\\.2.*' } }, patch: { operation: 'REPLACE', value: lua } },
      { applyTo: 'HTTP_FILTER', match: { context: 'SIDECAR_INBOUND' }, patch: { operation: 'REPLACE', value: lua } },
    ])];
    expect(findingsOf('IST0155', manifests).map(f => f.split(' (')[0])).toEqual([
      'spec.configPatches[1]: EnvoyFilter prod/lua patch 1 uses a relative operation',
    ]);
    // the first patch, before any proxyVersion was seen, is IST0151's
    expect(findingsOf('IST0151', manifests).map(f => f.split(':')[0])).toEqual(['spec.configPatches[0]']);
  });

  test('silent with a priority', () => {
    expectSilent('IST0155', [ef('lua', [
      { applyTo: 'HTTP_FILTER', match: { proxy: { proxyVersion: '^1\\.2.*' } }, patch: { operation: 'REPLACE', value: lua } },
      { applyTo: 'HTTP_FILTER', patch: { operation: 'REPLACE', value: lua } },
    ], 5)]);
  });
});
