/**
 * Small helpers the analysis code shares: reading list fields of manifests, multimaps, stable ordering,
 * whole-value regular expressions. Pure functions, no knowledge of any mesh.
 */

/** The entries of a field that should be a list; anything else reads as empty. */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Appends `value` to the list under `key`, creating it. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

/** The distinct values, in first-seen order. */
export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Code-unit string order (locale-independent, so output is the same on every machine). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a regular expression matches the whole value (RE2 and Envoy's `safe_regex` semantics); undefined
 * when the pattern is not a valid JavaScript regular expression, so each caller decides how to read it.
 */
export function fullMatch(pattern: string, value: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return undefined;
  }
}

/** The same record with lower-case keys (HTTP header names). */
export function lowerCaseKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) out[k.toLowerCase()] = v;
  return out;
}

/** Rounds to two decimals (traffic shares in percent). */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
