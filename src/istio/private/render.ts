import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { renderDuration } from '../../core/duration';
import { meshError, shown } from '../../core/errors';

/** The context key that selects the Istio API version for every construct below the scope. */
export const ISTIO_API_VERSION_CONTEXT = 'cdk8s-mesh/istio:apiVersion';

/** Resolves the API version: the construct's own prop, else the nearest context value, else `v1`. */
export function resolveApiVersion(scope: IConstruct, explicit: string | undefined): string {
  const version = explicit ?? scope.node.tryGetContext(ISTIO_API_VERSION_CONTEXT) ?? 'v1';
  if (version !== 'v1' && version !== 'v1beta1') {
    throw meshError(scope, 'apiVersion', `must be "v1" or "v1beta1", got ${shown(version)}`,
      `Set the context key "${ISTIO_API_VERSION_CONTEXT}" to one of these values`);
  }
  return version;
}

/**
 * Refuses a field that control planes old enough to need `v1beta1` (Istio before 1.22) do not know. The
 * Istio 1.30 CRD declares the same schema for both versions, so the API server would store the field, but
 * the older istiod that made you choose v1beta1 ignores it silently.
 */
export function requireV1(scope: IConstruct, version: string, prop: string, since: string): void {
  if (version === 'v1beta1') {
    throw meshError(scope, prop, `is not understood by control planes older than Istio 1.22, which is why v1beta1 is targeted (the field exists since Istio ${since})`,
      'Remove the field, or target IstioApiVersion.V1 on Istio 1.22 or newer');
  }
}

/** Validates a label selector the way the CRD's CEL rules do (no empty keys, no wildcards). */
export function renderLabels(
  scope: IConstruct, prop: string, labels: { [key: string]: string } | undefined, allowEmpty = false,
): { [key: string]: string } | undefined {
  if (labels === undefined) return undefined;
  const keys = Object.keys(labels);
  if (keys.length === 0 && !allowEmpty) {
    throw meshError(scope, prop, 'must have at least one label', 'Omit the selector to select every workload in the namespace');
  }
  for (const key of keys) {
    const value = labels[key];
    if (key.length === 0 || key.includes('*')) {
      throw meshError(scope, prop, `keys must be non-empty and without wildcards, got ${shown(key)}`);
    }
    if (typeof value !== 'string' || value.includes('*')) {
      throw meshError(scope, `${prop}.${key}`, `must be a string without wildcards, got ${shown(value)}`);
    }
  }
  return { ...labels };
}

/** Throws unless `port` is an integer from 1 to 65535. */
export function requirePort(scope: IConstruct, prop: string, port: number | undefined): void {
  if (port === undefined) return;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw meshError(scope, prop, `must be an integer from 1 to 65535, got ${shown(port)}`);
  }
}

/** Throws unless `value` is a finite number from 0 to 100. */
export function requirePercent(scope: IConstruct, prop: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw meshError(scope, prop, `must be a number from 0 to 100, got ${shown(value)}`);
  }
}

/** Throws when `list` is present but empty, or has empty strings. */
export function requireNonEmptyStrings(scope: IConstruct, prop: string, list: string[] | undefined): void {
  if (list === undefined) return;
  if (list.length === 0) throw meshError(scope, prop, 'must not be empty when given', 'Omit the property instead');
  list.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0) {
      throw meshError(scope, `${prop}[${i}]`, `must be a non-empty string, got ${shown(item)}`);
    }
  });
}

export { compact } from '../../private/compact';

/**
 * Checks the weights of a route with several destinations (or a lone one with a weight): non-negative
 * integers that sum to 100, rendered as given. A user's weight is never rescaled: 60 + 60 is refused with the
 * same shares in percent as the fix, rather than rendered as 50 + 50.
 */
export function requireWeightsSum100(scope: IConstruct, prop: string, weights: number[]): number[] {
  weights.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 0) {
      throw meshError(scope, `${prop}[${i}].weight`, `must be a non-negative integer, got ${shown(w)}`);
    }
  });
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) {
    throw meshError(scope, prop, `weights must not all be 0 (got ${weights.join(' + ')} = 0): Istio rejects a route with no traffic`,
      'Give at least one destination a positive weight');
  }
  if (total === 100) return weights;
  if (weights.length === 1) {
    throw meshError(scope, `${prop}[0].weight`, `must be 100 for a lone destination, got ${shown(weights[0])}`,
      'Write weight: 100, or leave the weight out (a lone destination gets all traffic)');
  }
  const shares = percentShares(weights, total);
  const same = shares.every((w, i) => w > 0 || weights[i] === 0);
  throw meshError(scope, prop, `weights must sum to 100 (percent of the traffic, rendered as given), got ${weights.join(' + ')} = ${total}`,
    same ? `Write ${shares.join(' + ')} for the same shares` : 'Give shares in percent that add up to 100');
}

/**
 * Relative weights in percent that sum to 100, by the largest-remainder method (floor of each share; the points
 * left over go one each to the largest remainders, ties to the earlier one). For fix suggestions only.
 */
function percentShares(weights: number[], total: number): number[] {
  const exact = weights.map(w => (100 * w) / total);
  const result = exact.map(Math.floor);
  let missing = 100 - result.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rem: e - Math.floor(e) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    result[i] += 1;
    missing -= 1;
  }
  return result;
}

/**
 * The longest duration the API server accepts in an Istio duration field: the CRDs check every duration with
 * the CEL `duration()` function, which parses into Go's `time.Duration` (at most 2^63-1 ns, about 292 years).
 */
export const MAX_DURATION_MS = 9_223_372_036_854;

/**
 * The milliseconds of a Duration, or an error naming `prop`: never the raw error cdk8s throws for a fraction
 * of a millisecond, and never a crash on a value that is not a Duration (from JavaScript).
 */
export function durationMillis(scope: IConstruct, prop: string, duration: Duration, min: number = 1): number {
  if (!duration || typeof (duration as any).toMilliseconds !== 'function') {
    throw meshError(scope, prop, `must be a Duration, got ${shown(duration)}`, 'Use Duration.seconds(), Duration.millis(), ...');
  }
  const ms = duration.toMilliseconds({ integral: false });
  if (!Number.isInteger(ms) || ms < min) {
    throw meshError(scope, prop, `must be a whole number of milliseconds and at least ${min}ms, got ${ms}ms`);
  }
  if (ms > MAX_DURATION_MS) {
    throw meshError(scope, prop, `must be at most ${MAX_DURATION_MS}ms (about 292 years, the longest duration the API server's CEL duration() accepts), got ${ms}ms`);
  }
  return ms;
}

/** Renders an Istio duration (`0.25s`, `30s`) through `renderDuration`, after `durationMillis`' checks. */
export function renderIstioDuration(scope: IConstruct, prop: string, duration: Duration, min: number = 1): string {
  return renderDuration(scope, prop, Duration.millis(durationMillis(scope, prop, duration, min)), min);
}

/** `renderIstioDuration`, passing `undefined` through. */
export function optionalDuration(scope: IConstruct, prop: string, duration: Duration | undefined): string | undefined {
  return duration === undefined ? undefined : renderIstioDuration(scope, prop, duration);
}
