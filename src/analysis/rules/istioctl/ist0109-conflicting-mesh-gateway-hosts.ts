import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING, boundToMesh, exportedToAll, hostCoverers } from '../../istio-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list, unique } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** One host of a VirtualService bound to the mesh gateway. */
interface MeshHost {
  readonly vs: Manifest;
  readonly hostIndex: number;
}

/** Where a group of VirtualServices is visible: `*` (every namespace) or one namespace. */
type Scope = string;

/**
 * IST0109 ConflictingMeshGatewayVirtualServiceHosts: two VirtualServices bound to the mesh gateway (no
 * `gateways`, or `mesh` among them) define the same host for the same namespaces; which one the sidecars
 * use is undefined.
 *
 * As istioctl does: short hosts are qualified with the VirtualService's namespace; a VirtualService
 * exported to every namespace (no `exportTo`, or `*`) conflicts with another exported to every namespace
 * for the same host, and with any VirtualService exported to a namespace for an overlapping
 * (wildcard-matching) host; VirtualServices exported to the same namespace conflict for the same host.
 */
export const IST0109: Rule = {
  id: 'IST0109',
  severity: FindingSeverity.ERROR,
  description: 'Two VirtualServices bound to the mesh gateway define the same host (ConflictingMeshGatewayVirtualServiceHosts)',
  check(index: ManifestIndex): AnalysisFinding[] {
    // scope -> FQDN -> hosts, built once; "*" scope is every namespace.
    const byScope = new Map<Scope, Map<string, MeshHost[]>>();
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      if (!boundToMesh(vs)) continue;
      const ns = index.namespaceOf(vs);
      const scopes = exportedToAll(vs.spec?.exportTo)
        ? ['*']
        : unique(list(vs.spec?.exportTo).filter(e => typeof e === 'string' && e !== '~').map(e => e === '.' ? ns : e));
      for (const scope of scopes) {
        let hosts = byScope.get(scope);
        if (!hosts) byScope.set(scope, hosts = new Map());
        list(vs.spec?.hosts).forEach((h, hostIndex) => {
          if (typeof h !== 'string') return;
          const fqdn = index.fqdn(h, ns);
          const entries = hosts!.get(fqdn) ?? [];
          if (entries[entries.length - 1]?.vs !== vs) entries.push({ vs, hostIndex });
          hosts!.set(fqdn, entries);
        });
      }
    }

    const global = byScope.get('*') ?? new Map<string, MeshHost[]>();
    // For each host name, the globally exported hosts it covers (a wildcard covering them), so that a
    // scoped host finds every overlapping global host in O(labels): those covering it, and those it covers.
    const scopedHosts = new Set<string>();
    for (const [scope, hosts] of byScope) if (scope !== '*') for (const fqdn of hosts.keys()) scopedHosts.add(fqdn);
    const covered = new Map<string, MeshHost[]>();
    for (const [fqdn, entries] of global) {
      for (const c of hostCoverers(fqdn).slice(1)) {
        if (!scopedHosts.has(c)) continue;
        const under = covered.get(c) ?? [];
        under.push(...entries);
        covered.set(c, under);
      }
    }

    const findings: AnalysisFinding[] = [];
    const reported = new Set<Manifest>();
    const report = (group: MeshHost[], fqdn: string, scope: Scope) => {
      const seen = new Set<Manifest>();
      const members = group.filter(e => !seen.has(e.vs) && seen.add(e.vs));
      if (members.length < 2) return;
      const names = members.map(m => index.ref(m.vs));
      const where = scope === '*' ? 'every namespace' : `namespace ${scope}`;
      members.forEach((m, i) => {
        if (reported.has(m.vs)) return;
        reported.add(m.vs);
        findings.push(finding(IST0109, m.vs, {
          path: `spec.hosts[${m.hostIndex}]`,
          message: `VirtualService ${names[i]} and ${names.filter((_, j) => j !== i).join(', ')} are bound to the mesh gateway and define host ${fqdn} for ${where}: which routes the sidecars use is undefined (The VirtualServices ${names.join(',')} associated with mesh gateway define the same host ${fqdn} which can lead to undefined behavior.)`,
          fix: `merge the routes of ${names.join(', ')} into a single VirtualService for ${fqdn}, or separate them with exportTo or gateways`,
        }));
      });
    };

    for (const [fqdn, entries] of global) report(entries, fqdn, '*');
    for (const [scope, hosts] of byScope) {
      if (scope === '*') continue;
      for (const [fqdn, entries] of hosts) {
        const group = [...entries, ...(covered.get(fqdn) ?? [])];
        for (const c of hostCoverers(fqdn)) group.push(...(global.get(c) ?? []));
        report(group, fqdn, scope);
      }
    }
    return findings;
  },
};
