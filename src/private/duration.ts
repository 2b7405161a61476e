import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { meshError } from './errors';

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
