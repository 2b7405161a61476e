import { meshedDeploymentServices } from './deployment-services';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list, push } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0116 DeploymentAssociatedToMultipleServices: the Services that select a meshed Deployment's pods use
 * one port number with different protocols (TCP, UDP, SCTP; absent is TCP), which the sidecar cannot serve
 * both. As istioctl (`deployment-services.ts`): one finding per Deployment and port.
 */
export const IST0116: Rule = {
  id: 'IST0116',
  severity: FindingSeverity.WARNING,
  description: 'Services selecting a meshed Deployment use one port with different protocols (DeploymentAssociatedToMultipleServices)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const { deployment, services } of meshedDeploymentServices(index)) {
      const byPort = new Map<number, Map<string, string[]>>();
      for (const svc of services) {
        for (const p of list(svc.spec?.ports)) {
          if (typeof p?.port !== 'number') continue;
          const protocols = byPort.get(p.port) ?? new Map<string, string[]>();
          const protocol = typeof p.protocol === 'string' && p.protocol !== '' ? p.protocol : 'TCP';
          push(protocols, protocol, index.ref(svc));
          byPort.set(p.port, protocols);
        }
      }
      for (const [port, protocols] of byPort) {
        if (protocols.size < 2) continue;
        const names = [...protocols.values()].flat().sort();
        findings.push(finding(IST0116, deployment, {
          path: 'spec.template.metadata.labels',
          message: `Deployment ${index.ref(deployment)} is selected by Services ${names.join(', ')}, which use port ${port} with different protocols (${[...protocols.keys()].sort().join(', ')}) (This deployment ${deployment.metadata?.name} is associated with multiple services using port ${port} but different protocols: [${names.join(' ')}])`,
          fix: 'use one protocol per port across the Services that select these pods, or give the other protocol its own port',
        }));
      }
    }
    return findings;
  },
};
