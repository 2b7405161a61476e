import { ApiObject, ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { GrpcServiceDescriptor } from './grpc-profile';
import { OpenApiProfileOptions } from './openapi-profile';
import { RequestMatch } from './request-match';
import { ResponseClass } from './response-class';
import { renderProfileDuration, wholeMillis } from '../core/duration';
import { addMeshValidation, meshError, shown } from '../core/errors';
import { HttpMethod } from '../core/http-method';
import { grpcProfileRoutes } from './private/grpc';
import { SAFE_METHODS, UNSAFE_METHODS } from '../core/http-methods';
import { ResolvedService, resolveService, serviceFqdn } from '../core/service-resolution';
import { openApiProfileRoutes } from './private/openapi';
import { registerProfile } from './private/route';
import { isDnsSubdomain } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { ServiceReference } from '../core/service-reference';
import { checkProps, childScope, checkStaticArguments } from '../core/strict-props';
import { requireRegex } from '../gateway-api/private/http-rule';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

/**
 * How many retries Linkerd may add on top of the original requests to this service (`spec.retryBudget`).
 *
 * Linkerd has one budget per profile, never per route.
 */
export interface RetryBudget {
  /**
   * The ratio of retries to original requests, from 0 to 1000 (the proxy's limit).
   *
   * @default 0.2 - retries add at most 20% load
   */
  readonly retryRatio?: number;

  /**
   * Retries always allowed per second, on top of `retryRatio`: an integer, at least 0.
   *
   * @default 10
   */
  readonly minRetriesPerSecond?: number;

  /**
   * The window over which the ratio is computed, from 1s to 60s (the proxy's limit).
   *
   * @default Duration.seconds(10)
   */
  readonly ttl?: Duration;

  /**
   * Allows a `retryRatio` above 1: more retries than original requests, which multiplies the load on a
   * service that is already failing.
   *
   * @default false
   */
  readonly allowUnsafeRetryRatio?: boolean;
}

/** A route of a ServiceProfile (`spec.routes[]`). */
export interface ProfileRouteOptions {
  /** The route's name, the `rt_route` label in Linkerd's metrics (e.g. `GET /api/payments/{id}`): unique in the profile. */
  readonly name: string;

  /** The requests this route matches. The first route that matches a request wins. */
  readonly condition: RequestMatch;

  /**
   * How responses are classified as successes or failures.
   *
   * @default - none: Linkerd counts 5xx responses as failures
   */
  readonly responseClasses?: ResponseClass[];

  /**
   * Whether Linkerd retries failed requests of this route (within the profile's retry budget).
   *
   * A route that can match POST, PATCH or CONNECT (including a route with no method condition) is
   * refused `isRetryable: true` unless `allowUnsafeRetries` is set.
   *
   * @default - true when the condition only matches safe methods (GET, HEAD, OPTIONS, TRACE); false
   * otherwise (Linkerd's own default is false), rendered explicitly either way
   */
  readonly isRetryable?: boolean;

  /**
   * Acknowledges that this route's requests may be replayed although their method is not idempotent
   * (the handler deduplicates, e.g. with an idempotency key).
   *
   * @default false
   */
  readonly allowUnsafeRetries?: boolean;

  /**
   * How long Linkerd waits for a response, retries included, before failing with 504. At least 1ms.
   *
   * @default - not rendered: Linkerd applies 10s
   */
  readonly timeout?: Duration;
}

/** A route added to a ServiceProfile, as rendered. */
export interface ProfileRoute {
  /** The route's name. */
  readonly name: string;
  /** Whether Linkerd retries the route. */
  readonly isRetryable: boolean;
  /**
   * The route's timeout.
   *
   * @default - none rendered: Linkerd applies 10s
   */
  readonly timeout?: Duration;
}

/** An alternate destination of a ServiceProfile (`spec.dstOverrides[]`), for traffic splits. */
export interface DstOverride {
  /** The destination authority, e.g. `payments-v2.production.svc.cluster.local:8080`. */
  readonly authority: string;

  /** The relative weight: an integer from 0; the split is weight / sum of weights. */
  readonly weight: number;
}

/** Properties for `ServiceProfile`. */
export interface ServiceProfileProps {
  /**
   * Labels and annotations of the profile. The name and namespace are not free (Linkerd looks profiles
   * up by `<svc>.<ns>.svc.<clusterDomain>` in the Service's namespace): a `name` or `namespace` given here
   * must be exactly those.
   *
   * @default - no labels or annotations
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The Service this profile describes. The profile is named `<name>.<namespace>.svc.<clusterDomain>`
   * and lives in the Service's namespace: Linkerd looks profiles up by that name only.
   */
  readonly service: ServiceReference;

  /**
   * The retry budget of the whole profile; unset fields take the bounded defaults.
   *
   * @default - retryRatio 0.2, minRetriesPerSecond 10, ttl 10s, rendered explicitly (Linkerd applies the
   * same values when the field is absent, but a profile states its bound)
   */
  readonly retryBudget?: RetryBudget;

  /**
   * Routes, added in order through `addRoute`.
   *
   * @default - none: requests are not classified per route and nothing is retried
   */
  readonly routes?: ProfileRouteOptions[];

  /**
   * Alternate destinations, added through `addDstOverride`.
   *
   * @default - none: requests go to the Service itself
   */
  readonly dstOverrides?: DstOverride[];
}

/** Properties for `ServiceProfile.fromOpenApi`. */
export interface ServiceProfileFromOpenApiProps extends OpenApiProfileOptions {
  /**
   * Labels and annotations of the profile. The name and namespace are not free (Linkerd looks profiles
   * up by `<svc>.<ns>.svc.<clusterDomain>` in the Service's namespace): a `name` or `namespace` given here
   * must be exactly those.
   *
   * @default - no labels or annotations
   */
  readonly metadata?: ApiObjectMetadata;

  /** The Service the API is served by. */
  readonly service: ServiceReference;

  /**
   * The retry budget of the profile.
   *
   * @default - retryRatio 0.2, minRetriesPerSecond 10, ttl 10s
   */
  readonly retryBudget?: RetryBudget;
}

/** Properties for `ServiceProfile.fromGrpc`. */
export interface ServiceProfileFromGrpcProps {
  /**
   * Labels and annotations of the profile. The name and namespace are not free (Linkerd looks profiles
   * up by `<svc>.<ns>.svc.<clusterDomain>` in the Service's namespace): a `name` or `namespace` given here
   * must be exactly those.
   *
   * @default - no labels or annotations
   */
  readonly metadata?: ApiObjectMetadata;

  /** The Service that serves the gRPC service. */
  readonly service: ServiceReference;

  /** The gRPC services and their methods, as in the `.proto` file. */
  readonly grpcServices: GrpcServiceDescriptor[];

  /**
   * The retry budget of the profile.
   *
   * @default - retryRatio 0.2, minRetriesPerSecond 10, ttl 10s
   */
  readonly retryBudget?: RetryBudget;
}

/**
 * A Linkerd ServiceProfile (`linkerd.io/v1alpha2`): per-route metrics, retries and timeouts for one Service.
 *
 * Note: while a ServiceProfile exists for a Service, Linkerd ignores HTTPRoutes and the retry and timeout
 * annotations for it.
 *
 * There is deliberately no `opaquePorts` prop (and an untyped `opaquePorts` is refused): `spec.opaquePorts`
 * cannot be written in a form Linkerd reads. The CRD declares it as a list of strings, while the destination
 * controller's Go type (`ServiceProfileSpec.OpaquePorts map[uint32]struct{}` in
 * `controller/gen/apis/serviceprofile/v1alpha2/types.go`) decodes only a JSON object, so a list passes the
 * API server and then fails to decode in the controller, and an object is rejected by the API server. The
 * controller fills that field itself from the `config.linkerd.io/opaque-ports` annotations: set ports with
 * `MeshMembership.opaquePorts(service, ports)` instead.
 */
export class ServiceProfile extends Construct implements IMeshResource {
  /**
   * A profile with one route per path and method of an OpenAPI 3.0/3.1 or Swagger 2.0 document.
   */
  public static fromOpenApi(scope: Construct, id: string, props: ServiceProfileFromOpenApiProps): ServiceProfile {
    refuseOpaquePorts(childScope(scope, id), props ?? {});
    props = checkProps(childScope(scope, id), 'linkerd.ServiceProfile.fromOpenApi', props);
    const profile = new ServiceProfile(scope, id, merge(untypedOpaquePorts(props), {
      service: props.service, retryBudget: props.retryBudget, metadata: props.metadata,
    }));
    for (const route of openApiProfileRoutes(profile, props)) profile.addRoute(route);
    return profile;
  }

  /**
   * A profile with one route per gRPC method, as `linkerd profile --proto` generates it.
   */
  public static fromGrpc(scope: Construct, id: string, props: ServiceProfileFromGrpcProps): ServiceProfile {
    refuseOpaquePorts(childScope(scope, id), props ?? {});
    props = checkProps(childScope(scope, id), 'linkerd.ServiceProfile.fromGrpc', props);
    const profile = new ServiceProfile(scope, id, merge(untypedOpaquePorts(props), {
      service: props.service, retryBudget: props.retryBudget, metadata: props.metadata,
    }));
    for (const route of grpcProfileRoutes(profile, props.grpcServices)) profile.addRoute(route);
    return profile;
  }

  /** The profile's name, `<svc>.<ns>.svc.<clusterDomain>`. */
  public readonly name: string;
  /** The namespace of the profile and its Service. */
  public readonly namespace: string;
  /** The Service's name. */
  public readonly serviceName: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  private readonly routes: any[] = [];
  private readonly routeNames = new Set<string>();
  private readonly dstOverrides: any[] = [];
  private readonly retryBudget: any;

  constructor(scope: Construct, id: string, props: ServiceProfileProps) {
    super(scope, id);
    refuseOpaquePorts(this, props ?? {});
    props = checkProps(this, 'linkerd.ServiceProfile', props);
    const service: ResolvedService = resolveService(this, 'service', props.service);
    this.name = serviceFqdn(service);
    if (this.name.length > 253) {
      throw meshError(this, 'service.clusterDomain', `must keep the profile name within 253 characters (a DNS-1123 subdomain), got ${this.name.length} characters in ${shown(this.name)}`,
        'Linkerd names the profile <service>.<namespace>.svc.<clusterDomain>: use the cluster domain Linkerd is configured with');
    }
    this.namespace = service.namespace;
    this.serviceName = service.name;
    registerProfile(this, this.namespace, this.serviceName);
    this.retryBudget = this.renderBudget(props.retryBudget ?? {});

    // ApiObject rather than the binding: the binding's dstOverrides weight is a wrapper class.
    this.apiObject = createApiObject(this, merge(GVKS['linkerd.io'].ServiceProfileV1Alpha2, {
      metadata: profileMetadata(this, props.metadata, this.name, this.namespace),
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    }));
    // Items of props were checked with the props: the public add*() checks its argument, these do not again.
    for (const route of props.routes ?? []) this.appendRoute(route);
    for (const dst of props.dstOverrides ?? []) this.appendDstOverride(dst);
    addMeshValidation(this, this.validateOverrides);
  }

  /** Adds a route after the existing ones. */
  public addRoute(options: ProfileRouteOptions): ProfileRoute {
    return this.appendRoute(checkProps(this, 'linkerd.ServiceProfile.addRoute', options, 'addRoute()'));
  }

  private appendRoute(options: ProfileRouteOptions): ProfileRoute {
    const prop = `routes[${this.routes.length}]`;
    if (typeof options?.name !== 'string' || options.name.trim() === '') {
      throw meshError(this, `${prop}.name`, `must be a non-empty string, got ${shown(options?.name)}`);
    }
    if (this.routeNames.has(options.name)) {
      throw meshError(this, `${prop}.name`, `must be unique in the profile, got ${shown(options.name)} twice`, 'Routes share metrics by name: rename one');
    }
    if (!(options.condition instanceof RequestMatch)) {
      throw meshError(this, `${prop}.condition`, `must be a RequestMatch, got ${shown(options.condition)}`);
    }
    const condition = options.condition.toJson();
    checkRequestMatch(this, `${prop}.condition`, condition);
    const methods = options.condition._matchedMethods;
    const onlySafe = methods !== undefined && [...methods].every(m => SAFE_METHODS.has(m));
    const isRetryable = options.isRetryable ?? onlySafe;
    if (isRetryable && !options.allowUnsafeRetries) {
      const unsafe = methods === undefined ? ['any method'] : [...methods].filter(m => UNSAFE_METHODS.has(m));
      if (unsafe.length > 0) {
        throw meshError(this, `${prop}.isRetryable`,
          `must not be true on route ${shown(options.name)}, which matches ${unsafe.join(', ')}, got true`,
          'Retrying a non-idempotent request can repeat its side effect (a double payment): restrict the condition to safe methods with RequestMatch.method(), or set allowUnsafeRetries: true if the handler deduplicates');
      }
    }
    const responseClasses = (options.responseClasses ?? []).map((rc, i) => {
      const statuses = rc.condition?.toJson?.();
      checkStatusRanges(this, `${prop}.responseClasses[${i}].condition`, statuses);
      return { condition: statuses, isFailure: rc.isFailure ?? false };
    });
    const timeout = options.timeout === undefined ? undefined : renderProfileDuration(this, `${prop}.timeout`, options.timeout);

    this.routeNames.add(options.name);
    this.routes.push({
      name: options.name,
      condition,
      ...(responseClasses.length > 0 ? { responseClasses } : {}),
      isRetryable,
      ...(timeout !== undefined ? { timeout } : {}),
    });
    return { name: options.name, isRetryable, timeout: options.timeout };
  }

  /** Adds an alternate destination (`spec.dstOverrides[]`). */
  public addDstOverride(dst: DstOverride): DstOverride {
    return this.appendDstOverride(checkProps(this, 'linkerd.ServiceProfile.addDstOverride', dst, 'addDstOverride()'));
  }

  private appendDstOverride(dst: DstOverride): DstOverride {
    const prop = `dstOverrides[${this.dstOverrides.length}]`;
    const [host, port, extra] = typeof dst?.authority === 'string' ? dst.authority.split(':') : [];
    if (!isDnsSubdomain(host) || (port !== undefined && !/^[0-9]{1,5}$/.test(port)) || extra !== undefined) {
      throw meshError(this, `${prop}.authority`, `must be a host with an optional port such as "payments-v2.production.svc.cluster.local:8080", got ${shown(dst?.authority)}`);
    }
    if (!Number.isInteger(dst.weight) || dst.weight < 0) {
      throw meshError(this, `${prop}.weight`, `must be an integer of at least 0, got ${shown(dst.weight)}`);
    }
    this.dstOverrides.push({ authority: dst.authority, weight: dst.weight });
    return { authority: dst.authority, weight: dst.weight };
  }

  private renderSpec(): any {
    return {
      routes: this.routes,
      retryBudget: this.retryBudget,
      ...(this.dstOverrides.length > 0 ? { dstOverrides: this.dstOverrides } : {}),
    };
  }

  private renderBudget(budget: RetryBudget): any {
    const retryRatio = budget.retryRatio ?? 0.2;
    if (typeof retryRatio !== 'number' || !Number.isFinite(retryRatio) || retryRatio < 0 || retryRatio > 1000) {
      throw meshError(this, 'retryBudget.retryRatio', `must be a number from 0 to 1000, got ${shown(budget.retryRatio)}`);
    }
    if (retryRatio > 1 && budget.allowUnsafeRetryRatio !== true) {
      throw meshError(this, 'retryBudget.retryRatio', `must be at most 1 (retries at most as many as the original requests), got ${shown(retryRatio)}, which lets retries multiply the load on a failing service by ${1 + retryRatio}`,
        `For ${retryRatio}% write ${retryRatio / 100}; Linkerd's default is 0.2. Or set retryBudget.allowUnsafeRetryRatio: true`);
    }
    const minRetriesPerSecond = budget.minRetriesPerSecond ?? 10;
    if (!Number.isInteger(minRetriesPerSecond) || minRetriesPerSecond < 0 || minRetriesPerSecond > 4294967295) {
      throw meshError(this, 'retryBudget.minRetriesPerSecond', `must be an integer from 0 to 4294967295, got ${shown(budget.minRetriesPerSecond)}`);
    }
    const ttl = budget.ttl ?? Duration.seconds(10);
    const ms = wholeMillis(this, 'retryBudget.ttl', ttl);
    if (ms < 1000 || ms > 60_000) {
      throw meshError(this, 'retryBudget.ttl', `must be from 1s to 60s, got ${ms}ms`);
    }
    return { retryRatio, minRetriesPerSecond, ttl: renderProfileDuration(this, 'retryBudget.ttl', ttl) };
  }

  private validateOverrides(): string[] {
    if (this.dstOverrides.length > 0 && this.dstOverrides.every(d => d.weight === 0)) {
      return [meshError(this, 'dstOverrides', 'must have at least one weight above 0, got all 0', 'Linkerd would have no destination to send requests to').message];
    }
    return [];
  }
}

/** An `opaquePorts` passed without types (JavaScript, a cast), carried over so that it is refused, never dropped. */
function untypedOpaquePorts(props: object): object {
  const value = (props as any).opaquePorts;
  return value === undefined ? {} : { opaquePorts: value };
}

function refuseOpaquePorts(scope: Construct, props: object): void {
  const value = (props as any).opaquePorts;
  if (value === undefined) return;
  throw meshError(scope, 'opaquePorts', `is not supported on a ServiceProfile, got ${shown(value)}`,
    'Linkerd\'s CRD declares spec.opaquePorts as a list of strings but its destination controller decodes it as a map (map[uint32]struct{}), so no form both passes the API server and is read: '
    + 'set the ports with MeshMembership.opaquePorts(service, ports) (config.linkerd.io/opaque-ports), which Linkerd reads');
}

/** Checks the methods (uppercase, as Linkerd compares them) and path regexes (RE2) of a request condition. */
const HTTP_METHODS = new Set<unknown>(Object.values(HttpMethod));

function checkRequestMatch(scope: Construct, prop: string, condition: any): void {
  if (condition.method !== undefined) {
    const method = condition.method;
    if (!HTTP_METHODS.has(method)) {
      const upper = typeof method === 'string' ? method.toUpperCase() : undefined;
      const known = upper !== undefined && (Object.values(HttpMethod) as string[]).includes(upper);
      throw meshError(scope, `${prop}.method`, `must be an uppercase HTTP method (${Object.values(HttpMethod).join(', ')}), got ${shown(method)}`,
        known ? `Linkerd compares methods case-sensitively, so ${shown(method)} never matches: write HttpMethod.${upper} (${shown(upper)})` : 'Use an HttpMethod value');
    }
  }
  if (condition.pathRegex !== undefined) {
    if (typeof condition.pathRegex !== 'string' || condition.pathRegex === '') {
      throw meshError(scope, `${prop}.pathRegex`, `must be a non-empty regular expression, got ${shown(condition.pathRegex)}`);
    }
    requireRegex(scope, `${prop}.pathRegex`, condition.pathRegex);
  }
  (condition.all ?? []).forEach((c: any, i: number) => checkRequestMatch(scope, `${prop}.all[${i}]`, c));
  (condition.any ?? []).forEach((c: any, i: number) => checkRequestMatch(scope, `${prop}.any[${i}]`, c));
  if (condition.not !== undefined) checkRequestMatch(scope, `${prop}.not`, condition.not);
}

function checkStatusRanges(scope: Construct, prop: string, condition: any): void {
  if (condition === undefined || condition === null) {
    throw meshError(scope, prop, 'must be a ResponseMatch, got undefined');
  }
  const status = condition.status;
  if (status) {
    const { min, max } = status;
    if (![min, max].every(v => Number.isInteger(v) && v >= 100 && v <= 599) || max < min) {
      throw meshError(scope, `${prop}.status`, `must be a range of HTTP statuses from 100 to 599 with min <= max, got ${shown(status)}`);
    }
  }
  for (const c of [...(condition.all ?? []), ...(condition.any ?? []), ...(condition.not ? [condition.not] : [])]) {
    checkStatusRanges(scope, prop, c);
  }
}

/** The profile's metadata: the user's labels and annotations, the fixed name and namespace. */
function profileMetadata(scope: Construct, metadata: ApiObjectMetadata | undefined, name: string, namespace: string): ApiObjectMetadata {
  if (metadata?.name !== undefined && metadata.name !== name) {
    throw meshError(scope, 'metadata.name', `must be ${shown(name)} (Linkerd finds a profile by <svc>.<ns>.svc.<clusterDomain> only), got ${shown(metadata.name)}`,
      'Omit metadata.name: it is derived from service');
  }
  if (metadata?.namespace !== undefined && metadata.namespace !== namespace) {
    throw meshError(scope, 'metadata.namespace', `must be the Service's namespace ${shown(namespace)}, got ${shown(metadata.namespace)}`,
      'Omit metadata.namespace, or set service.namespace');
  }
  return merge(metadata, { name, namespace });
}

checkStaticArguments(ServiceProfile, 'linkerd.ServiceProfile');
