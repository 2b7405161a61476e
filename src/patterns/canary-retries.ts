import { Duration } from 'cdk8s';
import { HttpMethod } from '../core/http-method';

/**
 * Retries of a pattern's routes, mesh-neutral: only requests whose method is safe to replay are retried.
 * Istio renders `retries` on routes matching those methods (and `attempts: 0` on every other route, so its
 * default policy retries nothing else); Linkerd renders `retry.linkerd.io/*` on an HTTPRoute whose rules
 * match only those methods.
 */
export interface CanaryRetries {
  /**
   * Retries after the first attempt (Istio `retries.attempts`, Linkerd `retry.linkerd.io/limit`): at most
   * `1 + attempts` requests. An integer from 1 to 10.
   */
  readonly attempts: number;

  /**
   * Timeout of each attempt (Istio `perTryTimeout`, Linkerd `retry.linkerd.io/timeout`).
   * `perTryTimeout × (attempts + 1)` must fit in the route timeout.
   *
   * @default - each attempt is bounded only by the route timeout
   */
  readonly perTryTimeout?: Duration;

  /**
   * The methods whose requests are retried: safe or idempotent ones only (GET, HEAD, OPTIONS, TRACE, PUT,
   * DELETE); POST, PATCH and CONNECT are refused, since a replay repeats their side effect.
   *
   * @default [GET, HEAD, OPTIONS]
   */
  readonly methods?: HttpMethod[];
}
