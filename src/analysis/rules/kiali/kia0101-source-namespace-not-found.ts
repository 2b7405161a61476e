import { authorizationPolicies } from '../../authz-semantics';
import { AnalysisFinding } from '../../finding';
import { knownNamespaces, matchesKnownNamespace, policySources } from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * KIA0101 (Kiali `authorizationpolicy.source.namespacenotfound`): an AuthorizationPolicy `source.namespaces`
 * entry that names no namespace of the manifests. Only when the manifests contain Namespace objects at all;
 * known namespaces are those, the namespaces objects live in, Istio's root namespace and the namespaces every
 * cluster has (`default`, `kube-system`, `kube-public`, `kube-node-lease`). Wildcard entries (`prod-*`) are
 * reported only when they match none of them.
 */
export const KIA0101: Rule = {
  id: 'KIA0101',
  severity: FindingSeverity.WARNING,
  description: 'An AuthorizationPolicy source namespace that is not among the manifests (Kiali KIA0101)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const known = knownNamespaces(index);
    if (!known) return [];
    const findings: AnalysisFinding[] = [];
    for (const ap of authorizationPolicies(index)) {
      for (const { path, source } of policySources(ap)) {
        const namespaces: unknown = source.namespaces;
        if (!Array.isArray(namespaces)) continue;
        namespaces.forEach((ns, k) => {
          if (typeof ns !== 'string' || matchesKnownNamespace(ns, known)) return;
          findings.push(finding(KIA0101, ap, {
            path: `${path}.namespaces[${k}]`,
            message: `Namespace not found for this rule: ${path}.namespaces names "${ns}", which is not a namespace of the manifests`,
            fix: `correct the namespace name, or add the Namespace "${ns}" to the manifests if it is created elsewhere`,
          }));
        });
      }
    }
    return findings;
  },
};
