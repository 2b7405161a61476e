import { AnalysisFinding } from '../../finding';
import { HostMap, selectorString } from '../../istio-index';
import { ISTIO_NETWORKING, gatewayHost } from '../../istio-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** One server of a Gateway. */
interface Server {
  readonly gateway: Manifest;
  readonly name: string;
  readonly index: number;
}

/**
 * IST0145 ConflictingGateways: two Gateways with the same workload selector have servers on the same port
 * number with overlapping hosts; the gateway proxies get conflicting listeners or routes and one of them
 * wins. As istioctl: the selector is compared as a whole (`k=v,...`), hosts by wildcard overlap; unlike
 * istioctl, the `namespace/` part of a server host is ignored, because it limits which VirtualServices
 * bind, not which requests the listener takes.
 */
export const IST0145: Rule = {
  id: 'IST0145',
  severity: FindingSeverity.ERROR,
  description: 'Two Gateways with the same selector have servers on the same port with overlapping hosts (ConflictingGateways)',
  check(index: ManifestIndex): AnalysisFinding[] {
    // "selector~port" -> hosts of every server on that port.
    const byKey = new Map<string, HostMap<Server>>();
    const entries: Array<{ key: string; host: string; server: Server }> = [];
    for (const gw of index.ofKind(ISTIO_NETWORKING, 'Gateway')) {
      const selector = selectorString(gw.spec?.selector);
      const ns = index.namespaceOf(gw);
      list(gw.spec?.servers).forEach((s, i) => {
        const port = s?.port?.number;
        if (port === undefined || port === null) return;
        const key = `${selector}~${port}`;
        let hosts = byKey.get(key);
        if (!hosts) byKey.set(key, hosts = new HostMap());
        const server: Server = { gateway: gw, name: index.ref(gw), index: i };
        for (const h of list(s?.hosts)) {
          if (typeof h !== 'string') continue;
          const { host } = gatewayHost(h, ns);
          hosts.add(host, server);
          entries.push({ key, host, server });
        }
      });
    }

    // For each server, the other gateways it conflicts with (both sides are found, as each host is queried).
    const conflicts = new Map<Server, Set<string>>();
    for (const { key, host, server } of entries) {
      for (const other of byKey.get(key)!.overlapping(host)) {
        if (other.name === server.name) continue;
        const set = conflicts.get(server) ?? new Set<string>();
        set.add(other.name);
        conflicts.set(server, set);
      }
    }

    const findings: AnalysisFinding[] = [];
    for (const [server, others] of conflicts) {
      const spec = server.gateway.spec.servers[server.index];
      const selector = selectorString(server.gateway.spec?.selector);
      const names = [...others].sort();
      const hosts = list(spec.hosts).join(',');
      findings.push(finding(IST0145, server.gateway, {
        path: `spec.servers[${server.index}]`,
        message: `Gateway ${server.name} server ${server.index} (port ${spec.port.number}, hosts ${hosts}) overlaps ${names.join(', ')}, which select${names.length === 1 ? 's' : ''} the same workloads (${selector || 'no selector'}) on the same port with a matching host: the proxy applies only one of them (Conflict with gateways ${names.join(',')} (workload selector ${selector}, port ${spec.port.number}, hosts ${hosts}).)`,
        fix: 'serve these hosts from one Gateway, or give the servers different ports, hosts or selectors',
      }));
    }
    return findings;
  },
};
