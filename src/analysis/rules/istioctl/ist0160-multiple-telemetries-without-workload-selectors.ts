import { TELEMETRY_SELECTOR, selectorMatches, sortedNames } from './workload-selectors';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0160 MultipleTelemetriesWithoutWorkloadSelectors: a namespace has more than one Telemetry without a
 * `workloadSelector`; each claims to be the namespace default, and which one applies is undefined. As
 * istioctl (`telemetry.DefaultSelectorAnalyzer`): every such Telemetry is reported.
 */
export const IST0160: Rule = {
  id: 'IST0160',
  severity: FindingSeverity.ERROR,
  description: 'A namespace has several Telemetries without selector (MultipleTelemetriesWithoutWorkloadSelectors)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const [ns, all] of selectorMatches(index, TELEMETRY_SELECTOR).withoutSelector) {
      // as istioctl: only a Telemetry with no `selector` field at all (an empty selector does not count)
      const telemetries = all.filter(t => t.spec?.selector == null);
      if (telemetries.length < 2) continue;
      const names = sortedNames(telemetries);
      for (const telemetry of telemetries) {
        findings.push(finding(IST0160, telemetry, {
          path: 'spec',
          message: `Telemetry ${index.ref(telemetry)} is one of ${telemetries.length} Telemetries without selector in namespace ${ns} (${names}): only one can be the namespace default and which one applies is undefined (The Telemetries ${names} in namespace "${ns}" have no workload selector, which can lead to undefined behavior.)`,
          fix: 'keep one Telemetry without selector per namespace; give the others a selector',
        }));
      }
    }
    return findings;
  },
};
