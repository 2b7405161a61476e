import { IConstruct, IValidation } from 'constructs';

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

/**
 * Adds a validation (`node.addValidation`) to `scope` whose messages are mesh errors of `scope`: cdk8s prints
 * each message after the construct's path (`[payments/ap] ...`), so the path `meshError` starts with is dropped
 * here, and the path appears once.
 *
 * `problems` is called with `scope` as `this`: pass a method of the construct (`this.problems`), which every
 * instance shares, rather than a closure per instance (a construct per service adds up: issue 9).
 */
export function addMeshValidation<T extends IConstruct>(scope: T, problems: (this: T) => string[]): void {
  scope.node.addValidation(new MeshValidation(scope, problems));
}

/** The validation `addMeshValidation` adds: one small object per construct, no closures. */
class MeshValidation<T extends IConstruct> implements IValidation {
  public constructor(private readonly scope: T, private readonly problems: (this: T) => string[]) {}

  public validate(): string[] {
    const messages = this.problems.call(this.scope);
    if (messages.length === 0) return messages;
    const prefix = `[${this.scope.node.path || this.scope.node.id || '<root>'}] `;
    return messages.map(m => (m.startsWith(prefix) ? m.slice(prefix.length) : m));
  }
}

/** A value as it appears in an error message. */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (isDuration(value)) return `Duration.${value.unit.label}(${value.amount})`;
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

/** A cdk8s `Duration` (by shape: the library may meet another copy of cdk8s). */
function isDuration(value: unknown): value is { amount: number; unit: { label: string } } {
  const v = value as any;
  return typeof v === 'object' && v !== null && v.constructor?.name === 'Duration' && typeof v.amount === 'number' && typeof v.unit?.label === 'string';
}
