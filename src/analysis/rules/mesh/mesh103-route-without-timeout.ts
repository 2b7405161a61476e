import { AnalysisFinding } from '../../finding';
import { durationMs, effectiveRetries, formatMs, forwardsUpstream } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { describeHttpRoute } from '../../mesh-helpers';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH103: an Istio HTTP route without `timeout`. Istio's default route timeout is disabled
 * (MESH-FACTS Istio 3), so a request waits on a slow upstream for as long as the connection lives.
 *
 * Routes that never reach an upstream (`redirect`, `directResponse`) and `delegate` routes (the delegate's
 * routes carry the timeout) are not reported.
 */
export const MESH103: Rule = {
  id: 'MESH103',
  severity: FindingSeverity.WARNING,
  description: 'An Istio HTTP route has no timeout (Istio\'s default is disabled: requests can wait forever)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      list(vs.spec?.http).forEach((route, i) => {
        if (!forwardsUpstream(route)) return;
        if (route.timeout !== undefined && route.timeout !== null) return;
        const retries = effectiveRetries(route, index.mesh.defaultRetries);
        const perTry = durationMs(retries.perTryTimeout);
        const bound = perTry && retries.attempts > 0
          ? `; only its retries bound it: perTryTimeout ${formatMs(perTry)} × (attempts ${retries.attempts} + 1) = ${formatMs(perTry * (retries.attempts + 1))} plus backoff`
          : '';
        findings.push(finding(MESH103, vs, {
          path: `spec.http[${i}]`,
          message: `${describeHttpRoute(route, i)} has no timeout: Istio's default route timeout is disabled, so a request to a slow upstream waits as long as the caller does${bound}`,
          fix: `set spec.http[${i}].timeout to the longest a caller should wait (for example 10s), with perTryTimeout × (attempts + 1) within it`,
        }));
      });
    }
    return findings;
  },
};
