import { analyzeShadowing, ruleName } from './route-shadowing';
import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0131 VirtualServiceIneffectiveMatch: a match of a VirtualService rule that duplicates an earlier
 * match, or is covered by a broader earlier one (`prefix: /api` before `exact: /api/pay` with the same
 * other conditions), so it never selects its rule. See `route-shadowing.ts`.
 */
export const IST0131: Rule = {
  id: 'IST0131',
  severity: FindingSeverity.INFO,
  description: 'A VirtualService match duplicates or is covered by a match of an earlier rule (VirtualServiceIneffectiveMatch)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      for (const e of analyzeShadowing(vs.spec).ineffective) {
        const routes = list(vs.spec?.[e.section]);
        const rule = ruleName(routes[e.rule], e.rule);
        const match = ruleName(list(routes[e.rule]?.match)[e.match], e.match);
        const byRule = ruleName(routes[e.byRule], e.byRule);
        const byMatch = ruleName(list(routes[e.byRule]?.match)[e.byMatch], e.byMatch);
        const same = e.byRule === e.rule ? 'an earlier match of the same rule' : `match ${byMatch} of rule ${byRule}`;
        findings.push(finding(IST0131, vs, {
          path: `spec.${e.section}[${e.rule}].match[${e.match}]`,
          message: `VirtualService ${index.ref(vs)}: match ${match} of ${e.section} rule ${rule} is never used, because ${e.duplicate ? 'it duplicates' : 'every request it matches is already matched by'} ${same}${e.byRule === e.rule ? ` (${byMatch})` : ''} (VirtualService rule ${rule} match ${match} is not used (duplicate/overlapping match in rule ${byRule}).)`,
          fix: e.byRule === e.rule
            ? `remove match ${match} from rule ${rule}`
            : `remove match ${match}, or move rule ${rule} before rule ${byRule} if it should take precedence`,
        }));
      }
    }
    return findings;
  },
};
