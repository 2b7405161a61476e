import { authorizationPolicies, principalParts } from '../../authz-semantics';
import { AnalysisFinding } from '../../finding';
import { knownNamespaces, policySources, serviceAccountsByNamespace } from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * KIA0106 (Kiali `authorizationpolicy.source.principalnotfound`): an AuthorizationPolicy principal
 * (`<trust-domain>/ns/<ns>/sa/<sa>`) whose service account is not among the manifests. Offline, the manifests
 * are all we know, so:
 * - the namespace is checked only when the manifests contain Namespace objects (see KIA0101 for which
 *   namespaces count as known);
 * - the service account is checked only when the manifests contain ServiceAccounts in that namespace
 *   (`default` always exists).
 * Wildcards: `*` is skipped; a leading wildcard before `/ns/prod/sa/api` is checked; a trailing one after
 * `cluster.local/ns/prod/sa/` checks the namespace only. The trust domain is not checked (aliases are
 * configured outside the manifests). The newer `source.serviceAccounts` (`<ns>/<sa>`) is checked the same way.
 */
export const KIA0106: Rule = {
  id: 'KIA0106',
  severity: FindingSeverity.ERROR,
  description: 'An AuthorizationPolicy principal whose service account or namespace is not among the manifests (Kiali KIA0106)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const namespaces = knownNamespaces(index);
    const accounts = serviceAccountsByNamespace(index);
    if (!namespaces && accounts.size === 0) return [];

    /** Why a namespace/service account pair is not found, or undefined when it may exist. */
    const missing = (ns: string | undefined, sa: string | undefined): string | undefined => {
      if (ns === undefined) return undefined;
      if (namespaces && !namespaces.has(ns)) return `namespace "${ns}" is not among the manifests`;
      const inNs = accounts.get(ns);
      if (sa !== undefined && inNs && !inNs.has(sa)) return `there is no ServiceAccount ${ns}/${sa} among the manifests`;
      return undefined;
    };

    const findings: AnalysisFinding[] = [];
    for (const ap of authorizationPolicies(index)) {
      for (const { path, source } of policySources(ap)) {
        for (const field of ['principals', 'serviceAccounts']) {
          const values: unknown = source[field];
          if (!Array.isArray(values)) continue;
          values.forEach((value, k) => {
            if (typeof value !== 'string') return;
            const parts = field === 'principals' ? principalParts(value) : serviceAccountParts(value);
            const why = parts && missing(parts.namespace, parts.serviceAccount);
            if (!why) return;
            findings.push(finding(KIA0106, ap, {
              path: `${path}.${field}[${k}]`,
              message: `Service Account not found for this principal: ${path}.${field} has "${value}", but ${why}`,
              fix: 'correct the namespace or service account name (a workload\'s identity is the serviceAccountName of its pods), '
                + 'or add the ServiceAccount to the manifests',
            }));
          });
        }
      }
    }
    return findings;
  },
};

/** `<ns>/<sa>` of `source.serviceAccounts` (no wildcards allowed there). */
function serviceAccountParts(value: string): { namespace?: string; serviceAccount?: string } | undefined {
  const parts = value.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '' || value.includes('*')) return undefined;
  return { namespace: parts[0], serviceAccount: parts[1] };
}
