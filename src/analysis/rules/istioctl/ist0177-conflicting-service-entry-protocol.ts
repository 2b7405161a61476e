import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING, exportedToAll } from '../../istio-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list, push } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0177 ConflictingServiceEntryProtocol: ServiceEntries visible in one namespace define the same host
 * (as written) and port number with different protocols (compared upper-case), so which protocol the proxy
 * uses depends on which entry istiod takes. As istioctl (`serviceentry.ConflictingServiceEntryProtocolAnalyzer`):
 * entries are keyed by `exportTo` scope (`*` entries count in every scope), and each ServiceEntry is reported
 * once, for the first conflict found (here: in manifest order).
 */
export const IST0177: Rule = {
  id: 'IST0177',
  severity: FindingSeverity.WARNING,
  description: 'ServiceEntries define the same host and port with different protocols (ConflictingServiceEntryProtocol)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const byKey = new Map<string, Array<{ protocol: string; se: Manifest; host: string; port: number }>>();
    for (const se of index.ofKind(ISTIO_NETWORKING, 'ServiceEntry')) {
      const ns = index.namespaceOf(se);
      const scopes = exportedToAll(se.spec?.exportTo) ? ['*'] : [...new Set(list(se.spec?.exportTo).map(e => e === '.' ? ns : String(e)))];
      for (const scope of scopes) {
        for (const host of list(se.spec?.hosts)) {
          if (typeof host !== 'string') continue;
          for (const p of list(se.spec?.ports)) {
            if (typeof p?.number !== 'number') continue;
            push(byKey, JSON.stringify([scope, host, p.number]), { protocol: typeof p.protocol === 'string' ? p.protocol : '', se, host, port: p.number });
          }
        }
      }
    }
    const reported = new Set<Manifest>();
    const findings: AnalysisFinding[] = [];
    for (const [key, own] of byKey) {
      const [scope, host, port] = JSON.parse(key) as [string, string, number];
      const entries = scope === '*' ? own : [...own, ...byKey.get(JSON.stringify(['*', host, port])) ?? []];
      const protocols = [...new Set(entries.map(e => e.protocol.toUpperCase()))].sort();
      if (protocols.length < 2) continue;
      const names = [...new Set(entries.map(e => index.ref(e.se)))].sort().join(', ');
      for (const { se } of entries) {
        if (reported.has(se)) continue;
        reported.add(se);
        findings.push(finding(IST0177, se, {
          path: 'spec.ports',
          message: `ServiceEntry ${index.ref(se)} and the other entries of ${names} define host ${host} port ${port} with different protocols (${protocols.join(', ')}): the proxy uses one of them (Multiple ServiceEntries (${names}) define the same host "${host}" and port ${port} with conflicting protocols (${protocols.join(', ')}).)`,
          fix: `give port ${port} of ${host} the same protocol in every ServiceEntry, or merge the entries`,
        }));
      }
    }
    return findings;
  },
};
