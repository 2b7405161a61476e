import { DefaultRetries } from './mesh-config-resolved';
import { fullMatch, list } from './util';
import { formatMillis, parseDuration } from '../core/duration';
import { NON_IDEMPOTENT_METHODS } from '../core/http-methods';
import { merge } from '../private/merge';
/**
 * How Istio reads its networking config, shared by the rules and `explain`: retries of VirtualService routes,
 * StringMatch, durations, host names and wildcards, `exportTo` visibility and gateway names, as istiod and
 * `istioctl analyze` do them. Facts are from ../shared/MESH-FACTS.md (Istio 1.30).
 */

/** The API group of Istio's networking kinds. */
export const ISTIO_NETWORKING = 'networking.istio.io';

/** The API group of Istio's security kinds. */
export const ISTIO_SECURITY = 'security.istio.io';

/** The reserved gateway name that stands for every sidecar in the mesh. */
export const MESH_GATEWAY = 'mesh';

/** Istio's mesh-wide default retry policy, applied to an HTTP route that has no `retries` field. */
export const ISTIO_DEFAULT_RETRIES = {
  attempts: 2,
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
};

/** Methods that are not idempotent: a retry can apply them twice. */
export { NON_IDEMPOTENT_METHODS };

/** The retries a route gets: its own, or Istio's default when `retries` is absent. */
export interface EffectiveRetries {
  readonly attempts: number;
  readonly retryOn?: string;
  readonly perTryTimeout?: string;
  /** True when the route has no `retries` field and Istio's default policy applies. */
  readonly fromIstioDefault: boolean;
}

/**
 * The effective retry policy of a VirtualService HTTP route: its `retries`, or the mesh's default policy
 * (`meshDefault`, the mesh config's `defaultHttpRetryPolicy`; Istio's built-in one when not given).
 */
export function effectiveRetries(route: any, meshDefault: DefaultRetries = ISTIO_DEFAULT_RETRIES): EffectiveRetries {
  const r = route?.retries;
  if (r === undefined || r === null) {
    return merge(meshDefault, { fromIstioDefault: true });
  }
  const attempts = typeof r.attempts === 'number' ? r.attempts : 0;
  return { attempts: Math.max(0, attempts), retryOn: r.retryOn, perTryTimeout: r.perTryTimeout, fromIstioDefault: false };
}

/**
 * Whether an Istio StringMatch (`{exact}`, `{prefix}`, `{regex}`) matches `value`. Regexes are RE2 (not
 * JavaScript RegExp) and must match the whole value, as Envoy's safe_regex does (`util.fullMatch`).
 */
export function stringMatches(match: any, value: string): boolean {
  if (!match || typeof match !== 'object') return true;
  if (typeof match.exact === 'string') return match.exact === value;
  if (typeof match.prefix === 'string') return value.startsWith(match.prefix);
  // a pattern RE2 rejects (istiod refuses the object): assume it may match (conservative for safety rules)
  if (typeof match.regex === 'string') return fullMatch(match.regex, value) ?? true;
  return true;
}

/**
 * Whether an HTTP route forwards requests to an upstream, so that `retries` and `timeout` apply to it: not a
 * `redirect` or `directResponse` (the proxy answers itself) and not a `delegate` (the delegate
 * VirtualService's own routes forward, with their own retries and timeout).
 */
export function forwardsUpstream(route: any): boolean {
  if (!route || typeof route !== 'object') return false;
  return !route.redirect && !route.directResponse && !route.delegate;
}

/** Whether an HTTP route can match a request with `method` (a route with no `match` matches everything). */
export function routeCanMatchMethod(route: any, method: string): boolean {
  const matches: any[] | undefined = route?.match;
  if (!Array.isArray(matches) || matches.length === 0) return true;
  return matches.some(m => !m?.method || stringMatches(m.method, method));
}

/** The non-idempotent methods (POST, PATCH) an HTTP route can match. */
export function nonIdempotentMethodsMatched(route: any): string[] {
  return NON_IDEMPOTENT_METHODS.filter(m => routeCanMatchMethod(route, m));
}

/** Parses a protobuf/Go duration string (`1.5s`, `250ms`, `1m`) to milliseconds; undefined if unparseable. */
export const durationMs = parseDuration;

/** Formats milliseconds the way Istio durations read (`250ms`, `5s`, `1.5s`, `2m`). */
export const formatMs = formatMillis;

/**
 * Whether two Istio host names overlap (`host.Name.Matches` in istio/istio `pkg/config/host`): equal, or
 * one is a wildcard (`*.example.com`, `*`) that covers the other.
 */
export function hostsOverlap(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild && bWild) {
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  }
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/**
 * The names that cover `host`, most specific first: the host itself, then every wildcard above it
 * (`a.b.com` → `a.b.com`, `*.b.com`, `*.com`, `*`; `*.b.com` → `*.b.com`, `*.com`, `*`). Two hosts
 * overlap exactly when one is among the other's coverers, so a map keyed by host name answers
 * "which hosts overlap this one" in O(labels).
 */
export function hostCoverers(host: string): string[] {
  const out = [host];
  let rest = host.startsWith('*.') ? host.slice(2) : host;
  if (host === '*') return out;
  for (;;) {
    const dot = rest.indexOf('.');
    if (dot < 0) break;
    rest = rest.slice(dot + 1);
    out.push(`*.${rest}`);
  }
  out.push('*');
  return out;
}

/**
 * How specifically a config host `pattern` covers `host`, as istiod picks the most specific match
 * (`MostSpecificHostMatch`): -1 if it does not cover it; otherwise larger is more specific (exact is the largest).
 */
export function hostSpecificity(pattern: string, host: string): number {
  if (pattern === host) return 1_000_000;
  if (pattern === '*') return 0;
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) ? suffix.length : -1;
  }
  return -1;
}

/** Whether `exportTo` makes a config visible in every namespace (absent, empty, or containing `*`). */
export function exportedToAll(exportTo: unknown): boolean {
  const entries = list(exportTo);
  return entries.length === 0 || entries.includes('*');
}

/**
 * Whether a config in `ownNamespace` with `exportTo` is visible to configs and proxies in `namespace`
 * (`.` is the config's own namespace, `*` every namespace, `~` none; absent means every namespace).
 */
export function exportedTo(exportTo: unknown, ownNamespace: string, namespace: string): boolean {
  if (exportedToAll(exportTo)) return true;
  return list(exportTo).some(e => e === namespace || (e === '.' && ownNamespace === namespace));
}

/**
 * The namespace and name of a VirtualService `gateways` entry, resolved as istiod does
 * (`resolveGatewayName`): `ns/name`, `./name`, a short name (the VirtualService's namespace), or the
 * legacy `name.ns[.svc.cluster.local]` form.
 */
export function resolveGatewayName(entry: string, vsNamespace: string): { namespace: string; name: string } {
  const slash = entry.indexOf('/');
  if (slash >= 0) {
    const ns = entry.slice(0, slash);
    return { namespace: ns === '.' ? vsNamespace : ns, name: entry.slice(slash + 1) };
  }
  const dot = entry.indexOf('.');
  if (dot < 0) return { namespace: vsNamespace, name: entry };
  const rest = entry.slice(dot + 1);
  const next = rest.indexOf('.');
  return { namespace: next < 0 ? rest : rest.slice(0, next), name: entry.slice(0, dot) };
}

/**
 * A Gateway server host split into the namespace whose VirtualServices may bind to it (`*` for any)
 * and the DNS name, as istiod reads `hosts` (`ns/host`, `./host`, `*` + `/host`; no namespace means any).
 */
export function gatewayHost(entry: string, gatewayNamespace: string): { namespace: string; host: string } {
  const slash = entry.indexOf('/');
  if (slash < 0) return { namespace: '*', host: entry };
  const ns = entry.slice(0, slash);
  return { namespace: ns === '.' ? gatewayNamespace : ns, host: entry.slice(slash + 1) };
}

/** The API group of the Kubernetes Gateway API (`Gateway`, `HTTPRoute`, ...). */
export const GATEWAY_API = 'gateway.networking.k8s.io';

/** The infix of the Istio Gateways istiod generates for a Gateway API Gateway (`<gw>~istio-autogenerated-k8s-gateway~<listener>`). */
export const INTERNAL_GATEWAY_INFIX = '~istio-autogenerated-k8s-gateway~';

/**
 * Whether a VirtualService `gateways` entry names an Istio Gateway that istiod generates internally for a
 * Gateway API Gateway (`IsInternalGatewayReference` in istio/istio `pkg/config/gateway/kube/gatewayapi.go`).
 */
export function isInternalGatewayReference(entry: string): boolean {
  const slash = entry.indexOf('/');
  return (slash < 0 ? entry : entry.slice(slash + 1)).includes(INTERNAL_GATEWAY_INFIX);
}

/** Whether a VirtualService applies to sidecars: it names no `gateways`, or names `mesh` among them. */
export function boundToMesh(vs: { readonly spec?: any }): boolean {
  const gateways = list(vs.spec?.gateways);
  return gateways.length === 0 || gateways.includes(MESH_GATEWAY);
}
