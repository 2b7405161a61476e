import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function telemetry(name: string, selector?: any): any {
  return { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name, namespace: 'prod' }, spec: { ...(selector ? { selector } : {}), accessLogging: [{ providers: [{ name: 'envoy' }] }] } };
}

describe('IST0160', () => {
  test('fires on each of several Telemetries without selector in one namespace', () => {
    expect(findingsOf('IST0160', [telemetry('a'), telemetry('b')]).map(f => f.split(' (')[0])).toEqual([
      'spec: Telemetry prod/a is one of 2 Telemetries without selector in namespace prod',
      'spec: Telemetry prod/b is one of 2 Telemetries without selector in namespace prod',
    ]);
  });

  test('silent when only one has no selector field (an empty selector does not count, as in istioctl)', () => {
    expectSilent('IST0160', [telemetry('a'), telemetry('b', { matchLabels: {} })]);
  });
});
