import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

const meshedPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'httpbin-1', namespace: 'httpbin', labels: { app: 'httpbin' } }, spec: { containers: [{ name: 'httpbin', image: 'httpbin' }, { name: 'istio-proxy', image: 'proxyv2' }] } };
function policy(name: string, namespace: string, selector?: any): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec: { ...(selector ? { selector } : {}), rules: [{}] } };
}
const whole = { wholeCluster: true };

describe('IST0127', () => {
  test('fires with wholeCluster on a selector no meshed pod matches, and on a namespace-wide policy in a namespace without meshed pods', () => {
    const manifests = [meshedPod, policy('v2', 'httpbin', { matchLabels: { version: 'v2' } }), policy('empty', 'other'), policy('meshwide', 'istio-system', { matchLabels: { app: 'nothing' } })];
    expect(ruleFindings('IST0127', manifests, whole).map(f => `${f.namespace}/${f.name} ${f.path}: ${f.message}`)).toEqual([
      'httpbin/v2 spec.selector: AuthorizationPolicy httpbin/v2 applies to version=v2, but no meshed pod in namespace httpbin has those labels, so it enforces nothing (No matching workloads for this resource with the following labels: version=v2)',
      'istio-system/meshwide spec.selector: AuthorizationPolicy istio-system/meshwide applies to app=nothing, but no meshed pod in any namespace has those labels, so it enforces nothing (No matching workloads for this resource with the following labels: app=nothing)',
      'other/empty spec: AuthorizationPolicy other/empty applies to every workload of namespace other, which has no meshed pod in the files, so it enforces nothing (No matching workloads for this resource with the following labels: )',
    ]);
    expect(ruleFindings('IST0127', manifests)).toEqual([]);
  });

  test('silent when the policy selects a meshed pod; an unmeshed pod does not count', () => {
    expectSilent('IST0127', [meshedPod, policy('all', 'httpbin'), policy('app', 'httpbin', { matchLabels: { app: 'httpbin' } }), policy('mesh', 'istio-system')], whole);
    const unmeshed = { ...meshedPod, spec: { containers: [{ name: 'httpbin', image: 'httpbin' }] } };
    expect(ruleFindings('IST0127', [unmeshed, policy('all', 'httpbin')], whole)).toHaveLength(1);
  });
});
