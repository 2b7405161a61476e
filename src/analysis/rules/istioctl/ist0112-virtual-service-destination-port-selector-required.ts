import { resolvedDestinations } from './destination-hosts';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0112 VirtualServiceDestinationPortSelectorRequired: a route or mirror destination names no
 * `port` while its host (a Service or ServiceEntry among the manifests) exposes more than one port, so
 * istiod cannot tell which port the route is for. As istioctl (`virtualservice.DestinationHostAnalyzer`).
 */
export const IST0112: Rule = {
  id: 'IST0112',
  severity: FindingSeverity.ERROR,
  description: 'A VirtualService destination names no port while its Service or ServiceEntry exposes several (VirtualServiceDestinationPortSelectorRequired)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const d of resolvedDestinations(index)) {
      if (!d.target || d.destination.port != null || d.target.ports.length <= 1) continue;
      const ports = d.target.ports;
      findings.push(finding(IST0112, d.vs, {
        path: d.path,
        message: `VirtualService ${index.ref(d.vs)} routes to ${d.host} without a port, but ${index.kindRef(d.target.object)} exposes ports ${ports.join(', ')} (This VirtualService routes to a service "${d.host}" that exposes multiple ports [${ports.join(' ')}]. Specifying a port in the destination is required to disambiguate.)`,
        fix: `set port.number on the destination to one of ${ports.join(', ')}`,
      }));
    }
    return findings;
  },
};
