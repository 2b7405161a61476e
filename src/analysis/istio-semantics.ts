/**
 * How Istio interprets VirtualService routes, shared by the rules and `explain`. Facts are from
 * ../shared/MESH-FACTS.md (Istio 1.30).
 */

/** Istio's mesh-wide default retry policy, applied to an HTTP route that has no `retries` field. */
export const ISTIO_DEFAULT_RETRIES = {
  attempts: 2,
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
};

/** Methods that are not idempotent: a retry can apply them twice. */
export const NON_IDEMPOTENT_METHODS = ['POST', 'PATCH'];

/** The retries a route gets: its own, or Istio's default when `retries` is absent. */
export interface EffectiveRetries {
  readonly attempts: number;
  readonly retryOn?: string;
  readonly perTryTimeout?: string;
  /** True when the route has no `retries` field and Istio's default policy applies. */
  readonly fromIstioDefault: boolean;
}

/** The effective retry policy of a VirtualService HTTP route. */
export function effectiveRetries(route: any): EffectiveRetries {
  const r = route?.retries;
  if (r === undefined || r === null) {
    return { ...ISTIO_DEFAULT_RETRIES, fromIstioDefault: true };
  }
  const attempts = typeof r.attempts === 'number' ? r.attempts : 0;
  return { attempts: Math.max(0, attempts), retryOn: r.retryOn, perTryTimeout: r.perTryTimeout, fromIstioDefault: false };
}

/**
 * Whether an Istio StringMatch (`{exact}`, `{prefix}`, `{regex}`) matches `value`. Regexes are RE2 and
 * must match the whole value (Envoy's safe_regex).
 */
export function stringMatches(match: any, value: string): boolean {
  if (!match || typeof match !== 'object') return true;
  if (typeof match.exact === 'string') return match.exact === value;
  if (typeof match.prefix === 'string') return value.startsWith(match.prefix);
  if (typeof match.regex === 'string') {
    try {
      return new RegExp(`^(?:${match.regex})$`).test(value);
    } catch {
      return true; // an unparseable regex: assume it may match (conservative for safety rules)
    }
  }
  return true;
}

/** Whether an HTTP route can match a request with `method` (a route with no `match` matches everything). */
export function routeCanMatchMethod(route: any, method: string): boolean {
  const matches: any[] | undefined = route?.match;
  if (!Array.isArray(matches) || matches.length === 0) return true;
  return matches.some(m => !m?.method || stringMatches(m.method, method));
}

/** The non-idempotent methods (POST, PATCH) an HTTP route can match. */
export function nonIdempotentMethodsMatched(route: any): string[] {
  return NON_IDEMPOTENT_METHODS.filter(m => routeCanMatchMethod(route, m));
}

/** Parses a protobuf/Go duration string (`1.5s`, `250ms`, `1m`) to milliseconds; undefined if unparseable. */
export function durationMs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  while ((m = re.exec(text)) !== null) {
    total += parseFloat(m[1]) * unit[m[2]];
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}
