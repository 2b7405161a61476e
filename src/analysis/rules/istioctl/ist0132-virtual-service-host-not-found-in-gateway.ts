import { AnalysisFinding } from '../../finding';
import { HostMap } from '../../istio-index';
import { GATEWAY_API, ISTIO_NETWORKING, MESH_GATEWAY, gatewayHost, hostsOverlap, isInternalGatewayReference, resolveGatewayName } from '../../istio-semantics';
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
 * `*` + `/host`), so the gateway serves none of its routes. For a Gateway API Gateway
 * (`gateway.networking.k8s.io`), the hosts are its listeners' `hostname`s; a listener without one accepts
 * every host. As istioctl (`virtualservice.GatewayAnalyzer`): the rule fires only when no host matches, and
 * also for a Gateway that is not among the manifests (which accepts nothing; IST0101 reports it missing);
 * an internal gateway reference is IST0165's.
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
    // Gateway API Gateways: their listener hostnames, or undefined when a listener takes every host.
    const kubeGateways = new Map<string, string[] | undefined>();
    for (const gw of index.ofKind(GATEWAY_API, 'Gateway')) {
      const hostnames: string[] = [];
      let all = false;
      for (const l of list(gw.spec?.listeners)) {
        if (typeof l?.hostname === 'string' && l.hostname !== '') hostnames.push(l.hostname);
        else all = true;
      }
      kubeGateways.set(index.ref(gw), all ? undefined : hostnames);
    }

    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      const ns = index.namespaceOf(vs);
      const vsHosts = list(vs.spec?.hosts).filter((h): h is string => typeof h === 'string');
      list(vs.spec?.gateways).forEach((name, i) => {
        if (typeof name !== 'string' || name === MESH_GATEWAY || isInternalGatewayReference(name)) return;
        const ref = resolveGatewayName(name, ns);
        const gwName = `${ref.namespace}/${ref.name}`;
        const gw = gateways.get(gwName);
        const upstream = `(one or more host [${vsHosts.join(' ')}] defined in VirtualService ${index.ref(vs)} not found in Gateway ${gwName}.)`;
        if (gw) {
          const visible = [gw.byNamespace.get('*'), gw.byNamespace.get(ns)].filter((m): m is HostMap<true> => m !== undefined);
          const served = vsHosts.some(h => visible.some(m => m.overlaps(h) || m.overlaps(index.fqdn(h, ns))));
          if (served) return;
          findings.push(finding(IST0132, vs, {
            path: `spec.gateways[${i}]`,
            message: `VirtualService ${index.ref(vs)} binds to Gateway ${gwName}, but none of its hosts (${vsHosts.join(', ')}) matches a host its servers accept for namespace ${ns} (${gw.listed.join(', ') || 'none'}), so the gateway serves none of its routes ${upstream}`,
            fix: `add the VirtualService's host to a server of Gateway ${gwName} (as "${ns}/<host>" or "*/<host>"), or use a host the Gateway serves in spec.hosts`,
          }));
          return;
        }
        if (kubeGateways.has(gwName)) {
          const hostnames = kubeGateways.get(gwName);
          if (hostnames === undefined || vsHosts.some(h => hostnames.some(l => hostsOverlap(l, h)))) return;
          findings.push(finding(IST0132, vs, {
            path: `spec.gateways[${i}]`,
            message: `VirtualService ${index.ref(vs)} binds to Gateway API Gateway ${gwName}, but none of its hosts (${vsHosts.join(', ')}) matches a listener hostname (${hostnames.join(', ') || 'none'}), so the gateway serves none of its routes ${upstream}`,
            fix: `add a listener for the VirtualService's host to Gateway ${gwName} (or one without hostname), or use a host it listens for in spec.hosts`,
          }));
          return;
        }
        findings.push(finding(IST0132, vs, {
          path: `spec.gateways[${i}]`,
          message: `VirtualService ${index.ref(vs)} binds to Gateway ${gwName}, which is not among the manifests, so no gateway server accepts its hosts (${vsHosts.join(', ')}) ${upstream}`,
          fix: `create Gateway ${gwName} with a server for the VirtualService's hosts, or bind to an existing Gateway`,
        }));
      });
    }
    return findings;
  },
};
