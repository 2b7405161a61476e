import { AnalysisFinding } from '../../finding';
import { durationMs, effectiveRetries, formatMs, forwardsUpstream } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { describeHttpRoute } from '../../mesh-helpers';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH102: an Istio HTTP route whose tries (`perTryTimeout × (attempts + 1)`) do not fit in its `timeout`.
 * Istio cuts the whole request at `timeout`, so the later retries never run (or run cut short): with
 * attempts 3, perTryTimeout 5s and timeout 10s, at most 2 of the 4 tries get their full 5s.
 *
 * Only routes with a `timeout` are checked: Istio's default timeout is disabled (MESH-FACTS Istio 3), so
 * without one nothing cuts the tries short (MESH103 reports the missing timeout). A route without an explicit
 * `perTryTimeout` gives each try the whole route timeout on purpose; it is not reported. Nor are routes that
 * never reach an upstream (`redirect`, `directResponse`) or `delegate` routes (`forwardsUpstream`).
 */
export const MESH102: Rule = {
  id: 'MESH102',
  severity: FindingSeverity.WARNING,
  description: 'An Istio HTTP route\'s perTryTimeout × (attempts + 1) exceeds its timeout, so retries are cut short',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      list(vs.spec?.http).forEach((route, i) => {
        if (!forwardsUpstream(route)) return;
        const timeout = durationMs(route?.timeout);
        const retries = effectiveRetries(route, index.mesh.defaultRetries);
        const perTry = durationMs(retries.perTryTimeout);
        if (!timeout || !perTry || retries.attempts <= 0) return;
        const tries = retries.attempts + 1;
        const total = perTry * tries;
        if (total <= timeout) return;
        const fit = Math.floor(timeout / perTry);
        const consequence = fit === 0
          ? `the first try is cut at ${formatMs(timeout)} before its perTryTimeout, so no retry after a per-try timeout ever runs`
          : `Istio cuts the request at ${formatMs(timeout)}, so at most ${fit} of the ${tries} tries can run their full ${formatMs(perTry)}`;
        findings.push(finding(MESH102, vs, {
          path: `spec.http[${i}].retries.perTryTimeout`,
          message: `${describeHttpRoute(route, i)}: perTryTimeout ${formatMs(perTry)} × (attempts ${retries.attempts} + 1) = ${formatMs(total)} exceeds timeout ${formatMs(timeout)}; ${consequence} (backoff between tries, 25ms base, comes on top)`,
          fix: `make perTryTimeout × (attempts + 1) fit in the timeout: perTryTimeout ≤ ${formatMs(Math.floor(timeout / tries))} for ${retries.attempts} attempts, or fewer attempts, or timeout ≥ ${formatMs(total)}`,
        }));
      });
    }
    return findings;
  },
};
