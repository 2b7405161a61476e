import { Construct, IConstruct } from 'constructs';
import { renderRouteDuration, wholeMillis } from '../../core/duration';
import { meshError, shown } from '../../core/errors';
import { DEFAULT_ROUTE_TIMEOUT } from '../../core/timeouts';

/**
 * The request timeout a route gets when it sets none, as the Istio layer does: Linkerd, with neither a rule's
 * `timeouts.request` nor a `timeout.linkerd.io/request` annotation, applies no timeout at all.
 */
export const DEFAULT_REQUEST_TIMEOUT = DEFAULT_ROUTE_TIMEOUT;

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

/**
 * Errors when a ServiceProfile for one of the Service parents exists in the same app: Linkerd's proxies then
 * route by the profile and ignore the whole route (split, matches, filters, retries, timeouts), as MESH114 reports.
 */
export function gammaProfileConflicts(route: Construct, namespace: string, services: string[]): string[] {
  return profilesFor(route, namespace, services)
    .map(p => meshError(route, 'parents', `must not include Service ${shown(`${namespace}/${p.serviceName}`)}, which has the ServiceProfile ${p.node.path} (${p.name}): Linkerd routes that Service by the profile and ignores this HTTPRoute (its backends, matches, filters, retries and timeouts)`,
      'Drop the ServiceProfile (retries and timeouts go in retry.linkerd.io/* and timeout.linkerd.io/* on the route), or drop this route and move its rules into the ServiceProfile\'s routes and dstOverrides').message);
}

/** The Servers of each app, as `<namespace>/<name>`, for policies that name one. */
const SERVERS = new WeakMap<object, Set<string>>();

/** Records a `linkerd.Server` of the app. */
export function registerServer(server: Construct, namespace: string, name: string): void {
  const root = server.node.root;
  let names = SERVERS.get(root);
  if (!names) SERVERS.set(root, names = new Set());
  names.add(`${namespace}/${name}`);
}

/** Whether a `linkerd.Server` named `name` exists in `namespace` in the app of `scope`. */
export function serverInApp(scope: Construct, namespace: string, name: string): boolean {
  return SERVERS.get(scope.node.root)?.has(`${namespace}/${name}`) === true;
}
