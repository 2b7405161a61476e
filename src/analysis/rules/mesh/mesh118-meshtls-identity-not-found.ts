import { AnalysisFinding } from '../../finding';
import { serviceAccountsByNamespace } from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH118: a Linkerd MeshTLSAuthentication names an identity whose service account is not among the
 * manifests: an `identities` entry `<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`
 * (MESH-FACTS Linkerd 6) or an `identityRefs` entry of kind ServiceAccount. No proxy presents that identity,
 * so the authentication admits nobody. As KIA0106 reads service accounts: checked in namespaces with
 * ServiceAccounts in the files (`default` always exists), or everywhere with `wholeCluster`; wildcard
 * identities (`*`, `*.<ns>...`) are not checked.
 */
export const MESH118: Rule = {
  id: 'MESH118',
  severity: FindingSeverity.WARNING,
  description: 'A Linkerd MeshTLSAuthentication names an identity whose ServiceAccount is not among the manifests',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    const accounts = serviceAccountsByNamespace(index);
    const known = (ns: string, sa: string) => {
      const names = accounts.get(ns);
      return names ? names.has(sa) : !(index.wholeCluster && sa !== 'default');
    };
    for (const mta of index.ofKind('policy.linkerd.io', 'MeshTLSAuthentication')) {
      list(mta.spec?.identities).forEach((identity, i) => {
        if (typeof identity !== 'string' || identity.startsWith('*')) return;
        const m = /^([^.]+)\.([^.]+)\.serviceaccount\.identity\./.exec(identity);
        if (!m || known(m[2], m[1])) return;
        findings.push(finding(MESH118, mta, {
          path: `spec.identities[${i}]`,
          message: `MeshTLSAuthentication ${index.ref(mta)} admits identity ${identity}, but ServiceAccount ${m[2]}/${m[1]} is not among the manifests, so no proxy presents it`,
          fix: `correct the identity to <serviceaccount>.<namespace>.serviceaccount.identity.linkerd.<trust-domain> of a caller, or create ServiceAccount ${m[1]} in namespace ${m[2]}`,
        }));
      });
      list(mta.spec?.identityRefs).forEach((r, i) => {
        if (r?.kind !== 'ServiceAccount' || typeof r.name !== 'string') return;
        const ns = typeof r.namespace === 'string' && r.namespace !== '' ? r.namespace : index.namespaceOf(mta);
        if (known(ns, r.name)) return;
        findings.push(finding(MESH118, mta, {
          path: `spec.identityRefs[${i}]`,
          message: `MeshTLSAuthentication ${index.ref(mta)} admits ServiceAccount ${ns}/${r.name}, which is not among the manifests, so no proxy presents that identity`,
          fix: `correct the name, or create ServiceAccount ${r.name} in namespace ${ns}`,
        }));
      });
    }
    return findings;
  },
};
