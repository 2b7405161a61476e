/**
 * Small helpers the analysis code shares: reading list fields of manifests, multimaps, stable ordering,
 * whole-value regular expressions. Pure functions, no knowledge of any mesh.
 */
import type { RE2JS } from 're2js';
import { re2js } from '../private/lazy';

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

/** Compiled patterns, and `null` for patterns RE2 rejects; bounded, so arbitrary input cannot grow it without limit. */
const RE2_CACHE = new Map<string, RE2JS | null>();
const RE2_CACHE_LIMIT = 1000;

/**
 * Whether a regular expression matches the whole value, with RE2 syntax and semantics as Envoy's `safe_regex`
 * and istiod's validation read it (`[[:upper:]]` is a class, lookarounds and backreferences are errors);
 * undefined when RE2 rejects the pattern, so each caller decides how to read it. Compiled patterns are cached.
 */
export function fullMatch(pattern: string, value: string): boolean | undefined {
  let re = RE2_CACHE.get(pattern);
  if (re === undefined) {
    try {
      re = re2js().RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    if (RE2_CACHE.size >= RE2_CACHE_LIMIT) RE2_CACHE.clear();
    RE2_CACHE.set(pattern, re);
  }
  return re === null ? undefined : re.matches(value);
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

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]]))
    : v)) ?? 'null';
}

/** A route match without its `name` (which names the match and matches nothing). */
export function withoutName(match: any): any {
  if (!match || typeof match !== 'object') return match;
  const { name: _name, ...rest } = match;
  return rest;
}

/**
 * A value as an explanation shows it: strings in single quotes, lists in brackets, objects as `{key: value}`,
 * with no JSON escaping, so that text and JSON output read the same (JSON output does not carry JSON inside
 * strings).
 */
export function plainValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(plainValue).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${plainValue(v)}`).join(', ')}}`;
  }
  return String(value);
}
