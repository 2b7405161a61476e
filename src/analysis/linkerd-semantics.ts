/**
 * Linkerd defaults and conventions, shared by the MESH1xx rules and `explain` (MESH-FACTS Linkerd 2 and 3;
 * Linkerd 2.20).
 */

/** A ServiceProfile retry budget (`spec.retryBudget`). */
export interface RetryBudget {
  readonly retryRatio: unknown;
  readonly minRetriesPerSecond: unknown;
  readonly ttl: unknown;
}

/** The retry budget of a ServiceProfile without `spec.retryBudget`. */
export const LINKERD_DEFAULT_RETRY_BUDGET: RetryBudget = { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' };

/** A ServiceProfile route's timeout when it states none. */
export const LINKERD_DEFAULT_ROUTE_TIMEOUT = '10s';

/** A retry budget for messages: `retryRatio 0.2, minRetriesPerSecond 10, ttl 10s`. */
export function describeRetryBudget(budget: RetryBudget): string {
  return `retryRatio ${budget.retryRatio}, minRetriesPerSecond ${budget.minRetriesPerSecond}, ttl ${budget.ttl}`;
}

/**
 * Whether an annotation is one of Linkerd's retry or timeout annotations (`retry.linkerd.io/*`,
 * `timeout.linkerd.io/*`), read on Services, HTTPRoutes and GRPCRoutes and ignored while a ServiceProfile exists.
 */
export function isRetryOrTimeoutAnnotation(key: string): boolean {
  return key.startsWith('retry.linkerd.io/') || key.startsWith('timeout.linkerd.io/');
}
