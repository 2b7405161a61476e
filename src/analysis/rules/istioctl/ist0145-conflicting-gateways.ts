import { AnalysisFinding } from '../../finding';
import { selectorString } from '../../istio-index';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { Manifest, ManifestIndex, selects } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** What istioctl remembers of a Gateway for one `selector~port` key: its hosts (as written) and their bind. */
type HostsBind = Map<string, string>;

/**
 * IST0145 ConflictingGateways: two Gateways that select the same gateway workload have servers on the same
 * port with the same host (and the same `bind`): istiod builds one of them and drops the other's routes. As
 * istioctl (`gateway.ConflictingGatewayAnalyzer`): two selectors are the same when equal as strings
 * (`k=v,...` sorted), or when one string contains the other and some Pod (or workload template) in the
 * files matches both; hosts are compared as written (`ns/host` included), so `*.example.com` and
 * `www.example.com` do not conflict (the proxy serves the most specific one); for a Gateway with several
 * servers on one port, the last one's hosts are the ones the others are compared with.
 */
export const IST0145: Rule = {
  id: 'IST0145',
  severity: FindingSeverity.ERROR,
  description: 'Two Gateways on the same gateway workload have servers on the same port with the same host (ConflictingGateways)',
  check(index: ManifestIndex): AnalysisFinding[] {
    // "selector~port" -> gateway "ns/name" -> hosts of its (last) server on that port.
    const byKey = new Map<string, Map<string, HostsBind>>();
    const gateways = index.ofKind(ISTIO_NETWORKING, 'Gateway');
    for (const gw of gateways) {
      const selector = selectorString(gw.spec?.selector);
      for (const s of list(gw.spec?.servers)) {
        const key = `${selector}~${portOf(s)}`;
        let entry = byKey.get(key);
        if (!entry) byKey.set(key, entry = new Map());
        entry.set(index.ref(gw), new Map(list(s?.hosts).filter((h): h is string => typeof h === 'string').map(h => [h, bindOf(s)])));
      }
    }
    const selectors = [...new Set([...byKey.keys()].map(k => k.slice(0, k.lastIndexOf('~'))))];
    const workloads = index.allWorkloads();

    const findings: AnalysisFinding[] = [];
    for (const gw of gateways) {
      const name = index.ref(gw);
      const selector = selectorString(gw.spec?.selector);
      const own = gw.spec?.selector && typeof gw.spec.selector === 'object' ? gw.spec.selector : {};
      const same = selectors.filter(x => x === selector || ((x.includes(selector) || selector.includes(x))
        && workloads.some(w => selects(own, w.podLabels) && selects(parseSelector(x), w.podLabels))));
      list(gw.spec?.servers).forEach((s, i) => {
        const port = portOf(s);
        const hosts = list(s?.hosts).filter((h): h is string => typeof h === 'string');
        const others = new Set<string>();
        for (const x of same) {
          for (const [otherName, hostsBind] of byKey.get(`${x}~${port}`) ?? []) {
            if (otherName !== name && hosts.some(h => hostsBind.get(h) === bindOf(s))) others.add(otherName);
          }
        }
        if (others.size === 0) return;
        findings.push(conflict(index, gw, i, [...others].sort(), selector, port, hosts));
      });
    }
    return findings;
  },
};

function conflict(index: ManifestIndex, gw: Manifest, i: number, names: string[], selector: string, port: number, hosts: string[]): AnalysisFinding {
  return finding(IST0145, gw, {
    path: `spec.servers[${i}]`,
    message: `Gateway ${index.ref(gw)} server ${i} (port ${port}, hosts ${hosts.join(',')}) has a host that ${names.join(', ')} also serve${names.length === 1 ? 's' : ''} on the same port of the same gateway workloads (${selector || 'no selector'}): istiod keeps one of the servers and drops the other's routes (Conflict with gateways ${names.join(',')} (workload selector ${selector}, port ${port}, hosts ${hosts.join(',')}).)`,
    fix: 'serve these hosts from one Gateway, or give the servers different ports, hosts or selectors',
  });
}

/** `port.number`, 0 when absent (as the Go getter). */
function portOf(server: any): number {
  return typeof server?.port?.number === 'number' ? server.port.number : 0;
}

function bindOf(server: any): string {
  return typeof server?.bind === 'string' ? server.bind : '';
}

/** istioctl's `parseSelectorFromString`: `k=v,k2=v2` back to labels (pairs without exactly one `=` are dropped). */
function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of s.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) out[kv[0]] = kv[1];
  }
  return out;
}
