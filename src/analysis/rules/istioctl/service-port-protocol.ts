/**
 * The protocol istiod reads from a Service port (`ConvertProtocol` in istio/istio
 * `pkg/config/kube/conversion.go`, `protocol.Parse`), and which Service ports istioctl's
 * `service.PortNameAnalyzer` reports (IST0118, IST0150).
 */
import { Manifest } from '../../manifest-index';
import { list } from '../../util';

const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
/** SMTP, DNS, MySQL, MongoDB: TCP when the name says nothing. */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);
const KUBERNETES_APP_PROTOCOLS = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);
/** `gateway.istio.io/managed` values of Services that Istio's gateway controllers create. */
const MANAGED = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/** Whether istiod cannot tell the protocol of a Service port (it then sniffs the protocol). */
export function protocolUnsupported(port: any): boolean {
  if (port?.protocol === 'UDP') return false;
  let name: string = typeof port?.appProtocol === 'string' ? port.appProtocol : typeof port?.name === 'string' ? port.name : '';
  if (typeof port?.appProtocol === 'string' && KUBERNETES_APP_PROTOCOLS.has(name)) return false;
  if (name.toLowerCase().startsWith('grpc-web')) return false;
  const dash = name.indexOf('-');
  if (dash >= 0) name = name.slice(0, dash);
  if (PROTOCOLS.has(name.toLowerCase())) return false;
  return !WELL_KNOWN_PORTS.has(port?.port);
}

/** A Service port istioctl reports, and whether the Service is of type ExternalName (IST0150, else IST0118). */
export interface ReportedPort {
  readonly index: number;
  readonly port: any;
  readonly externalName: boolean;
}

/**
 * The ports of a Service that istioctl reports: a port whose protocol istiod cannot tell, or a port named
 * `tcp` on an ExternalName Service. Skipped: Istio's own Services (label `istio`, or `release: istio`) and
 * Services Istio's gateway controllers manage.
 */
export function reportedPorts(svc: Manifest): ReportedPort[] {
  const labels = svc.metadata?.labels ?? {};
  if ('istio' in labels || labels.release === 'istio') return [];
  if (MANAGED.has(labels['gateway.istio.io/managed'])) return [];
  const externalName = svc.spec?.type === 'ExternalName';
  return list(svc.spec?.ports).flatMap((port, index) =>
    protocolUnsupported(port) || (port?.name === 'tcp' && externalName) ? [{ index, port, externalName }] : []);
}
