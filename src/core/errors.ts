import { IConstruct } from 'constructs';

/**
 * The one formatter of user-facing errors: construct path, property, the received value, what is
 * allowed, and the fix.
 *
 * `[payments/Canary] canaryWeight must be an integer from 0 to 100, got 120`
 */
export function meshError(scope: IConstruct, prop: string, problem: string, fix?: string): Error {
  const at = scope.node.path || scope.node.id || '<root>';
  return new Error(`[${at}] ${prop} ${problem}${fix ? `. ${fix}` : ''}`);
}

/** A value as it appears in an error message. */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function requireInteger(scope: IConstruct, prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw meshError(scope, prop, `must be an integer from ${min} to ${max}, got ${shown(value)}`);
  }
}
