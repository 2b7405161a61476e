import { SIDECAR_SELECTOR, namespaceInAmbientMode, podInAmbientMode, selectorMatches } from './workload-selectors';
import { AnalysisFinding } from '../../finding';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0167 IneffectivePolicy: a Sidecar that configures no proxy because its workloads run in ambient mode:
 * a Sidecar with a selector that selects a pod redirected to ztunnel (`ambient.istio.io/redirection:
 * enabled`), or a Sidecar without selector in an ambient namespace (`istio.io/dataplane-mode: ambient`). As
 * istioctl (`sidecar.SelectorAnalyzer`): one finding per Sidecar.
 */
export const IST0167: Rule = {
  id: 'IST0167',
  severity: FindingSeverity.WARNING,
  description: 'A Sidecar applies to workloads in ambient mode, which have no sidecar (IneffectivePolicy)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const matches = selectorMatches(index, SIDECAR_SELECTOR);
    const reasons = new Map<Manifest, string>();
    for (const { object, pods } of matches.selected) {
      if (pods.some(podInAmbientMode)) reasons.set(object, 'selected workload is in ambient mode, the policy has no impact');
    }
    for (const [ns, sidecars] of matches.withoutSelector) {
      if (!namespaceInAmbientMode(index, ns)) continue;
      for (const s of sidecars) if (!reasons.has(s)) reasons.set(s, 'namespace is in ambient mode, the policy has no impact');
    }
    return [...reasons].map(([sidecar, reason]) => finding(IST0167, sidecar, {
      path: 'spec',
      message: `Sidecar ${index.ref(sidecar)} configures no proxy: ${reason.replace(', the policy has no impact', '')}, and ambient workloads have no sidecar (The policy has no impact: ${reason}.)`,
      fix: 'delete the Sidecar, or move its workloads out of ambient mode; in ambient, configure egress on a waypoint instead',
    }));
  },
};
