import { upstreamShadowingOf } from './istioctl-route-shadowing';
import { ruleName } from './route-shadowing';
import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** Why a rule is unused, in our words, by istioctl's reason. */
const DETAIL: Record<string, string> = {
  'only the last rule can have no matches': 'an earlier rule has no match and takes every request',
  'route without matches defined before': 'an earlier rule has no match and takes every request',
  'all matches used by prior rules': 'each of its matches duplicates an earlier match',
};

/**
 * IST0130 VirtualServiceUnreachableRule: a VirtualService rule that no request reaches, exactly as istioctl
 * decides it (`istioctl-route-shadowing.ts`): it comes after a rule without `match`, or every one of its
 * matches duplicates an earlier match. Istio uses the first rule that matches. Rules shadowed by broader
 * earlier matches, which istioctl does not report, are MESH113's.
 */
export const IST0130: Rule = {
  id: 'IST0130',
  severity: FindingSeverity.WARNING,
  description: 'A VirtualService rule is never used: it follows a rule without match, or all its matches duplicate earlier ones (VirtualServiceUnreachableRule)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      for (const u of upstreamShadowingOf(index, vs).unreachable) {
        const routes = list(vs.spec?.[u.section]);
        const name = u.section === 'http' ? ruleName(routes[u.rule], u.rule) : `#${u.rule}`;
        findings.push(finding(IST0130, vs, {
          path: `spec.${u.section}[${u.rule}]`,
          message: `VirtualService ${index.ref(vs)}: ${u.section} rule ${name} is never used, because ${DETAIL[u.reason]} (VirtualService rule ${name} not used (${u.reason}).)`,
          fix: `move rule ${name} before the rule that takes its requests if it should take precedence, or delete rule ${name}`,
        }));
      }
    }
    return findings;
  },
};
