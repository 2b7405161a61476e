/**
 * Renderings known to be plain JSON data (what `isPlainData` in the validation engine checks): the single-walk
 * renderer marks what it builds, so the validation engine need not walk each of 20,000 objects once more to find
 * out. A WeakSet: marking keeps nothing alive. Internal module (not public API).
 */
const PLAIN = new WeakSet<object>();

/** Marks `value`, which the caller built from strings, finite numbers, booleans, arrays and plain objects only. */
export function markPlainData<T extends object>(value: T): T {
  PLAIN.add(value);
  return value;
}

/** Whether `value` was marked by `markPlainData`. */
export function isMarkedPlainData(value: unknown): boolean {
  return typeof value === 'object' && value !== null && PLAIN.has(value);
}
