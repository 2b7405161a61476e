import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const ns = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

describe('IST0123', () => {
  test('fires on a Namespace with istio-injection: enabled and a revision label', () => {
    expect(findingsOf('IST0123', [ns('shop', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' })]).map(f => f.split(' (')[0])).toEqual([
      'metadata.labels: Namespace shop has the injection labels istio-injection=enabled, istio.io/rev=canary: which data plane its pods get is undefined',
    ]);
  });

  test('silent with one label, or with istio-injection: disabled beside others (istioctl ignores those)', () => {
    expectSilent('IST0123', [ns('a', { 'istio.io/rev': 'canary' }), ns('b', { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }), ns('istio-system', { 'istio-injection': 'enabled', 'istio.io/rev': 'x' })]);
  });
});
