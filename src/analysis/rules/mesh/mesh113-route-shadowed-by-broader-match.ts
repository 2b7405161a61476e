import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';
import { upstreamShadowingOf } from '../istioctl/istioctl-route-shadowing';
import { analyzeShadowing, ruleName } from '../istioctl/route-shadowing';

/**
 * MESH113: a VirtualService rule or match that never takes a request because a broader earlier match takes
 * every request it would, in a way istioctl does not report under IST0130/IST0131: an earlier `prefix` that
 * covers a later `exact` or `prefix` with conditions implied by the later ones (`prefix: /api` before
 * `exact: /api/pay`), an earlier match with no conditions (or only `uri.prefix: /`), an earlier regex that
 * matches a later exact value, headers or query parameters that are a subset of the later ones, and
 * coverage spread over several earlier rules. Istio uses the first rule that matches (`route-shadowing.ts`).
 * What istioctl does report stays under IST0130/IST0131 and is not repeated here.
 */
export const MESH113: Rule = {
  id: 'MESH113',
  severity: FindingSeverity.WARNING,
  description: 'A VirtualService rule or match is never used because broader earlier matches take its requests (beyond IST0130/IST0131)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      const ours = analyzeShadowing(vs.spec);
      const theirs = upstreamShadowingOf(index, vs);
      const unreachable = new Set(theirs.unreachable.map(u => `${u.section}[${u.rule}]`));
      const ineffective = new Set(theirs.ineffective.map(e => `${e.section}[${e.rule}].match[${e.match}]`));
      for (const u of ours.unreachable) {
        if (unreachable.has(`${u.section}[${u.rule}]`)) continue;
        const routes = list(vs.spec?.[u.section]);
        // every match already reported by IST0131: the rule being unused says nothing new
        const matches = list(routes[u.rule]?.match);
        if (matches.length > 0 && matches.every((_m, k) => ineffective.has(`${u.section}[${u.rule}].match[${k}]`))) continue;
        const name = ruleName(routes[u.rule], u.rule);
        findings.push(finding(MESH113, vs, {
          path: `spec.${u.section}[${u.rule}]`,
          message: `VirtualService ${index.ref(vs)}: ${u.section} rule ${name} is never used, because ${u.detail}`,
          fix: `move rule ${name} before the broader rule if it should take precedence, narrow the earlier match, or delete rule ${name}`,
        }));
      }
      for (const e of ours.ineffective) {
        if (ineffective.has(`${e.section}[${e.rule}].match[${e.match}]`) || e.duplicate) continue;
        const routes = list(vs.spec?.[e.section]);
        const rule = ruleName(routes[e.rule], e.rule);
        const match = ruleName(list(routes[e.rule]?.match)[e.match], e.match);
        const byRule = ruleName(routes[e.byRule], e.byRule);
        const byMatch = ruleName(list(routes[e.byRule]?.match)[e.byMatch], e.byMatch);
        findings.push(finding(MESH113, vs, {
          path: `spec.${e.section}[${e.rule}].match[${e.match}]`,
          message: `VirtualService ${index.ref(vs)}: match ${match} of ${e.section} rule ${rule} is never used, because every request it matches is already matched by ${e.byRule === e.rule ? `match ${byMatch} of the same rule` : `match ${byMatch} of rule ${byRule}`}`,
          fix: e.byRule === e.rule ? `remove match ${match} from rule ${rule}` : `remove match ${match}, or move rule ${rule} before rule ${byRule} if it should take precedence`,
        }));
      }
    }
    return findings;
  },
};
