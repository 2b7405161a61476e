import { AnalysisFinding } from '../../finding';
import { HostMap } from '../../istio-index';
import { ISTIO_NETWORKING, MESH_GATEWAY, gatewayHost, resolveGatewayName } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** The hosts a Gateway's servers accept, by the namespace allowed to bind them (`*` for any). */
interface GatewayHosts {
  readonly byNamespace: Map<string, HostMap<true>>;
  readonly listed: string[];
}

/**
 * IST0132 VirtualServiceHostNotFoundInGateway: a VirtualService binds to a Gateway, but none of its hosts
 * overlaps a host that the Gateway's servers accept for the VirtualService's namespace (`ns/host`, `./host`,
 * `*` + `/host`), so the gateway serves none of its routes. As istioctl, the rule fires only when no host
 * matches; a missing Gateway is IST0101.
 */
export const IST0132: Rule = {
  id: 'IST0132',
  severity: FindingSeverity.WARNING,
  description: 'A VirtualService binds to a Gateway whose servers accept none of its hosts (VirtualServiceHostNotFoundInGateway)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const gateways = new Map<string, GatewayHosts>();
    for (const gw of index.ofKind(ISTIO_NETWORKING, 'Gateway')) {
      const ns = index.namespaceOf(gw);
      const entry: GatewayHosts = { byNamespace: new Map(), listed: [] };
      for (const server of list(gw.spec?.servers)) {
        for (const h of list(server?.hosts)) {
          if (typeof h !== 'string') continue;
          const { namespace, host } = gatewayHost(h, ns);
          let hosts = entry.byNamespace.get(namespace);
          if (!hosts) entry.byNamespace.set(namespace, hosts = new HostMap());
          hosts.add(host, true);
          entry.listed.push(h);
        }
      }
      gateways.set(index.ref(gw), entry);
    }

    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      const ns = index.namespaceOf(vs);
      const vsHosts = list(vs.spec?.hosts).filter((h): h is string => typeof h === 'string');
      list(vs.spec?.gateways).forEach((name, i) => {
        if (typeof name !== 'string' || name === MESH_GATEWAY) return;
        const ref = resolveGatewayName(name, ns);
        const gw = gateways.get(`${ref.namespace}/${ref.name}`);
        if (!gw) return;
        const visible = [gw.byNamespace.get('*'), gw.byNamespace.get(ns)].filter((m): m is HostMap<true> => m !== undefined);
        const served = vsHosts.some(h => visible.some(m => m.overlaps(h) || m.overlaps(index.fqdn(h, ns))));
        if (served) return;
        const gwName = `${ref.namespace}/${ref.name}`;
        findings.push(finding(IST0132, vs, {
          path: `spec.gateways[${i}]`,
          message: `VirtualService ${index.ref(vs)} binds to Gateway ${gwName}, but none of its hosts (${vsHosts.join(', ')}) matches a host its servers accept for namespace ${ns} (${gw.listed.join(', ') || 'none'}), so the gateway serves none of its routes (one or more host [${vsHosts.join(' ')}] defined in VirtualService ${index.ref(vs)} not found in Gateway ${gwName}.)`,
          fix: `add the VirtualService's host to a server of Gateway ${gwName} (as "${ns}/<host>" or "*/<host>"), or use a host the Gateway serves in spec.hosts`,
        }));
      });
    }
    return findings;
  },
};
