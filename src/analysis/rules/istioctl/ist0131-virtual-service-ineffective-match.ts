import { upstreamShadowingOf } from './istioctl-route-shadowing';
import { ruleName } from './route-shadowing';
import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0131 VirtualServiceIneffectiveMatch: a match of a VirtualService rule that never selects its rule,
 * exactly as istioctl decides it (`istioctl-route-shadowing.ts`): it duplicates an earlier match (ignoring
 * `name`), or its `uri.prefix` extends an earlier match's prefix with the same other conditions. Matches
 * covered by broader earlier matches in other ways (a prefix before an exact path, a regex) are MESH113's.
 */
export const IST0131: Rule = {
  id: 'IST0131',
  severity: FindingSeverity.INFO,
  description: 'A VirtualService match duplicates an earlier match, or extends its URI prefix with the same conditions (VirtualServiceIneffectiveMatch)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      for (const e of upstreamShadowingOf(index, vs).ineffective) {
        const rule = e.section === 'http' ? ruleName(list(vs.spec?.http)[e.rule], e.rule) : `#${e.rule}`;
        const overlap = e.matchName.includes(' of prefix ');
        findings.push(finding(IST0131, vs, {
          path: `spec.${e.section}[${e.rule}].match[${e.match}]`,
          message: `VirtualService ${index.ref(vs)}: match ${e.matchName} of ${e.section} rule ${rule} is never used, because ${overlap ? 'an earlier match with a shorter URI prefix and the same conditions' : 'an identical earlier match'} (${e.by}) takes its requests first (VirtualService rule ${rule} match ${e.matchName} is not used (duplicate/overlapping match in rule ${e.by}).)`,
          fix: `remove the match, or move it before ${e.by} if it should take precedence`,
        }));
      }
    }
    return findings;
  },
};

