import { meshedDeploymentServices } from './deployment-services';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0137 DeploymentConflictingPorts: the Services that select a meshed Deployment's pods send different
 * Service ports to one targetPort (absent: the port itself), so the sidecar's inbound listener for that
 * container port gets conflicting configuration. As istioctl (`deployment-services.ts`): a targetPort is
 * compared as written (a name and a number differ); for one port number, the last Service counts.
 */
export const IST0137: Rule = {
  id: 'IST0137',
  severity: FindingSeverity.WARNING,
  description: 'Services selecting a meshed Deployment map different ports to one targetPort (DeploymentConflictingPorts)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const { deployment, services } of meshedDeploymentServices(index)) {
      const byTarget = new Map<string, Map<number, string>>();
      for (const svc of services) {
        for (const p of list(svc.spec?.ports)) {
          if (typeof p?.port !== 'number') continue;
          const t = p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '' ? String(p.port) : String(p.targetPort);
          const ports = byTarget.get(t) ?? new Map<number, string>();
          ports.set(p.port, index.ref(svc));
          byTarget.set(t, ports);
        }
      }
      for (const [target, ports] of byTarget) {
        if (ports.size < 2) continue;
        const names = [...ports.values()].sort();
        const numbers = [...ports.keys()].sort((a, b) => a - b);
        findings.push(finding(IST0137, deployment, {
          path: 'spec.template.metadata.labels',
          message: `Deployment ${index.ref(deployment)} is selected by Services ${[...new Set(names)].join(', ')}, which send ports ${numbers.join(', ')} to one targetPort ${target} (This deployment ${deployment.metadata?.name} is associated with multiple services [${names.join(' ')}] using targetPort "${target}" but different ports: [${numbers.join(' ')}].)`,
          fix: `use one Service port for targetPort ${target}, or target different container ports`,
        }));
      }
    }
    return findings;
  },
};
