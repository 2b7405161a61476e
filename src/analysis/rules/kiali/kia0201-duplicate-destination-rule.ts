import { AnalysisFinding } from '../../finding';
import { hostCoverers } from '../../istio-semantics';
import { destinationRules, drTlsMode, kialiFqdn } from '../../kiali-helpers';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list, push, unique } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** Stands for "every subset": a DestinationRule that lists no subsets (Kiali's `~`). */
const ALL = '~';

interface Entry {
  readonly dr: Manifest;
  readonly host: string;
  readonly subsets: string[];
}

/** The DestinationRules of one host, by subset name (`~` for rules without subsets). */
class HostRules {
  public readonly entries: Entry[] = [];
  public readonly bySubset = new Map<string, Entry[]>();

  public add(e: Entry) {
    this.entries.push(e);
    for (const s of e.subsets) push(this.bySubset, s, e);
  }

  /** The entries `e`'s subset `s` collides with: same subset name, or a rule covering every subset. */
  public collidingWith(s: string): Entry[] {
    if (s === ALL) return this.entries;
    return [...this.bySubset.get(s) ?? [], ...this.bySubset.get(ALL) ?? []];
  }
}

/**
 * KIA0201 (Kiali `destinationrules.multimatch`): more than one DestinationRule for the same host and subset.
 * Hosts are compared as FQDNs; a rule without subsets covers every subset of its host; a wildcard host
 * (`*.prod.svc.cluster.local`) covers the hosts under it. As in Kiali, wildcard rules that only turn on
 * ISTIO_MUTUAL (the namespace- or mesh-wide mTLS rules) are left out.
 */
export const KIA0201: Rule = {
  id: 'KIA0201',
  severity: FindingSeverity.WARNING,
  description: 'More than one DestinationRule for the same host and subset (Kiali KIA0201)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const byHost = new Map<string, HostRules>();
    for (const dr of destinationRules(index)) {
      const host = dr.spec?.host;
      if (typeof host !== 'string' || host === '') continue;
      const fqdn = kialiFqdn(index, host, index.namespaceOf(dr));
      if (fqdn.startsWith('*') && drTlsMode(dr) === 'ISTIO_MUTUAL') continue;
      const names = list(dr.spec?.subsets).map(s => s?.name).filter((n): n is string => typeof n === 'string');
      let rules = byHost.get(fqdn);
      if (!rules) byHost.set(fqdn, rules = new HostRules());
      rules.add({ dr, host: fqdn, subsets: names.length > 0 ? unique(names) : [ALL] });
    }

    // For each DestinationRule, the rules it collides with and a description of the first overlap.
    const conflicts = new Map<Manifest, Map<Manifest, string>>();
    const record = (a: Entry, b: Entry, subset: string, host: string) => {
      if (a.dr === b.dr) return;
      const what = `host "${host}" ${subset === ALL ? '(every subset)' : `subset ${subset}`}`;
      for (const [x, y] of [[a, b], [b, a]]) {
        let others = conflicts.get(x.dr);
        if (!others) conflicts.set(x.dr, others = new Map());
        if (!others.has(y.dr)) others.set(y.dr, what);
      }
    };

    for (const [host, rules] of byHost) {
      const related = [rules, ...hostCoverers(host).slice(1).map(w => byHost.get(w)).filter((r): r is HostRules => !!r)];
      for (const e of rules.entries) {
        for (const s of e.subsets) {
          for (const other of related) {
            for (const o of other.collidingWith(s)) {
              if (other === rules && o.dr === e.dr) continue;
              const overlap = s !== ALL ? s : o.subsets.length === 1 ? o.subsets[0] : ALL;
              record(e, o, overlap, host);
            }
          }
        }
      }
    }

    const findings: AnalysisFinding[] = [];
    for (const [dr, others] of conflicts) {
      const clashes = [...others].map(([o, what]) => `DestinationRule ${index.ref(o)} also configures ${what}`);
      findings.push(finding(KIA0201, dr, {
        path: 'spec.host',
        message: `More than one DestinationRules for the same host subset combination: ${clashes.join('; ')}`,
        fix: 'keep one DestinationRule per host and subset (merge the subsets into one rule): Istio merges rules for one host only '
          + 'partly, and for a subset defined twice or the top-level trafficPolicy the oldest rule wins',
      }));
    }
    return findings;
  },
};
