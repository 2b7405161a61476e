import { expectSilent, findingsOf, ruleFindings } from './support/mesh-rule-fixtures';

const server = { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'payments-http', namespace: 'prod' }, spec: { podSelector: { matchLabels: { app: 'payments' } }, port: 8080 } };
const mta = { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: 'frontend', namespace: 'prod' }, spec: { identities: ['frontend.prod.serviceaccount.identity.linkerd.cluster.local'] } };
function policy(targetRef: any, requiredAuthenticationRefs: any[]): any {
  return { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-frontend', namespace: 'prod' }, spec: { targetRef, requiredAuthenticationRefs } };
}
const toServer = { group: 'policy.linkerd.io', kind: 'Server', name: 'payments-http' };
const byMta = { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'frontend' };

describe('MESH117', () => {
  test('fires on a target or authentication the files manage but lack, which makes Linkerd ignore the policy', () => {
    expect(findingsOf('MESH117', [server, mta, policy({ ...toServer, name: 'payment-http' }, [{ ...byMta, name: 'frontnd' }])])).toEqual([
      'spec.requiredAuthenticationRefs[0]: AuthorizationPolicy prod/allow-frontend requires MeshTLSAuthentication prod/frontnd, which is not among the manifests, so Linkerd ignores the policy',
      'spec.targetRef: AuthorizationPolicy prod/allow-frontend targets Server prod/payment-http, which is not among the manifests, so Linkerd ignores the policy',
    ]);
  });

  test('fires on a Namespace target other than the policy\'s own namespace', () => {
    expect(findingsOf('MESH117', [mta, policy({ kind: 'Namespace', name: 'web' }, [byMta])])[0]).toContain('targets Namespace web, but a policy applies only to its own namespace prod');
  });

  test('a reference to a kind the files do not manage is reported with wholeCluster only', () => {
    const manifests = [policy(toServer, [byMta])];
    expect(findingsOf('MESH117', manifests)).toEqual([]);
    expect(ruleFindings('MESH117', manifests, { wholeCluster: true })).toHaveLength(2);
  });

  test('silent when every reference resolves', () => {
    expectSilent('MESH117', [server, mta, policy(toServer, [byMta, { kind: 'ServiceAccount', name: 'default' }])]);
  });
});
