import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const injector = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' }, data: { values: JSON.stringify({ sidecarInjectorWebhook: { enableNamespacesByDefault: true } }) } };

describe('IST0148', () => {
  test('fires on an unlabelled Namespace when the injector enables namespaces by default (and IST0102 does not)', () => {
    const manifests = [ns('shop'), injector];
    expect(findingsOf('IST0148', manifests).map(f => f.split(' (')[0])).toEqual([
      'metadata.labels: Namespace shop has no injection label, but the injector enables namespaces by default, so its pods get sidecars',
    ]);
    expect(findingsOf('IST0102', manifests)).toEqual([]);
  });

  test('silent without that injector setting, or on labelled namespaces', () => {
    expectSilent('IST0148', [ns('shop')]);
    expectSilent('IST0148', [ns('shop', { 'istio-injection': 'disabled' }), injector]);
  });
});
