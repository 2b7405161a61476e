import { MeshConfigFile } from '../src/analysis';
import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function telemetry(accessLogging: any[]): any {
  return { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'mesh-default', namespace: 'istio-system' }, spec: { accessLogging } };
}

describe('IST0157', () => {
  test('fires on each accessLogging entry without providers when the mesh config has no default provider', () => {
    expect(findingsOf('IST0157', [telemetry([{ providers: [{ name: 'envoy' }] }, { filter: { expression: 'response.code >= 400' } }])])).toEqual([
      'spec.accessLogging[1]: Telemetry istio-system/mesh-default accessLogging[1] names no provider and the mesh config has no default access-log provider (defaultProviders.accessLogging), so the entry selects no provider and logs nothing (The Telemetry mesh-default in namespace "istio-system" with empty providers will be ignored.)',
    ]);
  });

  test('silent on disabled entries, entries with providers, and with a default access-log provider', () => {
    expectSilent('IST0157', [telemetry([{ disabled: true }, { providers: [{ name: 'envoy' }] }])]);
    expectSilent('IST0157', [telemetry([{}])], { meshConfig: { defaultAccessLogProviders: ['envoy'] } });
    expectSilent('IST0157', [telemetry([{}])], { meshConfig: MeshConfigFile.parse('defaultProviders:\n  accessLogging: [envoy]\n') });
  });

  test('fails when the mesh config file\'s defaultProviders.accessLogging is not a list of names', () => {
    expect(() => MeshConfigFile.parse('defaultProviders:\n  accessLogging: envoy\n', 'mesh.yaml'))
      .toThrow('mesh.yaml: defaultProviders.accessLogging must be a list of provider names, got "envoy"');
  });
});
