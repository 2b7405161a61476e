import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function namespace(name: string, labels: Record<string, string> = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

describe('IST0102', () => {
  test('fires on a Namespace without an injection label', () => {
    expect(findingsOf('IST0102', [namespace('shop'), namespace('web', { 'istio-injection': 'enabled' })]).map(f => f.split(' (')[0])).toEqual([
      'metadata.labels: Namespace shop has no istio-injection or istio.io/rev label, so its pods get no Istio sidecar',
    ]);
  });

  test('silent on labelled, ambient and istio-system namespaces, and when the injector enables namespaces by default', () => {
    expectSilent('IST0102', [namespace('a', { 'istio-injection': 'disabled' }), namespace('b', { 'istio.io/rev': 'canary' }), namespace('c', { 'istio.io/dataplane-mode': 'ambient' }), namespace('istio-system')]);
    const injector = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' }, data: { values: JSON.stringify({ sidecarInjectorWebhook: { enableNamespacesByDefault: true } }) } };
    expectSilent('IST0102', [namespace('shop'), injector]);
  });

  test('silent on a namespace Linkerd injects: it is meshed, and Istio\'s sidecar there would be wrong advice', () => {
    const linkerdNs = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { 'linkerd.io/inject': 'enabled' } } };
    expectSilent('IST0102', [linkerdNs]);
  });
});
