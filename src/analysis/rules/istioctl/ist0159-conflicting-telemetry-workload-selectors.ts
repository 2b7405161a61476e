import { TELEMETRY_SELECTOR, selectorMatches, sortedNames } from './workload-selectors';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0159 ConflictingTelemetryWorkloadSelectors: two or more Telemetries select the same pod (a Pod, or the
 * pods of a workload, in the files); which one the proxy gets is undefined. As istioctl
 * (`telemetry.SelectorAnalyzer`): one finding per Telemetry per such pod.
 */
export const IST0159: Rule = {
  id: 'IST0159',
  severity: FindingSeverity.ERROR,
  description: 'Several Telemetries select the same workload pod (ConflictingTelemetryWorkloadSelectors)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const { pod, objects } of selectorMatches(index, TELEMETRY_SELECTOR).conflicts) {
      const names = sortedNames(objects);
      for (const telemetry of objects) {
        findings.push(finding(IST0159, telemetry, {
          path: 'spec.selector',
          message: `Telemetry ${index.ref(telemetry)} and the other Telemetries of ${names} select ${pod.object.kind} ${pod.namespace}/${pod.name}: which one configures its telemetry is undefined (The Telemetries ${names} in namespace "${pod.namespace}" select the same workload pod "${pod.name}", which can lead to undefined behavior.)`,
          fix: 'merge the Telemetries into one, or make their selectors select disjoint pods',
        }));
      }
    }
    return findings;
  },
};
