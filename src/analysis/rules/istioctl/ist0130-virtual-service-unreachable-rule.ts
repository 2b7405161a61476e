import { analyzeShadowing, ruleName } from './route-shadowing';
import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0130 VirtualServiceUnreachableRule: a VirtualService rule that no request can reach, because an
 * earlier rule matches every request (no `match`, or a match with no conditions) or every one of its
 * matches is covered by earlier matches. Istio uses the first rule that matches. See `route-shadowing.ts`.
 */
export const IST0130: Rule = {
  id: 'IST0130',
  severity: FindingSeverity.WARNING,
  description: 'A VirtualService rule is never used because earlier rules match every request it would (VirtualServiceUnreachableRule)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      for (const u of analyzeShadowing(vs.spec).unreachable) {
        const routes = list(vs.spec?.[u.section]);
        const name = ruleName(routes[u.rule], u.rule);
        const by = u.shadowedBy === undefined ? 'the earlier rules' : `rule ${ruleName(routes[u.shadowedBy], u.shadowedBy)}`;
        findings.push(finding(IST0130, vs, {
          path: `spec.${u.section}[${u.rule}]`,
          message: `VirtualService ${index.ref(vs)}: ${u.section} rule ${name} is never used, because ${u.detail} (VirtualService rule ${name} not used (${u.reason}).)`,
          fix: `move rule ${name} before ${by} if it should take precedence, narrow the earlier match, or delete rule ${name}`,
        }));
      }
    }
    return findings;
  },
};
