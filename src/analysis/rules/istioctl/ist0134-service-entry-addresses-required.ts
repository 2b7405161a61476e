import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0134 ServiceEntryAddressesRequired: a ServiceEntry without `addresses` has a port whose protocol is
 * TCP or unset. With no virtual IP, the sidecar cannot tell this TCP traffic from other traffic on the same
 * port (it matches by destination IP), so it falls through to passthrough or another service.
 *
 * As istioctl: one finding per such port; skipped when `status.addresses` shows addresses allocated by
 * istiod, and when the mesh config enables DNS auto-allocation (`MeshConfig.dnsAutoAllocate`:
 * `ISTIO_META_DNS_AUTO_ALLOCATE` or `PILOT_ENABLE_IP_AUTOALLOCATE` with DNS capture).
 */
export const IST0134: Rule = {
  id: 'IST0134',
  severity: FindingSeverity.WARNING,
  description: 'A ServiceEntry has a TCP (or unset protocol) port and no addresses (ServiceEntryAddressesRequired)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    if (index.mesh.dnsAutoAllocate) return findings;
    for (const se of index.ofKind(ISTIO_NETWORKING, 'ServiceEntry')) {
      if (list(se.spec?.addresses).length > 0 || list(se.status?.addresses).length > 0) continue;
      list(se.spec?.ports).forEach((port, i) => {
        const protocol = typeof port?.protocol === 'string' ? port.protocol : '';
        if (protocol !== '' && protocol.toUpperCase() !== 'TCP') return;
        findings.push(finding(IST0134, se, {
          path: `spec.ports[${i}]`,
          message: `ServiceEntry ${index.ref(se)} has port ${port?.number}${port?.name ? ` (${port.name})` : ''} with protocol ${protocol || 'unset'} and no spec.addresses: TCP traffic is matched by destination IP, so without a virtual IP it cannot be routed to this entry (ServiceEntry addresses are required for this protocol.)`,
          fix: 'set spec.addresses to the virtual IPs (or CIDRs) of the service, give the port an application protocol (HTTP, HTTPS, TLS, GRPC) if it has one, or enable DNS auto-allocation in the mesh config',
        }));
      });
    }
    return findings;
  },
};
