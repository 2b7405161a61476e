import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** The UID the sidecar proxy runs as; the iptables rules let its traffic bypass the proxy. */
const PROXY_UID = 1337;

/**
 * IST0144 InvalidApplicationUID: a Pod or Deployment runs its pod or an application container as UID 1337,
 * the sidecar proxy's: iptables exempts that UID, so the application's traffic bypasses the proxy (no mTLS,
 * no policy). As istioctl (`deployment.ApplicationUIDAnalyzer`): Pods and Deployments only, the
 * `istio-proxy` and `istio-operator` containers and Istio's own objects (label `istio`, or `release: istio`)
 * skipped; one finding per object.
 */
export const IST0144: Rule = {
  id: 'IST0144',
  severity: FindingSeverity.WARNING,
  description: 'A Pod or Deployment runs as UID 1337, the sidecar proxy\'s (InvalidApplicationUID)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const m of [...index.ofKind('', 'Pod'), ...index.ofKind('apps', 'Deployment')]) {
      const labels = m.metadata?.labels ?? {};
      if ('istio' in labels || labels.release === 'istio') continue;
      const spec = m.kind === 'Pod' ? m.spec : m.spec?.template?.spec;
      const base = m.kind === 'Pod' ? 'spec' : 'spec.template.spec';
      const paths: string[] = [];
      if (spec?.securityContext?.runAsUser === PROXY_UID) paths.push(`${base}.securityContext.runAsUser`);
      list(spec?.containers).forEach((c, i) => {
        if (c?.name !== 'istio-proxy' && c?.name !== 'istio-operator' && c?.securityContext?.runAsUser === PROXY_UID) paths.push(`${base}.containers[${i}].securityContext.runAsUser`);
      });
      if (paths.length === 0) continue;
      findings.push(finding(IST0144, m, {
        path: paths[0],
        message: `${index.kindRef(m)} runs as UID 1337 (${paths.join(', ')}), the sidecar proxy's UID: its traffic bypasses the proxy, without mTLS or policy (User ID (UID) 1337 is reserved for the sidecar proxy.)`,
        fix: 'run the application as another UID',
      }));
    }
    return findings;
  },
};
