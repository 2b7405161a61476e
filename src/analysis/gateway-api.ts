/**
 * Gateway API routes as Istio and Linkerd read them (MESH-FACTS Gateway API): which Services a route attaches
 * to (GAMMA), HTTPRoute matching and precedence, catch-all rules. Shared by the MESH1xx rules, `explain route`
 * (Linkerd's outbound GAMMA routes) and `explain authz` (Linkerd's inbound routes on a Server).
 */
import { Manifest, ManifestIndex, createdAt, groupOf } from './manifest-index';
import { compare, fullMatch, list } from './util';

/** Core-group kinds a Gateway API `parentRef` may name with `group: ''` (or `core`, or no group). */
const CORE_GROUPS = new Set(['', 'core']);

/** HTTPRoutes of both API groups the meshes read: `gateway.networking.k8s.io`, then Linkerd's `policy.linkerd.io`. */
export function httpRoutes(index: ManifestIndex): Manifest[] {
  return [...index.ofKind('gateway.networking.k8s.io', 'HTTPRoute'), ...index.ofKind('policy.linkerd.io', 'HTTPRoute')];
}

/** A Gateway API route's parent Service (GAMMA), as named by one of its `parentRefs`. */
export interface ParentService {
  /** Index in `spec.parentRefs`. */
  readonly refIndex: number;
  readonly name: string;
  readonly namespace: string;
  /** `parentRef.port`, when the route attaches to one port only. */
  readonly port?: number;
}

/**
 * The group and kind a `parentRef` names once the API server has applied the CRD defaults: an omitted `group`
 * is `gateway.networking.k8s.io` for Gateway API routes and `policy.linkerd.io` for Linkerd's, an omitted
 * `kind` is `Gateway`. So `{kind: Service, name: x}` without `group: ""` does not name the Service.
 */
export function parentGroupKind(route: Manifest, ref: any): { group: string; kind: string } {
  const defaultGroup = groupOf(route) === 'policy.linkerd.io' ? 'policy.linkerd.io' : 'gateway.networking.k8s.io';
  return { group: typeof ref?.group === 'string' ? ref.group : defaultGroup, kind: typeof ref?.kind === 'string' ? ref.kind : 'Gateway' };
}

/** The Services a Gateway API route (HTTPRoute, GRPCRoute) attaches to (`parentRefs` of kind Service in the core group). */
export function parentServices(route: Manifest, index: ManifestIndex): ParentService[] {
  const result: ParentService[] = [];
  list(route.spec?.parentRefs).forEach((ref, refIndex) => {
    const { group, kind } = parentGroupKind(route, ref);
    if (kind !== 'Service' || !CORE_GROUPS.has(group) || typeof ref.name !== 'string') return;
    result.push({ refIndex, name: ref.name, namespace: ref.namespace ?? index.namespaceOf(route), port: typeof ref.port === 'number' ? ref.port : undefined });
  });
  return result;
}

/** An HTTP request as route matching sees it. */
export interface HttpRequestShape {
  readonly method: string;
  /** The path, with the query string if any. */
  readonly path: string;
  /** Header names lower-case. */
  readonly headers: Record<string, string>;
}

/** The rule of a set of HTTPRoutes that wins for a request. */
export interface RouteRuleMatch {
  readonly route: Manifest;
  readonly ruleIndex: number;
  /** Index in `rules[].matches`, or -1 when the rule has no `matches` (the default `PathPrefix /`). */
  readonly matchIndex: number;
  readonly rule: any;
}

/**
 * The winning rule among `routes` (already filtered to the parent), using the Gateway API precedence: exact
 * path, then regular expression, then the longest prefix; then a method match; then most header matches;
 * then most query-parameter matches; ties go to the oldest route, then `namespace/name`, then rule order.
 */
export function bestRouteRule(routes: Manifest[], req: HttpRequestShape, namespaceOf: (m: Manifest) => string): RouteRuleMatch | undefined {
  let best: { m: RouteRuleMatch; key: number[]; tie: string[] } | undefined;
  for (const route of routes) {
    list(route.spec?.rules).forEach((rule, ruleIndex) => {
      const matches: any[] = Array.isArray(rule?.matches) && rule.matches.length > 0 ? rule.matches : [undefined];
      matches.forEach((match, i) => {
        if (!httpMatchMatches(match, req)) return;
        const key = precedence(match);
        const tie = [createdAt(route), `${namespaceOf(route)}/${route.metadata?.name ?? ''}`, String(ruleIndex).padStart(6, '0')];
        if (!best || better(key, tie, best.key, best.tie)) {
          best = { m: { route, ruleIndex, matchIndex: rule?.matches?.length ? i : -1, rule }, key, tie };
        }
      });
    });
  }
  return best?.m;
}

/** Whether one `HTTPRouteMatch` (undefined: the default `PathPrefix /`) matches the request. */
export function httpMatchMatches(match: any, req: HttpRequestShape): boolean {
  const [path, query] = splitQuery(req.path);
  const pm = match?.path ?? {};
  const type = pm.type ?? 'PathPrefix';
  const value: string = pm.value ?? '/';
  if (type === 'Exact' && path !== value) return false;
  if (type === 'PathPrefix' && !prefixMatches(value, path)) return false;
  if (type === 'RegularExpression' && !fullRegex(value, path)) return false;
  if (match?.method && match.method !== req.method) return false;
  for (const h of list(match?.headers)) {
    const actual = req.headers[String(h.name).toLowerCase()];
    if (actual === undefined) return false;
    if ((h.type ?? 'Exact') === 'Exact' ? actual !== h.value : !fullRegex(h.value, actual)) return false;
  }
  for (const q of list(match?.queryParams)) {
    const actual = query.get(q.name);
    if (actual === null) return false;
    if ((q.type ?? 'Exact') === 'Exact' ? actual !== q.value : !fullRegex(q.value, actual)) return false;
  }
  return true;
}

/** Describes a match for humans: `PathPrefix /api, method POST, 1 header`. */
export function describeHttpMatch(match: any): string {
  if (!match) return 'no matches (default PathPrefix /)';
  const pm = match.path ?? {};
  const parts = [`${pm.type ?? 'PathPrefix'} ${pm.value ?? '/'}`];
  if (match.method) parts.push(`method ${match.method}`);
  for (const h of match.headers ?? []) parts.push(`header ${h.name} ${h.type === 'RegularExpression' ? '~' : '='} ${h.value}`);
  for (const q of match.queryParams ?? []) parts.push(`query ${q.name} ${q.type === 'RegularExpression' ? '~' : '='} ${q.value}`);
  return parts.join(', ');
}

/** Gateway API `PathPrefix`: element-wise, so `/api` matches `/api` and `/api/x`, not `/apix`. */
export function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
  if (p === '/' || p === '') return true;
  return path === p || path.startsWith(`${p}/`);
}

/** A regular expression that must match the whole value. Invalid patterns match nothing. */
export function fullRegex(pattern: string, value: string): boolean {
  return fullMatch(pattern, value) ?? false;
}

/** Splits a request path into the path and its query parameters. */
export function splitQuery(pathWithQuery: string): [string, URLSearchParams] {
  const q = pathWithQuery.indexOf('?');
  return q < 0 ? [pathWithQuery, new URLSearchParams()] : [pathWithQuery.slice(0, q), new URLSearchParams(pathWithQuery.slice(q + 1))];
}

/**
 * Whether a route rule takes every request: no `matches` (Gateway API defaults it to PathPrefix `/`), or a match
 * with only `path: {type: PathPrefix, value: /}` (or a RegularExpression `.*`/`/.*`) and no method, headers
 * or query parameters.
 */
export function isCatchAllRule(rule: any): boolean {
  const matches: any[] | undefined = rule?.matches;
  if (!Array.isArray(matches) || matches.length === 0) return true;
  return matches.some(isCatchAllMatch);
}

function isCatchAllMatch(match: any): boolean {
  if (!match || typeof match !== 'object') return true;
  if (match.method || list(match.headers).length > 0 || list(match.queryParams).length > 0) return false;
  const path = match.path;
  if (!path) return true; // defaulted to PathPrefix /
  const type = path.type ?? 'PathPrefix';
  const value = path.value ?? '/';
  if (type === 'PathPrefix') return value === '/';
  if (type === 'RegularExpression') return value === '.*' || value === '/.*';
  return false;
}

function precedence(match: any): number[] {
  const pm = match?.path ?? {};
  const type = pm.type ?? 'PathPrefix';
  const len = String(pm.value ?? '/').length;
  const kind = type === 'Exact' ? 3 : type === 'RegularExpression' ? 2 : 1;
  return [kind, len, match?.method ? 1 : 0, match?.headers?.length ?? 0, match?.queryParams?.length ?? 0];
}

function better(key: number[], tie: string[], bestKey: number[], bestTie: string[]): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] !== bestKey[i]) return key[i] > bestKey[i];
  for (let i = 0; i < tie.length; i++) {
    const c = compare(tie[i], bestTie[i]);
    if (c !== 0) return c < 0;
  }
  return false;
}
