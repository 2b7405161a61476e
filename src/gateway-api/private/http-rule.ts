import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { renderRouteDuration, wholeMillis } from '../../core/duration';
import { meshError, shown } from '../../core/errors';
import { DNS_SUBDOMAIN } from '../../core/names';
import { DEFAULT_ROUTE_TIMEOUT as DEFAULT_REQUEST_TIMEOUT } from '../../core/timeouts';
import { compact } from '../../private/compact';
import { re2js } from '../../private/lazy';

/** An HTTP token (RFC 7230 §3.2.6): header and query parameter names, as the CRDs' pattern has it. */
const HTTP_TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
/** What Linkerd's `HeaderValue` parse accepts: visible ASCII, space and tab. */
const HEADER_VALUE = /^[\t\x20-\x7e]+$/;
/** The Gateway API CEL rule on Exact and PathPrefix paths. */
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/** RE2 patterns that compiled (only valid ones are remembered, so each invalid use still fails with its own message). */
const VALID_REGEXES = new Set<string>();

/** Throws unless `pattern` compiles as RE2, the syntax of Rust's `regex` crate that Linkerd uses. */
export function requireRegex(scope: IConstruct, prop: string, pattern: string): void {
  // Compiling is about 20 us a pattern, and apps repeat the same few patterns on every service.
  if (VALID_REGEXES.has(pattern)) return;
  try {
    re2js().RE2JS.compile(pattern);
    VALID_REGEXES.add(pattern);
  } catch (e) {
    throw meshError(scope, prop, `must be a valid RE2 regular expression, got ${shown(pattern)} (${(e as Error).message})`,
      'Linkerd compiles it with Rust\'s regex crate and refuses the route otherwise: no backreferences or lookaround');
  }
}

function requireString(scope: IConstruct, prop: string, value: unknown, max: number, pattern?: RegExp, what?: string): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > max || (pattern && !pattern.test(value))) {
    throw meshError(scope, prop, `must be ${what ?? 'a string'} of 1 to ${max} characters, got ${shown(value)}`);
  }
  return value;
}

function renderPath(scope: IConstruct, prop: string, path: any): any {
  const kind = path?._kind;
  const value = path?._value;
  if (typeof kind !== 'string' || typeof value !== 'string') throw meshError(scope, prop, `must be a PathMatch, got ${shown(path)}`);
  if (kind === 'RegularExpression') {
    requireString(scope, prop, value, 1024);
    requireRegex(scope, prop, value);
  } else {
    if (!value.startsWith('/')) throw meshError(scope, prop, `must start with "/", got ${shown(value)}`);
    const bad = ['//', '/./', '/../', '%2f', '%2F', '#'].find(s => value.includes(s))
      ?? (value.endsWith('/..') || value.endsWith('/.') ? 'a trailing dot segment' : undefined);
    if (value.length > 1024 || bad !== undefined || !PATH_CHARS.test(value)) {
      throw meshError(scope, prop, `must be a normalized absolute path of at most 1024 URL characters${bad ? ` without ${shown(bad)}` : ''}, got ${shown(value)}`,
        'The Gateway API refuses paths with empty or dot segments, encoded slashes or fragments: use PathMatch.regex() for anything else');
    }
  }
  return { type: kind, value };
}

/** Renders one `matches[]` entry; `methods` are the allowed method names. */
export function renderHttpMatch(scope: IConstruct, prop: string, m: any, methods: string[]): any {
  if (m === null || typeof m !== 'object') throw meshError(scope, prop, `must be an HttpRouteMatch, got ${shown(m)}`);
  if (m.method !== undefined && !methods.includes(m.method)) {
    throw meshError(scope, `${prop}.method`, `must be one of ${methods.join(', ')}, got ${shown(m.method)}`);
  }
  const headers = [
    ...Object.entries(m.headers ?? {}).map(([name, value]) => ({ _kind: 'Exact', _name: name, _value: value })),
    ...(m.headerMatches ?? []),
  ].map((h: any, i: number) => {
    const at = `${prop}.headers[${i}]`;
    if (h === null || typeof h?._kind !== 'string') throw meshError(scope, at, `must be a HeaderMatch, got ${shown(h)}`);
    const name = requireString(scope, `${at}.name`, h._name, 256, HTTP_TOKEN, 'an HTTP header name');
    const value = h._kind === 'Exact'
      ? requireString(scope, `${at}.value`, h._value, 4096, HEADER_VALUE, 'visible ASCII')
      : requireString(scope, `${at}.value`, h._value, 4096);
    if (h._kind === 'RegularExpression') requireRegex(scope, `${at}.value`, value);
    return { name, type: h._kind, value };
  });
  requireUnique(scope, `${prop}.headers`, headers.map(h => h.name.toLowerCase()), 'header names are case-insensitive');
  const queryParams = (m.queryParams ?? []).map((q: any, i: number) => {
    const at = `${prop}.queryParams[${i}]`;
    if (q === null || typeof q?._kind !== 'string') throw meshError(scope, at, `must be a QueryParamMatch, got ${shown(q)}`);
    const name = requireString(scope, `${at}.name`, q._name, 256, HTTP_TOKEN, 'an HTTP token');
    const value = requireString(scope, `${at}.value`, q._value, 1024);
    if (q._kind === 'RegularExpression') requireRegex(scope, `${at}.value`, value);
    return { name, type: q._kind, value };
  });
  requireUnique(scope, `${prop}.queryParams`, queryParams.map((q: any) => q.name), 'query parameter names are matched exactly');
  return compact({
    path: m.path !== undefined ? renderPath(scope, `${prop}.path`, m.path) : undefined,
    method: m.method || undefined,
    headers: headers.length > 0 ? headers : undefined,
    queryParams: queryParams.length > 0 ? queryParams : undefined,
  });
}

function requireUnique(scope: IConstruct, prop: string, keys: string[], why: string): void {
  if (keys.length > 16) throw meshError(scope, prop, `must have at most 16 entries (the CRD's limit), got ${keys.length}`);
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) {
      throw meshError(scope, prop, `must name each entry once, got ${shown(key)} twice`, `The API server keeps one entry per name (${why}): combine them`);
    }
    seen.add(key);
  }
}

function renderHeaderModifier(scope: IConstruct, prop: string, mod: any): any {
  const pairs = (list: string) => Object.entries(mod?.[list] ?? {}).map(([name, value]) => ({
    name: requireString(scope, `${prop}.${list}`, name, 256, HTTP_TOKEN, 'an HTTP header name'),
    value: requireString(scope, `${prop}.${list}[${shown(name)}]`, value, 4096, HEADER_VALUE, 'visible ASCII'),
  }));
  const set = pairs('set');
  const add = pairs('add');
  const remove: string[] = (mod?.remove ?? []).map((name: unknown, i: number) =>
    requireString(scope, `${prop}.remove[${i}]`, name, 256, HTTP_TOKEN, 'an HTTP header name'));
  requireUnique(scope, `${prop}.set`, set.map(h => h.name.toLowerCase()), 'header names are case-insensitive');
  requireUnique(scope, `${prop}.add`, add.map(h => h.name.toLowerCase()), 'header names are case-insensitive');
  requireUnique(scope, `${prop}.remove`, remove.map(h => h.toLowerCase()), 'header names are case-insensitive');
  if (set.length + add.length + remove.length === 0) {
    throw meshError(scope, prop, 'must set, add or remove at least one header, got none');
  }
  return compact({ set: set.length ? set : undefined, add: add.length ? add : undefined, remove: remove.length ? remove : undefined });
}

function renderRedirect(scope: IConstruct, prop: string, r: any, policyGroup: boolean, matches: any[]): any {
  if (r.scheme !== undefined && !['http', 'https'].includes(r.scheme)) {
    throw meshError(scope, `${prop}.scheme`, `must be one of http, https, got ${shown(r.scheme)}`);
  }
  if (r.hostname !== undefined) requireString(scope, `${prop}.hostname`, r.hostname, 253, DNS_SUBDOMAIN, 'a DNS-1123 subdomain');
  if (r.port !== undefined && (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535)) {
    throw meshError(scope, `${prop}.port`, `must be a port from 1 to 65535, got ${shown(r.port)}`);
  }
  const codes = policyGroup ? [301, 302] : [301, 302, 303, 307, 308];
  if (r.statusCode !== undefined && !codes.includes(r.statusCode)) {
    throw meshError(scope, `${prop}.statusCode`, `must be one of ${codes.join(', ')}${policyGroup ? ' on a policy.linkerd.io HTTPRoute' : ''}, got ${shown(r.statusCode)}`);
  }
  let path: any;
  if (r.path !== undefined) {
    const kind = r.path?._kind;
    const value = requireString(scope, `${prop}.path`, r.path?._value, 1024);
    if (!value.startsWith('/')) {
      throw meshError(scope, `${prop}.path`, `must start with "/", got ${shown(value)}`, 'Linkerd refuses redirects to relative paths');
    }
    if (kind === 'ReplacePrefixMatch' && (matches.length !== 1 || matches[0].path?.type !== 'PathPrefix')) {
      throw meshError(scope, `${prop}.path`, `replacePrefixMatch needs the rule to have exactly one match, with a PathMatch.prefix path, got ${matches.length} match(es)`,
        'The Gateway API refuses it otherwise: there would be no single prefix to replace');
    }
    path = kind === 'ReplaceFullPath' ? { type: kind, replaceFullPath: value } : { type: kind, replacePrefixMatch: value };
  }
  return compact({ scheme: r.scheme, hostname: r.hostname, path: path || undefined, port: r.port, statusCode: r.statusCode });
}

/**
 * Renders a rule's `filters[]`, refusing what Linkerd does not implement and what the CRDs refuse.
 *
 * @param policyGroup whether the route is Linkerd's `policy.linkerd.io` HTTPRoute
 * @param matches the rule's rendered matches
 * @param hasBackends whether the rule has backendRefs
 */
export function renderHttpFilters(
  scope: IConstruct, prop: string, filters: any[] | undefined, impl: RouteImplementation, matches: any[], hasBackends: boolean): any[] | undefined {
  const policyGroup = impl.policyGroup;
  if (filters === undefined) return undefined;
  if (!Array.isArray(filters)) throw meshError(scope, prop, `must be a list of HttpRouteFilter, got ${shown(filters)}`);
  const seen = new Set<string>();
  return filters.map((f: any, i: number) => {
    const at = `${prop}[${i}]`;
    const filterType = f?._filterType ?? f?.type;
    const unsupported = impl.unsupportedFilters[filterType];
    if (unsupported !== undefined) {
      throw meshError(scope, at, `must not be ${filterType === 'ExtensionRef' ? 'an' : 'a'} ${filterType} filter: ${impl.mesh} does not support it`, unsupported);
    }
    if (typeof f?._filterType !== 'string' || f._options === null || typeof f._options !== 'object') {
      throw meshError(scope, at, `must be an HttpRouteFilter, got ${shown(f)}`);
    }
    if (seen.has(filterType)) throw meshError(scope, at, `must not repeat the ${filterType} filter of this rule`, 'The Gateway API allows each filter once per rule: merge them');
    seen.add(filterType);
    switch (filterType) {
      case 'RequestHeaderModifier':
        return { type: filterType, requestHeaderModifier: renderHeaderModifier(scope, `${at}.requestHeaderModifier`, f._options) };
      case 'ResponseHeaderModifier':
        if (policyGroup) {
          throw meshError(scope, at, 'must not be a ResponseHeaderModifier filter on a policy.linkerd.io HTTPRoute: its rules take only RequestHeaderModifier and RequestRedirect',
            'Use the Gateway API HTTPRoute (apiGroup: HttpRouteApiGroup.GATEWAY)');
        }
        return { type: filterType, responseHeaderModifier: renderHeaderModifier(scope, `${at}.responseHeaderModifier`, f._options) };
      case 'RequestRedirect':
        if (hasBackends) {
          throw meshError(scope, at, 'must not be a RequestRedirect filter in a rule with backends', 'The redirect answers the request itself: remove the rule\'s backends');
        }
        return { type: filterType, requestRedirect: renderRedirect(scope, `${at}.requestRedirect`, f._options, policyGroup, matches) };
      case 'RequestMirror':
        return { type: filterType, requestMirror: renderMirror(scope, `${at}.requestMirror`, f._options) };
      case 'URLRewrite':
        return { type: filterType, urlRewrite: renderRewrite(scope, `${at}.urlRewrite`, f._options, matches) };
      default:
        throw meshError(scope, at, `must be an HttpRouteFilter, got type ${shown(filterType)}`);
    }
  });
}

/** What the mesh implementing a route supports, for the checks that differ between meshes. */
export interface RouteImplementation {
  /** The mesh, for messages (`Linkerd`, `Istio`). */
  readonly mesh: string;
  /** Whether the route is Linkerd's `policy.linkerd.io` HTTPRoute. */
  readonly policyGroup: boolean;
  /** Filter types the mesh does not implement, each with the fix. */
  readonly unsupportedFilters: Record<string, string>;
}

function renderMirror(scope: IConstruct, prop: string, m: any): any {
  requireString(scope, `${prop}.name`, m?.name, 63, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Service name (a DNS-1123 label)');
  if (!Number.isInteger(m.port) || m.port < 1 || m.port > 65535) {
    throw meshError(scope, `${prop}.port`, `must be a port from 1 to 65535, got ${shown(m.port)}`, 'A Service backend needs its port');
  }
  if (m.weight !== undefined) {
    throw meshError(scope, `${prop}.weight`, `must not be set on a mirror, got ${shown(m.weight)}`, 'Mirror a share of requests with a percentage on the mesh\'s own mirror (Istio VirtualService mirrorPercentage)');
  }
  if (m.percent !== undefined && (!Number.isInteger(m.percent) || m.percent < 0 || m.percent > 100)) {
    throw meshError(scope, `${prop}.percent`, `must be an integer from 0 to 100, got ${shown(m.percent)}`);
  }
  return { backendRef: { name: m.name, port: m.port }, ...(m.percent !== undefined ? { percent: m.percent } : {}) };
}

function renderRewrite(scope: IConstruct, prop: string, r: any, matches: any[]): any {
  if (r?.hostname === undefined && r?.path === undefined) throw meshError(scope, prop, 'must rewrite the path or the hostname, got neither');
  if (r.hostname !== undefined) requireString(scope, `${prop}.hostname`, r.hostname, 253, DNS_SUBDOMAIN, 'a DNS-1123 subdomain');
  let path: any;
  if (r.path !== undefined) {
    const kind = r.path?._kind;
    const value = requireString(scope, `${prop}.path`, r.path?._value, 1024);
    if (!value.startsWith('/')) throw meshError(scope, `${prop}.path`, `must start with "/", got ${shown(value)}`);
    if (kind === 'ReplacePrefixMatch' && (matches.length !== 1 || matches[0].path?.type !== 'PathPrefix')) {
      throw meshError(scope, `${prop}.path`, `replacePrefixMatch needs the rule to have exactly one match, with a PathMatch.prefix path, got ${matches.length} match(es)`,
        'The Gateway API refuses it otherwise: there would be no single prefix to replace');
    }
    path = kind === 'ReplaceFullPath' ? { type: kind, replaceFullPath: value } : { type: kind, replacePrefixMatch: value };
  }
  return compact({ hostname: r.hostname, path: path || undefined });
}

/** How an HTTPRoute treats the request timeout of its rules. */
export interface RuleTimeoutContext {
  /** Whether the route is Linkerd's `policy.linkerd.io` HTTPRoute, whose rule timeouts Linkerd's webhook checks. */
  readonly policyGroup: boolean;
  /** The route's `timeouts.request` (the `timeout.linkerd.io/request` annotation), which Linkerd applies instead of the rules'. */
  readonly routeRequest?: Duration;
  /** The route's `unsafeNoTimeout`. */
  readonly unsafeNoTimeout: boolean;
}

/** A rule's rendered `timeouts`, and the request timeout that applies to the rule. */
export interface RenderedRuleTimeouts {
  readonly timeouts?: any;
  readonly requestTimeout?: Duration;
}

/**
 * Renders a rule's `timeouts` (undefined for the catch-all), with the 15s request timeout unless the route sets
 * `timeouts.request` or `unsafeNoTimeout`. `request: 0s` (no timeout) needs `unsafeNoTimeout`. `backendRequest`
 * may not exceed `request`: the Gateway API's CEL rule exempts a request of 0s, Linkerd's webhook (which checks
 * only `policy.linkerd.io` routes) does not.
 */
export function renderRuleTimeouts(scope: IConstruct, prop: string, timeouts: any, ctx: RuleTimeoutContext): RenderedRuleTimeouts {
  const request: Duration | undefined = timeouts?.request;
  const backendRequest: Duration | undefined = timeouts?.backendRequest;
  const requestMs = request === undefined ? undefined : wholeMillis(scope, `${prop}.timeouts.request`, request);
  const backendMs = backendRequest === undefined ? undefined : wholeMillis(scope, `${prop}.timeouts.backendRequest`, backendRequest);
  const show = (at: string, d: Duration) => renderRouteDuration(scope, `${prop}.timeouts.${at}`, d);
  if (request !== undefined && ctx.routeRequest !== undefined) {
    throw meshError(scope, `${prop}.timeouts.request`, `must not be set on a route with timeouts.request (${show('request', ctx.routeRequest)}), got ${show('request', request)}`,
      'Linkerd applies the route\'s timeout.linkerd.io/request annotation instead of the rule\'s field: remove one of them');
  }
  if (requestMs === 0 && !ctx.unsafeNoTimeout) {
    throw meshError(scope, `${prop}.timeouts.request`, 'must not be 0s, which disables the request timeout, unless the route sets unsafeNoTimeout, got 0s',
      'Give the rule a request timeout, or set unsafeNoTimeout: true on the route');
  }
  const ruleRequest = request ?? (ctx.routeRequest === undefined && !ctx.unsafeNoTimeout ? DEFAULT_REQUEST_TIMEOUT : undefined);
  const ruleRequestMs = ruleRequest === undefined ? undefined : wholeMillis(scope, `${prop}.timeouts.request`, ruleRequest);
  if (backendMs !== undefined && ruleRequestMs !== undefined && backendMs > ruleRequestMs && (ctx.policyGroup || ruleRequestMs !== 0)) {
    throw meshError(scope, `${prop}.timeouts.backendRequest`,
      `must not exceed timeouts.request (${show('request', ruleRequest!)}${request === undefined ? ', the default' : ''}), got ${show('backendRequest', backendRequest!)}`,
      ctx.policyGroup
        ? 'Linkerd\'s webhook refuses it on a policy.linkerd.io HTTPRoute, even with a request of 0s: an attempt cannot outlast the request'
        : 'The Gateway API refuses it unless the request timeout is 0s (none): an attempt cannot outlast the request');
  }
  const rendered = compact({
    request: ruleRequest !== undefined ? show('request', ruleRequest) : undefined,
    backendRequest: backendRequest !== undefined ? show('backendRequest', backendRequest) : undefined,
  });
  return {
    timeouts: Object.keys(rendered).length > 0 ? rendered : undefined,
    requestTimeout: requestMs === 0 ? undefined : ruleRequest ?? ctx.routeRequest,
  };
}
