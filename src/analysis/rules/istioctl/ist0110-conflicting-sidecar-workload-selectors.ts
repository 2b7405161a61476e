import { SIDECAR_SELECTOR, selectorMatches, sortedNames } from './workload-selectors';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0110 ConflictingSidecarWorkloadSelectors: two or more Sidecars select the same pod (a Pod, or the
 * pods of a workload, in the files); which one the proxy gets is undefined. As istioctl
 * (`sidecar.SelectorAnalyzer`): one finding per Sidecar per such pod.
 */
export const IST0110: Rule = {
  id: 'IST0110',
  severity: FindingSeverity.ERROR,
  description: 'Several Sidecars select the same workload pod (ConflictingSidecarWorkloadSelectors)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const { pod, objects } of selectorMatches(index, SIDECAR_SELECTOR).conflicts) {
      const names = sortedNames(objects);
      for (const sidecar of objects) {
        findings.push(finding(IST0110, sidecar, {
          path: 'spec.workloadSelector',
          message: `Sidecar ${index.ref(sidecar)} and the other Sidecars of ${names} select ${pod.object.kind} ${pod.namespace}/${pod.name}: the proxy gets one of them, which one is undefined (The Sidecars ${names} in namespace "${pod.namespace}" select the same workload pod "${pod.name}", which can lead to undefined behavior.)`,
          fix: 'merge the Sidecars into one, or make their workloadSelectors select disjoint pods',
        }));
      }
    }
    return findings;
  },
};
