/**
 * Which VirtualService rules and matches can never be used because an earlier one takes every request
 * they would: the analysis behind IST0130 and IST0131 (istio/istio `analyzeUnreachableHTTPRules` in
 * `pkg/config/validation`). Istio evaluates rules in order and the first match wins.
 *
 * Like istioctl: a rule after a rule without `match` is unreachable; a match equal to an earlier match
 * (ignoring its `name`) is ineffective, and a rule whose matches all are is unreachable. Beyond
 * istioctl's exact-duplicate and URI-prefix checks, an earlier HTTP match also shadows a later one when
 * each of its conditions is implied by the later one's (`prefix: /api` shadows `exact: /api/pay` with the
 * same other conditions), and a match with no conditions (or only `uri.prefix: /`) is a catch-all.
 */
import { fullMatch, list, canonicalJson, withoutName } from '../../util';

/** The route sections of a VirtualService. */
export type Section = 'http' | 'tcp' | 'tls';

/** A rule that is never used. */
export interface UnreachableRule {
  readonly section: Section;
  readonly rule: number;
  /** Upstream's reason (`route without matches defined before`, ...). */
  readonly reason: string;
  /** Why, in our words. */
  readonly detail: string;
  /** The earlier rule that takes its requests, if one rule does. */
  readonly shadowedBy?: number;
}

/** A match that is never used. */
export interface IneffectiveMatch {
  readonly section: Section;
  readonly rule: number;
  readonly match: number;
  readonly byRule: number;
  readonly byMatch: number;
  /** True when the earlier match is identical, false when it is broader. */
  readonly duplicate: boolean;
}

/** Unreachable rules and ineffective matches of one VirtualService. */
export interface Shadowing {
  readonly unreachable: UnreachableRule[];
  readonly ineffective: IneffectiveMatch[];
}

interface Seen { readonly rule: number; readonly match: number; readonly value: any }

/** Analyses the http, tcp and tls rules of a VirtualService spec. O(rules × matches²) per object. */
export function analyzeShadowing(spec: any): Shadowing {
  const out: Shadowing = { unreachable: [], ineffective: [] };
  for (const section of ['http', 'tcp', 'tls'] as Section[]) analyzeSection(section, list(spec?.[section]), out);
  return out;
}

/** `"name"` or `#i`, as istioctl names a rule or a match. */
export function ruleName(route: any, i: number): string {
  return typeof route?.name === 'string' && route.name !== '' ? `"${route.name}"` : `#${i}`;
}

/** The number of matches of a section's rules. */
export function matchCount(routes: any[]): number {
  let n = 0;
  for (const r of routes) n += list(r?.match).length;
  return n;
}

function analyzeSection(section: Section, routes: any[], out: Shadowing) {
  const byKey = new Map<string, Seen>();
  const seen: Seen[] = [];
  let catchAll: { rule: number; match?: number } | undefined;
  // a match can only duplicate another match of the section: with one match or none, no key is needed
  const keyed = matchCount(routes) > 1;
  routes.forEach((route, i) => {
    if (!route || typeof route !== 'object') return;
    const matches = list(route.match);
    if (catchAll) {
      const by = ruleName(routes[catchAll.rule], catchAll.rule);
      const how = catchAll.match === undefined ? 'has no match' : `has match #${catchAll.match}, which matches every request`;
      out.unreachable.push({
        section,
        rule: i,
        reason: matches.length === 0 && catchAll.match === undefined ? 'only the last rule can have no matches' : 'route without matches defined before',
        detail: `rule ${by} before it ${how}`,
        shadowedBy: catchAll.rule,
      });
      return;
    }
    if (matches.length === 0) {
      catchAll = { rule: i };
      return;
    }
    let shadowed = 0;
    const by = new Set<number>();
    matches.forEach((match, m) => {
      const key = keyed ? canonicalJson(withoutName(match)) : '';
      let earlier = keyed ? byKey.get(key) : undefined;
      const duplicate = earlier !== undefined;
      if (!earlier && section === 'http') earlier = seen.find(s => covers(s.value, match));
      if (earlier) {
        out.ineffective.push({ section, rule: i, match: m, byRule: earlier.rule, byMatch: earlier.match, duplicate });
        shadowed++;
        by.add(earlier.rule);
        return;
      }
      const entry = { rule: i, match: m, value: match };
      if (keyed) byKey.set(key, entry);
      seen.push(entry);
      if (section === 'http' && isCatchAll(match) && !catchAll) catchAll = { rule: i, match: m };
    });
    if (shadowed === matches.length) {
      out.unreachable.push({
        section,
        rule: i,
        reason: 'all matches used by prior rules',
        detail: `every match of it is covered by an earlier match (rule ${[...by].map(r => ruleName(routes[r], r)).join(', ')})`,
        shadowedBy: by.size === 1 ? [...by][0] : undefined,
      });
    }
  });
}

/** Fields of an HTTPMatchRequest that are labels, not conditions. */
const NOT_CONDITIONS = new Set(['name', 'statPrefix']);

/** An HTTP match that matches every request: no conditions, or only `uri.prefix: /` (or ''). */
function isCatchAll(match: any): boolean {
  if (!match || typeof match !== 'object') return true;
  return Object.keys(match).every(k => NOT_CONDITIONS.has(k) || k === 'ignoreUriCase' || (k === 'uri' && uriMatchesAll(match.uri)));
}

function uriMatchesAll(sm: any): boolean {
  return isEmpty(sm) || sm.prefix === '/' || sm.prefix === '' || sm.regex === '.*';
}

/** Whether every request matching HTTP match `b` also matches the earlier match `a`. */
function covers(a: any, b: any): boolean {
  if (!a || typeof a !== 'object') return true;
  if (!b || typeof b !== 'object') return isCatchAll(a);
  for (const key of Object.keys(a)) {
    if (NOT_CONDITIONS.has(key) || key === 'ignoreUriCase') continue;
    const av = a[key];
    const bv = b[key];
    switch (key) {
      case 'uri': {
        if (uriMatchesAll(av)) break;
        if (b.ignoreUriCase === true && a.ignoreUriCase !== true) return false;
        if (!stringMatchImplies(bv, av, a.ignoreUriCase === true)) return false;
        break;
      }
      case 'scheme':
      case 'method':
      case 'authority':
        if (!stringMatchImplies(bv, av, false)) return false;
        break;
      case 'headers':
      case 'queryParams':
        for (const [k, m] of Object.entries(av ?? {})) {
          if (!bv || !(k in bv) || !stringMatchImplies(bv[k], m, false, true)) return false;
        }
        break;
      case 'withoutHeaders':
        for (const [k, m] of Object.entries(av ?? {})) {
          if (!bv || !(k in bv) || canonicalJson(bv[k]) !== canonicalJson(m)) return false;
        }
        break;
      case 'sourceLabels':
        for (const [k, v] of Object.entries(av ?? {})) if (bv?.[k] !== v) return false;
        break;
      case 'gateways': {
        const allowed = list(av);
        if (allowed.length === 0) break;
        const bg = list(bv);
        if (bg.length === 0 || !bg.every(g => allowed.includes(g))) return false;
        break;
      }
      case 'port':
        if (av && av !== bv) return false;
        break;
      default:
        // sourceNamespace and anything newer: only an identical condition is known to be implied.
        if (av !== undefined && canonicalJson(av) !== canonicalJson(bv)) return false;
    }
  }
  return true;
}

/**
 * Whether every value matching StringMatch `b` also matches `a` (`b` absent means any value). With
 * `presence`, an empty `a` means "present" (header and query matches), implied by any `b`.
 */
function stringMatchImplies(b: any, a: any, ignoreCase: boolean, presence = false): boolean {
  if (isEmpty(a)) return presence ? b !== undefined : true;
  const fold = (s: string) => ignoreCase ? s.toLowerCase() : s;
  if (typeof a.regex === 'string' && a.regex === '.*') return true;
  if (b === undefined || b === null || typeof b !== 'object') return typeof a.prefix === 'string' && a.prefix === '';
  if (typeof a.exact === 'string') return typeof b.exact === 'string' && fold(b.exact) === fold(a.exact);
  if (typeof a.prefix === 'string') {
    const p = fold(a.prefix);
    if (typeof b.exact === 'string') return fold(b.exact).startsWith(p);
    if (typeof b.prefix === 'string') return fold(b.prefix).startsWith(p);
    return p === '';
  }
  if (typeof a.regex === 'string') {
    if (b.regex === a.regex) return true;
    if (typeof b.exact === 'string' && !ignoreCase) return fullMatch(a.regex, b.exact) ?? false;
    return false;
  }
  return canonicalJson(a) === canonicalJson(b);
}

function isEmpty(v: any): boolean {
  return v === undefined || v === null || (typeof v === 'object' && Object.keys(v).length === 0);
}
