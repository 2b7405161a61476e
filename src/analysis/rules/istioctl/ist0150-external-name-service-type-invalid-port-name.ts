import { reportedPorts } from './service-port-protocol';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0150 ExternalNameServiceTypeInvalidPortName: a port of an ExternalName Service that is named `tcp` or
 * states no protocol Istio reads. For ExternalName Services the proxy cannot forward unmatched or TCP traffic
 * correctly on such ports. As istioctl (`service.PortNameAnalyzer`).
 */
export const IST0150: Rule = {
  id: 'IST0150',
  severity: FindingSeverity.WARNING,
  description: 'A port of an ExternalName Service is named tcp or states no protocol (ExternalNameServiceTypeInvalidPortName)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const svc of index.ofKind('', 'Service')) {
      for (const { index: i, port, externalName } of reportedPorts(svc)) {
        if (!externalName) continue;
        findings.push(finding(IST0150, svc, {
          path: `spec.ports[${i}]`,
          message: `ExternalName Service ${index.ref(svc)} port ${port?.port}${port?.name ? ` (${port.name})` : ''} is named tcp or states no protocol, so the proxy may not forward its traffic (Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly)`,
          fix: 'name the port after its application protocol (http-..., https-..., tls-...) or set appProtocol; for raw TCP use a ServiceEntry with addresses instead',
        }));
      }
    }
    return findings;
  },
};
