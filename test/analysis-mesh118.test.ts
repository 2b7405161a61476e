import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'frontend', namespace: 'web' } };
function mta(spec: any): any {
  return { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: 'callers', namespace: 'prod' }, spec };
}

describe('MESH118', () => {
  test('fires on an identity or identityRef whose ServiceAccount the namespace\'s files lack', () => {
    expect(findingsOf('MESH118', [sa, mta({ identities: ['frontnd.web.serviceaccount.identity.linkerd.cluster.local', 'frontend.web.serviceaccount.identity.linkerd.cluster.local'] })])).toEqual([
      'spec.identities[0]: MeshTLSAuthentication prod/callers admits identity frontnd.web.serviceaccount.identity.linkerd.cluster.local, but ServiceAccount web/frontnd is not among the manifests, so no proxy presents it',
    ]);
    expect(findingsOf('MESH118', [sa, mta({ identityRefs: [{ kind: 'ServiceAccount', name: 'checkout', namespace: 'web' }] })]).map(f => f.split(':')[0])).toEqual(['spec.identityRefs[0]']);
  });

  test('silent on wildcards, on default, and in namespaces whose ServiceAccounts are not in the files', () => {
    expectSilent('MESH118', [sa, mta({ identities: ['*.web.serviceaccount.identity.linkerd.cluster.local', 'default.web.serviceaccount.identity.linkerd.cluster.local', 'api.shop.serviceaccount.identity.linkerd.cluster.local'] })]);
  });
});
