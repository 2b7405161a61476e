import { ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { meshError, shown } from './errors';
import { renderRouteDuration, wholeMillis } from './linkerd-duration';
import { requireDnsLabel } from './linkerd-names';
import { isDnsLabel } from './names';

/**
 * The request timeout a route gets when it sets none, as the Istio layer does: Linkerd, with neither a rule's
 * `timeouts.request` nor a `timeout.linkerd.io/request` annotation, applies no timeout at all.
 */
export const DEFAULT_REQUEST_TIMEOUT = Duration.seconds(15);

/** The parts of a route the shared checks need. */
export interface RouteShape {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly port?: number;
  readonly namespace?: string;
}

/** The fields of a `RouteParent` the routes read. */
export interface RouteParentFields {
  readonly _group: string;
  readonly _kind: string;
  readonly _name: string;
  readonly _port?: number;
  readonly _namespace?: string;
}

/** A route's parents, rendered and sorted out. */
export interface RouteParents {
  /** `spec.parentRefs`. */
  readonly parentRefs: any[];
  /** The Service parents (GAMMA). */
  readonly services: RouteShape[];
  /** Whether a Server is among the parents (the route then describes inbound traffic). */
  readonly hasServerParent: boolean;
}

/** Renders a route's `parents` (see `renderParents`) and picks out its Service and Server parents. */
export function renderRouteParents(scope: IConstruct, namespace: string, parents: RouteParentFields[] | undefined): RouteParents {
  const shapes = (parents ?? []).map(p => ({ group: p._group, kind: p._kind, name: p._name, port: p._port, namespace: p._namespace }));
  return {
    parentRefs: renderParents(scope, namespace, shapes),
    services: shapes.filter(p => p.kind === 'Service'),
    hasServerParent: shapes.some(p => p.kind === 'Server'),
  };
}

/**
 * The catch-all rule that sends every request no other rule matches to the only Service parent and its port, or
 * undefined when `catchAll` is false (by default it is on for a route with exactly one Service parent).
 */
export function renderCatchAllRule(scope: IConstruct, services: RouteShape[], catchAll: boolean | undefined): any | undefined {
  if (!(catchAll ?? services.length === 1)) return undefined;
  if (services.length !== 1 || services[0].port === undefined) {
    throw meshError(scope, 'catchAll', `needs exactly one Service parent with a port, got ${shown(services.map(s => `${s.name}:${s.port ?? '?'}`))}`,
      'Give the parent a port with RouteParent.service(name, port), or set catchAll: false and add your own last rule');
  }
  return { backendRefs: [{ name: services[0].name, port: services[0].port }] };
}

/** The metadata of a route: the user's, in `namespace`, with the retry and timeout annotations added. */
export function routeMetadata(metadata: ApiObjectMetadata | undefined, namespace: string, annotations: Record<string, string>): ApiObjectMetadata {
  return { ...metadata, namespace, annotations: { ...metadata?.annotations, ...annotations } };
}

/** `spec.rules`, rendered lazily: the rules added so far, then the catch-all rule if any. */
export function lazyRules(rules: any[], catchAllRule: any | undefined): any {
  return Lazy.any({ produce: () => [...rules, ...(catchAllRule ? [catchAllRule] : [])] });
}

/** Refuses a rule beyond the CRD's limit of 16 per route, the catch-all included; `route` is `a GRPCRoute` or `an HTTPRoute`. */
export function requireRuleCapacity(scope: IConstruct, prop: string, route: string, rules: number, hasCatchAll: boolean): void {
  if (rules + (hasCatchAll ? 1 : 0) >= 16) {
    throw meshError(scope, prop, `must not be added: ${route} has at most 16 rules (the CRD's limit)${hasCatchAll ? ', the catch-all included' : ''}`,
      'Merge rules with the same backends and filters, or split the route');
  }
}

/**
 * Checks a route's `unsafeNoTimeout` against its `timeouts.request` (the annotation): not both, and no 0s
 * request, which would disable the timeout without the opt-in.
 */
export function checkRouteRequestTimeout(scope: IConstruct, timeouts: any, unsafeNoTimeout: boolean | undefined): void {
  const request = timeouts?.request;
  if (request === undefined) return;
  if (unsafeNoTimeout) {
    throw meshError(scope, 'unsafeNoTimeout', 'cannot be combined with timeouts.request, got both', 'Remove one of them');
  }
  if (wholeMillis(scope, 'timeouts.request', request) === 0) {
    throw meshError(scope, 'timeouts.request', 'must be at least 1ms, got 0ms',
      'To give the route no request timeout, leave timeouts.request unset and set unsafeNoTimeout: true');
  }
}

/** Renders `retry.linkerd.io/*` and `timeout.linkerd.io/*` annotations. */
export function renderRouteAnnotations(scope: IConstruct, retry: any, timeouts: any, grpc: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (retry) {
    if (grpc && retry.http?.length) throw meshError(scope, 'retry.http', 'must not be set on a GRPCRoute', 'Use retry.grpc');
    if (!grpc && retry.grpc?.length) throw meshError(scope, 'retry.grpc', 'must not be set on an HTTPRoute', 'Use retry.http, or a GRPCRoute');
    if (retry.http?.length) {
      retry.http.forEach((c: any, i: number) => {
        const codes: number[] = c?._codes ?? [];
        if (codes.some(n => !Number.isInteger(n) || n < 100 || n > 599) || (codes.length === 2 && codes[1] < codes[0])) {
          throw meshError(scope, `retry.http[${i}]`, `must be statuses from 100 to 599 with min <= max, got ${shown(c?.value)}`);
        }
      });
      out['retry.linkerd.io/http'] = retry.http.map((c: any) => c.value).join(',');
    }
    if (retry.grpc?.length) out['retry.linkerd.io/grpc'] = retry.grpc.join(',');
    if (retry.limit !== undefined) {
      if (!Number.isInteger(retry.limit) || retry.limit < 0) throw meshError(scope, 'retry.limit', `must be an integer of at least 0, got ${shown(retry.limit)}`);
      out['retry.linkerd.io/limit'] = `${retry.limit}`;
    }
    if (retry.timeout !== undefined) out['retry.linkerd.io/timeout'] = renderRouteDuration(scope, 'retry.timeout', retry.timeout);
  }
  for (const key of ['request', 'response', 'idle']) {
    if (timeouts?.[key] !== undefined) out[`timeout.linkerd.io/${key}`] = renderRouteDuration(scope, `timeouts.${key}`, timeouts[key]);
  }
  return out;
}

/** Renders parentRefs, refusing parents of another namespace. */
export function renderParents(scope: IConstruct, namespace: string, parents: RouteShape[]): any[] {
  if (!Array.isArray(parents) || parents.length === 0) throw meshError(scope, 'parents', `must list at least one parent, got ${shown(parents)}`);
  return parents.map((p, i) => {
    if (p.namespace !== undefined && p.namespace !== namespace) {
      throw meshError(scope, `parents[${i}]`, `must be in the route's namespace ${shown(namespace)}, got ${p.kind} ${shown(`${p.namespace}/${p.name}`)}`);
    }
    if (!isDnsLabel(p.name)) {
      throw meshError(scope, `parents[${i}].name`, `must be the name of a ${p.kind} (a DNS-1123 label), got ${shown(p.name)}`);
    }
    if (p.port !== undefined && (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)) {
      throw meshError(scope, `parents[${i}].port`, `must be a port from 1 to 65535, got ${shown(p.port)}`);
    }
    return { group: p.group, kind: p.kind, name: p.name, ...(p.port !== undefined ? { port: p.port } : {}) };
  });
}

/** Renders backendRefs. */
export function renderBackends(scope: IConstruct, prop: string, backends: any[] | undefined): any[] | undefined {
  if (backends === undefined) return undefined;
  if (!Array.isArray(backends) || backends.length > 16) {
    throw meshError(scope, prop, `must be a list of at most 16 backends (the CRD's limit), got ${Array.isArray(backends) ? backends.length : shown(backends)}`);
  }
  return backends.map((b, i) => {
    requireDnsLabel(scope, `${prop}[${i}].name`, b?.name);
    if (!Number.isInteger(b.port) || b.port < 1 || b.port > 65535) {
      throw meshError(scope, `${prop}[${i}].port`, `must be a port from 1 to 65535, got ${shown(b.port)}`, 'Linkerd refuses a Service backend without a port');
    }
    if (b.weight !== undefined && (!Number.isInteger(b.weight) || b.weight < 0 || b.weight > 1_000_000)) {
      throw meshError(scope, `${prop}[${i}].weight`, `must be an integer from 0 to 1000000, got ${shown(b.weight)}`);
    }
    return { name: b.name, port: b.port, ...(b.weight !== undefined ? { weight: b.weight } : {}) };
  });
}

/**
 * The error of a route with `retry` that can match requests unsafe to replay (Linkerd applies a route's retries
 * to every request it matches), unless `allowUnsafeRetries`.
 */
export interface RetrySafety {
  /** The route's `retry`. */
  readonly retry: unknown;
  /** The route's `allowUnsafeRetries`. */
  readonly allowUnsafeRetries?: boolean;
  /** Per rule, why replaying what it matches is unsafe; undefined for a safe rule. */
  readonly reasons: (string | undefined)[];
  /** Whether the route ends with a catch-all rule, which matches every method. */
  readonly hasCatchAll: boolean;
  /** What the route must not match, e.g. `POST, PATCH or CONNECT`. */
  readonly unsafeWhat: string;
  /** The fix. */
  readonly fix: string;
}

/** Errors of `RetrySafety`: one when the route has retries and some rule is unsafe to replay. */
export function unsafeRetryErrors(scope: IConstruct, r: RetrySafety): string[] {
  if (!r.retry || r.allowUnsafeRetries) return [];
  const reasons = [...r.reasons, ...(r.hasCatchAll ? ['its catch-all rule matches every method'] : [])].filter((x): x is string => x !== undefined);
  if (reasons.length === 0) return [];
  return [meshError(scope, 'retry', `must not be set on a route that can match ${r.unsafeWhat} (${reasons.join('; ')})`, r.fix).message];
}

/** The ServiceProfiles of each app, by `<namespace>/<service>`, registered as they are constructed. */
const PROFILES = new WeakMap<IConstruct, Map<string, Construct[]>>();

/** Records a ServiceProfile for `namespace/service`, so routes find it in O(1) instead of walking the tree. */
export function registerProfile(profile: Construct, namespace: string, service: string): void {
  const root = profile.node.root;
  let byService = PROFILES.get(root);
  if (!byService) PROFILES.set(root, byService = new Map());
  const key = `${namespace}/${service}`;
  byService.set(key, [...(byService.get(key) ?? []), profile]);
}

/** The ServiceProfiles in the app for one of `services` in `namespace`: while one exists, Linkerd ignores the route. */
export function profilesFor(route: Construct, namespace: string, services: string[]): any[] {
  const byService = PROFILES.get(route.node.root);
  return byService ? services.flatMap(s => byService.get(`${namespace}/${s}`) ?? []) : [];
}

/** Errors when a ServiceProfile for one of the Service parents exists in the same app (annotations ignored). */
export function profileConflicts(route: Construct, namespace: string, services: string[]): string[] {
  return profilesFor(route, namespace, services)
    .map(p => meshError(route, 'retry/timeouts', `must not be set on a route for Service ${shown(`${namespace}/${p.serviceName}`)}, which has the ServiceProfile ${p.node.path}`,
      'Linkerd ignores retry and timeout annotations while a ServiceProfile exists for the Service: put retries and timeouts in the ServiceProfile, or remove it').message);
}
