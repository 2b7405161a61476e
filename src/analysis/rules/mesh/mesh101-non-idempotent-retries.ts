import { methodList } from '../../../core/http-methods';
import { AnalysisFinding } from '../../finding';
import { effectiveRetries, forwardsUpstream, nonIdempotentMethodsMatched } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH101: an Istio HTTP route that can match POST or PATCH retries, including through Istio's default
 * retry policy when `retries` is absent (istio/istio#50506: a double payout).
 *
 * Routes that never reach an upstream (`redirect`, `directResponse`) retry nothing, and `delegate` routes take
 * their retries from the delegate's routes (checked where they are defined): neither is reported.
 */
export const MESH101: Rule = {
  id: 'MESH101',
  severity: FindingSeverity.ERROR,
  description: 'An Istio HTTP route that can match POST or PATCH retries them (explicitly, or by Istio\'s default policy when `retries` is absent)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      list(vs.spec?.http).forEach((route, i) => {
        if (!forwardsUpstream(route)) return;
        const methods = nonIdempotentMethodsMatched(route);
        const retries = effectiveRetries(route);
        if (methods.length === 0 || retries.attempts <= 0) return;
        const how = retries.fromIstioDefault
          ? `has no retries field, so Istio's default policy retries it (${retries.attempts} attempts on ${retries.retryOn})`
          : `retries it (attempts: ${retries.attempts}${retries.retryOn ? `, retryOn: ${retries.retryOn}` : ''})`;
        const which = Array.isArray(route.match) && route.match.length > 0 ? 'can match' : 'has no method match, so it matches';
        findings.push(finding(MESH101, vs, {
          path: retries.fromIstioDefault ? `spec.http[${i}]` : `spec.http[${i}].retries`,
          message: `route ${route.name ? `"${route.name}" ` : ''}${which} ${methodList(methods)} and ${how}: a retried ${methods[0]} can be applied twice`,
          fix: 'set retries: {attempts: 0} on this route, and give retries only to a route that matches GET, HEAD or OPTIONS (match.method)',
        }));
      });
    }
    return findings;
  },
};
