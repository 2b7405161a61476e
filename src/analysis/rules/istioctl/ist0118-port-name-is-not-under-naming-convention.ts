import { reportedPorts } from './service-port-protocol';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0118 PortNameIsNotUnderNamingConvention: a Service port whose protocol istiod cannot tell from
 * `appProtocol` or the name prefix (`http`, `http2`, `https`, `grpc`, `grpc-web`, `tcp`, `tls`, `mongo`,
 * `redis`, `mysql`, `udp`, before a `-`), on a port other than 25, 53, 3306 or 27017. The proxy then sniffs
 * the protocol, which fails for server-first protocols. As istioctl (`service.PortNameAnalyzer`); ExternalName
 * Services get IST0150 instead.
 */
export const IST0118: Rule = {
  id: 'IST0118',
  severity: FindingSeverity.INFO,
  description: 'A Service port has neither appProtocol nor a protocol-prefixed name (PortNameIsNotUnderNamingConvention)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const svc of index.ofKind('', 'Service')) {
      for (const { index: i, port } of reportedPorts(svc)) {
        if (svc.spec?.type === 'ExternalName') continue;
        const target = port?.targetPort === undefined ? '' : String(port.targetPort);
        findings.push(finding(IST0118, svc, {
          path: `spec.ports[${i}]`,
          message: `Service ${index.ref(svc)} port ${port?.port}${port?.name ? ` (${port.name})` : ''} states no protocol Istio reads (appProtocol, or a name like http-..., grpc-..., tcp-...), so the proxy sniffs it, which breaks server-first protocols (Port name ${port?.name ?? ''} (port: ${port?.port}, targetPort: ${target}) doesn't follow the naming convention of Istio port.)`,
          fix: 'set appProtocol (http, http2, grpc, tcp, tls, ...) on the port, or name it <protocol>[-<suffix>]',
        }));
      }
    }
    return findings;
  },
};
