import { AnalysisFinding } from '../../finding';
import { destinationRules, kialiFqdn } from '../../kiali-helpers';
import { ManifestIndex, nonEmptyLabels, selects } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * KIA0209 (Kiali `destinationrules.nodest.subsetnolabels`): a DestinationRule subset without labels. Such a
 * subset selects every endpoint of the host, so routing to it splits nothing. As in Kiali, the finding is
 * only informational when another subset of the same rule has labels that select a workload of the host.
 */
export const KIA0209: Rule = {
  id: 'KIA0209',
  severity: FindingSeverity.WARNING,
  description: 'A DestinationRule subset without labels (Kiali KIA0209)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const dr of destinationRules(index)) {
      const subsets = list(dr.spec?.subsets);
      const unlabelled = subsets.map((s, i) => ({ s, i })).filter(({ s }) => !hasLabels(s));
      if (unlabelled.length === 0) continue;
      const host = typeof dr.spec?.host === 'string' ? kialiFqdn(index, dr.spec.host, index.namespaceOf(dr)) : '';
      const matchesWorkload = subsets.some(s => hasLabels(s) && selectsWorkload(index, host, s.labels));
      for (const { s, i } of unlabelled) {
        const name = typeof s?.name === 'string' ? `"${s.name}" ` : '';
        findings.push(finding(KIA0209, dr, {
          path: `spec.subsets[${i}]`,
          message: `This subset has not labels: subset ${name}of host "${dr.spec?.host ?? ''}" has no labels, so it selects every endpoint of the host`,
          fix: 'give the subset the pod labels of its version (labels: {version: v1}), or remove it and route to the host without a subset',
          severity: matchesWorkload ? FindingSeverity.INFO : undefined,
        }));
      }
    }
    return findings;
  },
};

function hasLabels(subset: any): boolean {
  return nonEmptyLabels(subset?.labels) !== undefined;
}

/**
 * Whether `labels` select a workload behind `host` (`<svc>.<ns>.svc.<domain>`): a pod of the namespace that
 * also matches the Service's selector when the manifests contain the Service. Wildcard hosts match, as in Kiali.
 */
function selectsWorkload(index: ManifestIndex, host: string, labels: Record<string, string>): boolean {
  if (host.startsWith('*')) return true;
  const service = index.serviceOfFqdn(host);
  if (!service) return false;
  const selector = index.get('', 'Service', service.namespace, service.name)?.spec?.selector;
  return index.workloadsSelectedBy(service.namespace, labels).some(w => selects(selector, w.podLabels));
}
