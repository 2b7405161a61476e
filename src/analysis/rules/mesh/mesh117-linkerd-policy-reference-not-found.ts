import { AnalysisFinding } from '../../finding';
import { serviceAccountsByNamespace } from '../../kiali-helpers';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** Kinds a Linkerd AuthorizationPolicy refers to, by `group/kind` (the core group is ''). */
const TARGETS = new Set(['policy.linkerd.io/Server', 'policy.linkerd.io/HTTPRoute', 'policy.linkerd.io/GRPCRoute', 'gateway.networking.k8s.io/HTTPRoute', 'gateway.networking.k8s.io/GRPCRoute', '/Namespace', 'core/Namespace']);
const AUTHENTICATIONS = new Set(['policy.linkerd.io/MeshTLSAuthentication', 'policy.linkerd.io/NetworkAuthentication', '/ServiceAccount', 'core/ServiceAccount']);

/**
 * MESH117: a Linkerd AuthorizationPolicy whose `targetRef` or a `requiredAuthenticationRefs` entry names an
 * object that is not there. Linkerd's CRD: "If any of the referred objects cannot be found, the authorization
 * will be ignored"; a policy targets only objects of its own namespace (MESH-FACTS Linkerd 6), and a Namespace
 * target must be that namespace. Reported when the namespace's objects of that kind are in the files (at least
 * one is), or with `wholeCluster`; ServiceAccounts as KIA0106 reads them (a namespace with ServiceAccounts in
 * the files; `default` always exists). Kinds Linkerd does not accept there are reported always.
 */
export const MESH117: Rule = {
  id: 'MESH117',
  severity: FindingSeverity.ERROR,
  description: 'A Linkerd AuthorizationPolicy refers to a target or authentication that does not exist, so Linkerd ignores it',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    const accounts = serviceAccountsByNamespace(index);
    for (const ap of index.ofKind('policy.linkerd.io', 'AuthorizationPolicy')) {
      const ns = index.namespaceOf(ap);
      const problem = (path: string, message: string, fix: string) => findings.push(finding(MESH117, ap, { path, message: `AuthorizationPolicy ${index.ref(ap)} ${message}, so Linkerd ignores the policy`, fix }));
      const t = ap.spec?.targetRef;
      if (t && typeof t === 'object') {
        const key = `${t.group ?? ''}/${t.kind}`;
        if (!TARGETS.has(key)) {
          problem('spec.targetRef', `targets ${key.replace(/^\//, '')} ${t.name}, a kind Linkerd does not attach authorization to`, 'target a Server, an HTTPRoute or GRPCRoute, or the Namespace');
        } else if (t.kind === 'Namespace') {
          if (t.name !== ns) problem('spec.targetRef', `targets Namespace ${t.name}, but a policy applies only to its own namespace ${ns}`, `move the policy to namespace ${t.name}, or target Namespace ${ns}`);
        } else if (missing(index, t.group ?? '', t.kind, ns, t.name)) {
          problem('spec.targetRef', `targets ${t.kind} ${ns}/${t.name}, which is not among the manifests`, `create ${t.kind} ${t.name} in namespace ${ns}, or correct the name`);
        }
      }
      list(ap.spec?.requiredAuthenticationRefs).forEach((r, i) => {
        const key = `${r?.group ?? ''}/${r?.kind}`;
        const refNs = typeof r?.namespace === 'string' && r.namespace !== '' ? r.namespace : ns;
        const path = `spec.requiredAuthenticationRefs[${i}]`;
        if (!AUTHENTICATIONS.has(key)) {
          problem(path, `requires ${key.replace(/^\//, '')} ${r?.name}, a kind Linkerd does not authenticate with`, 'refer to a MeshTLSAuthentication, a NetworkAuthentication or a ServiceAccount');
          return;
        }
        if (r.kind === 'ServiceAccount') {
          const known = accounts.get(refNs);
          if (known ? known.has(r.name) : !(index.wholeCluster && r.name !== 'default')) return;
          problem(path, `requires ServiceAccount ${refNs}/${r.name}, which is not among the manifests`, `create ServiceAccount ${r.name} in namespace ${refNs}, or correct the name`);
          return;
        }
        if (missing(index, r.group ?? '', r.kind, refNs, r.name)) {
          problem(path, `requires ${r.kind} ${refNs}/${r.name}, which is not among the manifests`, `create ${r.kind} ${r.name} in namespace ${refNs}, or correct the name`);
        }
      });
    }
    return findings;
  },
};

/** Whether an object is missing where the files speak for its kind in that namespace (or for everything, with wholeCluster). */
function missing(index: ManifestIndex, group: string, kind: string, namespace: string, name: unknown): boolean {
  if (typeof name !== 'string') return false;
  if (index.get(group, kind, namespace, name)) return false;
  return index.wholeCluster || index.ofKind(group, kind).some((m: Manifest) => index.namespaceOf(m) === namespace);
}
