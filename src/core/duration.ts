import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { meshError, shown } from './errors';

/**
 * Durations, the one place they are rendered and parsed: the constructs render `Duration`s in the two wire
 * forms the meshes read (protobuf JSON for Istio and ServiceProfiles, the Gateway API form for routes and
 * Linkerd annotations), and the analysis parses them back with `parseDuration`.
 */

/** Milliseconds per unit of a Go / protobuf duration (`time.ParseDuration` accepts all of them). */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go or protobuf duration (`1.5s`, `250ms`, `1m30s`, `10us`) into milliseconds (possibly fractional),
 * or undefined when the text is not one. Go's `time.ParseDuration` (Linkerd, the Gateway API) and Istio's
 * protobuf durations both read these; the Gateway API's own pattern is a subset.
 */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  if (text === '0') return 0;
  const re = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += parseFloat(m[1]) * UNIT_MS[m[2]];
    consumed = re.lastIndex;
  }
  return consumed === text.length ? total : undefined;
}

/** `parseDuration`, only for whole milliseconds (undefined otherwise). */
export function parseWholeMillis(text: unknown): number | undefined {
  const ms = parseDuration(text);
  if (ms === undefined) return undefined;
  const rounded = Math.round(ms * 1000) / 1000;
  return Number.isInteger(rounded) ? rounded : undefined;
}

/**
 * The whole milliseconds of a Duration, or an error naming `prop`. `Duration.toMilliseconds()` throws a
 * plain error (no construct path, no prop) for a fraction of a millisecond, so it is asked for the raw value.
 */
export function wholeMillis(scope: IConstruct, prop: string, duration: Duration): number {
  const ms = duration instanceof Duration ? duration.toMilliseconds({ integral: false }) : NaN;
  if (!Number.isInteger(ms) || ms < 0) {
    throw meshError(scope, prop, `must be a Duration of a whole, non-negative number of milliseconds, got ${duration instanceof Duration ? `${ms}ms` : shown(duration)}`);
  }
  return ms;
}

/**
 * Renders a Duration in the canonical protobuf JSON form, seconds with a fraction (`0.25s`, `1.5s`,
 * `30s`), computed from milliseconds (never through `toSeconds()`, which rejects fractions). Istio parses
 * durations as protobuf JSON, and Go's `time.ParseDuration` (Linkerd) reads the same form.
 *
 * @param min the smallest value in milliseconds the field accepts (Istio: 1ms)
 */
export function renderDuration(scope: IConstruct, prop: string, duration: Duration, min: number = 1): string {
  const ms = duration.toMilliseconds();
  if (!Number.isInteger(ms) || ms < min) {
    throw meshError(scope, prop, `must be a whole number of milliseconds and at least ${min}ms, got ${ms}ms`);
  }
  const seconds = Math.floor(ms / 1000);
  const fraction = ms % 1000;
  return fraction === 0 ? `${seconds}s` : `${seconds}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}s`;
}

/**
 * Renders a Duration in the Gateway API form (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`): `1h30m`, `250ms`, `10s`.
 */
export function renderGatewayDuration(scope: IConstruct, prop: string, duration: Duration): string {
  let ms = duration.toMilliseconds();
  if (!Number.isInteger(ms) || ms < 0) {
    throw meshError(scope, prop, `must be a whole, non-negative number of milliseconds, got ${ms}ms`);
  }
  if (ms === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(ms / size);
    if (n > 0) parts.push(`${n}${unit}`);
    ms -= n * size;
  }
  const text = parts.join('');
  if (!/^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(text)) {
    throw meshError(scope, prop, `is out of the Gateway API duration range (at most 99999h), got ${text}`);
  }
  return text;
}

/** `renderDuration` (protobuf form, ServiceProfile) after the whole-millisecond check. */
export function renderProfileDuration(scope: IConstruct, prop: string, duration: Duration): string {
  wholeMillis(scope, prop, duration);
  return renderDuration(scope, prop, duration);
}

/** `renderGatewayDuration` (Gateway API form, routes and annotations) after the whole-millisecond check. */
export function renderRouteDuration(scope: IConstruct, prop: string, duration: Duration): string {
  wholeMillis(scope, prop, duration);
  return renderGatewayDuration(scope, prop, duration);
}

/** Formats milliseconds the way mesh durations read (`250ms`, `5s`, `1.5s`, `2m`), for messages. */
export function formatMillis(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${+(ms / 1000).toFixed(3)}s`;
  return `${+ms.toFixed(3)}ms`;
}
