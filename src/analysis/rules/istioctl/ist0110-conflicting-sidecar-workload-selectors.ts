import { SIDECAR_SELECTOR, podInAmbientMode, selectorMatches, sortedNames } from './workload-selectors';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0110 ConflictingSidecarWorkloadSelectors: two or more Sidecars select the same pod (a Pod, or the
 * pods of a workload, in the files); which one the proxy gets is undefined. As istioctl
 * (`sidecar.SelectorAnalyzer`): one finding per Sidecar per such pod; pods in ambient mode are IST0167's.
 */
export const IST0110: Rule = {
  id: 'IST0110',
  severity: FindingSeverity.ERROR,
  description: 'Several Sidecars select the same workload pod (ConflictingSidecarWorkloadSelectors)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const { pod, objects } of selectorMatches(index, SIDECAR_SELECTOR).conflicts) {
      // an ambient pod has no sidecar: IST0167 says the Sidecars do nothing
      if (podInAmbientMode(pod)) continue;
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
