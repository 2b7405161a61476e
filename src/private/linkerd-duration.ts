import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { renderDuration, renderGatewayDuration } from './duration';
import { meshError, shown } from './errors';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go duration as Linkerd's CLI and annotations accept it (`5s`, `250ms`, `1m30s`, `1.5s`) into
 * whole milliseconds; undefined when the text is not one or is not a whole number of milliseconds.
 */
export function parseLinkerdDuration(text: string): number | undefined {
  if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, value, , unit] of text.matchAll(/([0-9]+(\.[0-9]+)?)(ms|s|m|h)/g)) {
    total += Number(value) * UNITS[unit];
  }
  const rounded = Math.round(total * 1000) / 1000;
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
