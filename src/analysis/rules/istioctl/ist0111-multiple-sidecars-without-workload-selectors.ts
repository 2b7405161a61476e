import { SIDECAR_SELECTOR, namespaceInAmbientMode, selectorMatches, sortedNames } from './workload-selectors';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0111 MultipleSidecarsWithoutWorkloadSelectors: a namespace has more than one Sidecar without a
 * `workloadSelector`; each claims to be the namespace default, and which one applies is undefined. As
 * istioctl (`sidecar.SelectorAnalyzer`): every such Sidecar is reported; in an ambient namespace they are IST0167's.
 */
export const IST0111: Rule = {
  id: 'IST0111',
  severity: FindingSeverity.ERROR,
  description: 'A namespace has several Sidecars without workloadSelector (MultipleSidecarsWithoutWorkloadSelectors)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const [ns, sidecars] of selectorMatches(index, SIDECAR_SELECTOR).withoutSelector) {
      if (sidecars.length < 2 || namespaceInAmbientMode(index, ns)) continue;
      const names = sortedNames(sidecars);
      for (const sidecar of sidecars) {
        findings.push(finding(IST0111, sidecar, {
          path: 'spec',
          message: `Sidecar ${index.ref(sidecar)} is one of ${sidecars.length} Sidecars without workloadSelector in namespace ${ns} (${names}): only one can be the namespace default and which one applies is undefined (The Sidecars ${names} in namespace "${ns}" have no workload selector, which can lead to undefined behavior.)`,
          fix: 'keep one Sidecar without workloadSelector per namespace; give the others a workloadSelector',
        }));
      }
    }
    return findings;
  },
};
