import { expectSilent, findingsOf, ruleFindings } from './support/mesh-rule-fixtures';

function injector(name: string, namespaceSelector: any, service = { name: 'istiod', namespace: 'istio-system' }): any {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name },
    webhooks: [{ name: 'namespace.sidecar-injector.istio.io', namespaceSelector, clientConfig: { service }, admissionReviewVersions: ['v1'], sideEffects: 'None' }],
  };
}
const istiod = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'istiod', namespace: 'istio-system' }, spec: { ports: [{ port: 443, targetPort: 15017 }] } };
const byInjectionLabel = { matchLabels: { 'istio-injection': 'enabled' } };
const byRevision = { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['canary'] }, { key: 'istio-injection', operator: 'DoesNotExist' }] };

describe('IST0139', () => {
  test('fires on both of two injection webhooks that match the same namespaces', () => {
    expect(findingsOf('IST0139', [injector('istio-sidecar-injector', byInjectionLabel), injector('istio-sidecar-injector-copy', byInjectionLabel), istiod])).toEqual([
      'webhooks[0]: MutatingWebhookConfiguration istio-sidecar-injector webhook namespace.sidecar-injector.istio.io: its namespace and object selectors match pods another Istio injection webhook also matches, so those pods are injected twice (Webhook overlaps with others: [istio-sidecar-injector-copy/namespace.sidecar-injector.istio.io]. This may cause injection to occur twice.)',
      'webhooks[0]: MutatingWebhookConfiguration istio-sidecar-injector-copy webhook namespace.sidecar-injector.istio.io: its namespace and object selectors match pods another Istio injection webhook also matches, so those pods are injected twice (Webhook overlaps with others: [istio-sidecar-injector/namespace.sidecar-injector.istio.io]. This may cause injection to occur twice.)',
    ]);
  });

  test('with wholeCluster, fires on a webhook whose Service is not in the files', () => {
    expect(ruleFindings('IST0139', [injector('istio-sidecar-injector', byInjectionLabel, { name: 'istiod-old', namespace: 'istio-system' }), istiod], { wholeCluster: true }).map(f => f.path))
      .toEqual(['webhooks[0].clientConfig.service']);
  });

  test('silent on disjoint webhooks (one by label, one by revision), on webhooks that are not Istio\'s, and on a missing Service without wholeCluster', () => {
    expectSilent('IST0139', [injector('istio-sidecar-injector', byInjectionLabel), injector('istio-sidecar-injector-canary', byRevision), istiod], { wholeCluster: true });
    const other = injector('other', byInjectionLabel);
    other.webhooks[0].name = 'inject.example.com';
    expectSilent('IST0139', [injector('istio-sidecar-injector', byInjectionLabel, { name: 'gone', namespace: 'istio-system' }), other]);
  });
});
