/**
 * istioctl's own unreachable-rule analysis, ported as written: `analyzeUnreachableHTTPRules`,
 * `analyzeUnreachableTCPRules`, `analyzeUnreachableTLSRules`, `genMatchHTTPRoutes` and `coveredValidation` in
 * istio/istio `pkg/config/validation/validation.go` (commit 86c9f01f). IST0130 and IST0131 report exactly
 * this; `route-shadowing.ts` is the stricter analysis behind MESH113.
 *
 * What it finds: a rule after a rule without `match` (once per match of the later rule); a match equal to an
 * earlier one (ignoring `name`); a rule all of whose matches are such duplicates; and, for HTTP, a match whose
 * `uri.prefix` starts with an earlier match's prefix while its port, method (absent reads as `exact:GET`),
 * authority, headers, query parameters and withoutHeaders are the same (or the earlier one's value starts
 * with the later one's, as upstream compares them).
 */
import { Section, matchCount, ruleName } from './route-shadowing';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { list, canonicalJson, withoutName } from '../../util';

/** A rule istioctl reports unused (IST0130). */
export interface UpstreamUnreachable {
  readonly section: Section;
  readonly rule: number;
  readonly reason: string;
}

/** A match istioctl reports ineffective (IST0131). */
export interface UpstreamIneffective {
  readonly section: Section;
  readonly rule: number;
  readonly match: number;
  /** istioctl's `matchno` (`#0`, `"name"`, or `#1 of prefix /a`). */
  readonly matchName: string;
  /** istioctl's `dupno`: the earlier rule (`#0`), or `<match> of prefix <p> on <rule>`. */
  readonly by: string;
  /** The earlier rule's index. */
  readonly byRule: number;
}

export interface UpstreamShadowing {
  readonly unreachable: UpstreamUnreachable[];
  readonly ineffective: UpstreamIneffective[];
}

interface PrefixMatch {
  readonly rule: number;
  readonly match: number;
  readonly routeStr: string;
  readonly matchStr: string;
  readonly prefix: string;
  readonly port: unknown;
  readonly method: string;
  readonly authority: string;
  readonly headers: Record<string, string>;
  readonly queryParams: Record<string, string>;
  readonly withoutHeaders: Record<string, string>;
}

/**
 * `upstreamShadowing` of a VirtualService of the index, computed once per object and shared by IST0130, IST0131
 * and MESH113: do not mutate.
 */
export function upstreamShadowingOf(index: ManifestIndex, vs: Manifest): UpstreamShadowing {
  const cache = index.derived(newShadowingCache);
  let found = cache.get(vs);
  if (!found) cache.set(vs, found = upstreamShadowing(vs.spec));
  return found;
}

function newShadowingCache(): Map<Manifest, UpstreamShadowing> {
  return new Map();
}

/** Runs istioctl's analysis on the http, tcp and tls rules of a VirtualService spec. */
export function upstreamShadowing(spec: any): UpstreamShadowing {
  const out: UpstreamShadowing = { unreachable: [], ineffective: [] };
  for (const section of ['http', 'tcp', 'tls'] as Section[]) analyzeSection(section, list(spec?.[section]), out);
  return out;
}

function analyzeSection(section: Section, routes: any[], out: UpstreamShadowing) {
  const encountered = new Map<string, number>();
  let emptyMatch = -1;
  const prefixCandidates: Array<{ readonly match: any; readonly rule: number; readonly m: number }> = [];
  // a match can only duplicate another match of the section: with one match or none, no key is needed
  const keyed = matchCount(routes) > 1;
  // TCP and TLS routes and matches have no names in istioctl's messages
  const rName = (i: number) => section === 'http' ? ruleName(routes[i], i) : `#${i}`;
  routes.forEach((route, i) => {
    if (route === null || route === undefined) return;
    const matches = list(route.match);
    if (matches.length === 0) {
      if (emptyMatch >= 0) out.unreachable.push({ section, rule: i, reason: 'only the last rule can have no matches' });
      emptyMatch = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, m) => {
      if (emptyMatch >= 0) {
        // istioctl reports this once per match; one finding per rule says the same
        if (m === 0) out.unreachable.push({ section, rule: i, reason: 'route without matches defined before' });
        return;
      }
      if (keyed) {
        const key = canonicalJson(withoutName(match));
        const dup = encountered.get(key);
        if (dup !== undefined) {
          out.ineffective.push({ section, rule: i, match: m, matchName: section === 'http' ? ruleName(match, m) : `#${m}`, by: rName(dup), byRule: dup });
          duplicates++;
          return;
        }
        encountered.set(key, i);
      }
      if (section === 'http' && hasPrefix(match)) prefixCandidates.push({ match, rule: i, m });
    });
    if (duplicates === matches.length) out.unreachable.push({ section, rule: i, reason: 'all matches used by prior rules' });
  });
  // a prefix match can only cover another one: with fewer than two, nothing to compare
  if (prefixCandidates.length < 2) return;
  const prefixMatches = prefixCandidates.map(c => prefixMatch(c.match, c.rule, c.m, rName(c.rule), ruleName(c.match, c.m)));
  for (let a = 0; a < prefixMatches.length; a++) {
    for (let b = a + 1; b < prefixMatches.length; b++) {
      const A = prefixMatches[a];
      const B = prefixMatches[b];
      if (A.prefix === B.prefix || !covered(A, B)) continue;
      out.ineffective.push({
        section,
        rule: B.rule,
        match: B.match,
        matchName: `${B.matchStr} of prefix ${B.prefix}`,
        by: `${A.matchStr} of prefix ${A.prefix} on ${A.routeStr}`,
        byRule: A.rule,
      });
    }
  }
}

/** `genMatchHTTPRoutes` takes only matches with a non-empty `uri.prefix`. */
function hasPrefix(match: any): boolean {
  const prefix = match?.uri?.prefix;
  return typeof prefix === 'string' && prefix !== '';
}

/** `genMatchHTTPRoutes`, for a match with a non-empty `uri.prefix`. */
function prefixMatch(match: any, rule: number, m: number, routeStr: string, matchStr: string): PrefixMatch {
  const prefix = match.uri.prefix;
  const values = (o: any) => Object.fromEntries(Object.entries(o && typeof o === 'object' ? o : {}).map(([k, v]) => [k, exactOrPrefix(v)]));
  return {
    rule,
    match: m,
    routeStr,
    matchStr,
    prefix,
    port: match.port ?? 0,
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: values(match.headers),
    queryParams: values(match.queryParams),
    withoutHeaders: values(match.withoutHeaders),
  };
}

function exactOrPrefix(sm: any): string {
  if (typeof sm?.exact === 'string' && sm.exact !== '') return `exact:${sm.exact}`;
  if (typeof sm?.prefix === 'string' && sm.prefix !== '') return `prefix:${sm.prefix}`;
  return '';
}

/** `coveredValidation(A, B)`, comparisons as upstream writes them. */
function covered(A: PrefixMatch, B: PrefixMatch): boolean {
  if (!B.prefix.startsWith(A.prefix)) return false;
  if (B.port !== A.port) return false;
  if (A.method !== B.method && !A.method.startsWith(B.method)) return false;
  if (A.authority !== B.authority && !A.authority.startsWith(B.authority)) return false;
  return sameMaps(A.headers, B.headers) && sameMaps(A.queryParams, B.queryParams) && sameMaps(A.withoutHeaders, B.withoutHeaders);
}

function sameMaps(a: Record<string, string>, b: Record<string, string>): boolean {
  if (Object.keys(a).length !== Object.keys(b).length) return false;
  return Object.entries(a).every(([k, v]) => k in b && (v === b[k] || v.startsWith(b[k])));
}
