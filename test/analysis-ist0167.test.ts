import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const ambientNs = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { 'istio.io/dataplane-mode': 'ambient' } } };
const ambientPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'web', labels: { app: 'web' }, annotations: { 'ambient.istio.io/redirection': 'enabled' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } };
function sidecar(name: string, namespace: string, labels?: Record<string, string>): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name, namespace }, spec: { ...(labels ? { workloadSelector: { labels } } : {}), egress: [{ hosts: ['./*'] }] } };
}

describe('IST0167', () => {
  test('fires on a namespace-wide Sidecar in an ambient namespace and on a Sidecar selecting an ambient pod', () => {
    expect(findingsOf('IST0167', [ambientNs, ambientPod, sidecar('default', 'prod'), sidecar('web', 'web', { app: 'web' })])).toEqual([
      'spec: Sidecar prod/default configures no proxy: namespace is in ambient mode, and ambient workloads have no sidecar (The policy has no impact: namespace is in ambient mode, the policy has no impact.)',
      'spec: Sidecar web/web configures no proxy: selected workload is in ambient mode, and ambient workloads have no sidecar (The policy has no impact: selected workload is in ambient mode, the policy has no impact.)',
    ]);
  });

  test('silent in sidecar namespaces (istio-injection: enabled wins over the ambient label)', () => {
    const both = { ...ambientNs, metadata: { name: 'prod', labels: { 'istio.io/dataplane-mode': 'ambient', 'istio-injection': 'enabled' } } };
    expectSilent('IST0167', [both, sidecar('default', 'prod')]);
  });
});
