import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH108: a Linkerd ServiceProfile whose name is not the FQDN Linkerd looks profiles up by,
 * `<svc>.<ns>.svc.<clusterDomain>` (MESH-FACTS Linkerd 1). Linkerd's validator accepts a short name
 * (`payments`), a truncated one (`payments.prod`, `payments.prod.svc`) or one with another cluster domain; such a
 * profile never matches. Names of other hosts (`api.example.com`) are profiles for external services and pass.
 *
 * A profile in another namespace than the one its name states is a client-side profile: Linkerd looks in the
 * caller's namespace first, then the Service's (linkerd.io tasks/setting-up-service-profiles), so it applies
 * only to callers in its own namespace. That is reported (warning) only when the manifests have no workload in
 * that namespace to call with it.
 */
export const MESH108: Rule = {
  id: 'MESH108',
  severity: FindingSeverity.ERROR,
  description: 'A Linkerd ServiceProfile not named <svc>.<ns>.svc.<clusterDomain> (or in a namespace that has no caller) never matches',
  check(index: ManifestIndex): AnalysisFinding[] {
    const profiles = index.ofKind('linkerd.io', 'ServiceProfile');
    if (profiles.length === 0) return [];
    const domain = index.clusterDomain;
    const namespaces = index.mentionedNamespaces();

    const findings: AnalysisFinding[] = [];
    for (const sp of profiles) {
      const name = sp.metadata?.name ?? '';
      const ns = index.namespaceOf(sp);
      const parsed = index.serviceOfFqdn(name);
      if (parsed) {
        if (parsed.namespace !== ns && index.workloads(ns).length === 0) {
          findings.push(finding(MESH108, sp, {
            severity: FindingSeverity.WARNING,
            path: 'metadata.namespace',
            message: `ServiceProfile ${name} is in namespace ${ns} but names Service ${parsed.name} of namespace ${parsed.namespace}: Linkerd uses a profile from the Service's namespace, or from the caller's as a client-side override, so this one applies only to callers in ${ns}, and the manifests have no workload there`,
            fix: `move the ServiceProfile to namespace ${parsed.namespace}, or keep it in ${ns} only as an override for callers running there`,
          }));
        }
        continue;
      }
      const problem = misnamed(name, ns, domain, namespaces);
      if (!problem) continue;
      findings.push(finding(MESH108, sp, {
        path: 'metadata.name',
        message: `ServiceProfile name "${name}" ${problem}: Linkerd looks profiles up by the Service's FQDN <svc>.<ns>.svc.${domain}, so this profile never matches and its routes, retries and timeouts never apply`,
        fix: `rename it to ${suggest(name, ns, domain)}`,
      }));
    }
    return findings;
  },
};

/** Why a name that is not `<svc>.<ns>.svc.<domain>` is a misnamed cluster-service profile, or undefined for an external host. */
function misnamed(name: string, ns: string, domain: string, namespaces: ReadonlySet<string>): string | undefined {
  const labels = name.split('.');
  if (labels.length === 1) return 'is a short name';
  if (name.endsWith(`.svc.${domain}`)) return `is not <svc>.<ns>.svc.${domain}`;
  if (labels.length >= 3 && labels[2] === 'svc') {
    return labels.length === 3 ? 'lacks the cluster domain' : `has cluster domain ${labels.slice(3).join('.')}, not ${domain}`;
  }
  if (labels.length === 2 && (labels[1] === ns || namespaces.has(labels[1]))) return 'is <svc>.<ns> without .svc and the cluster domain';
  return undefined;
}

function suggest(name: string, ns: string, domain: string): string {
  const labels = name.split('.');
  const svc = labels[0];
  const svcNs = labels.length >= 2 && labels[1] ? labels[1] : ns;
  return `${svc}.${svcNs}.svc.${domain}`;
}
