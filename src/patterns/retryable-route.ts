import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { requireMesh, unsupported } from './private/mesh-support';
import { meshError, shown } from '../core/errors';
import { HttpMethod } from '../core/http-method';
import { HTTP_METHODS, IDEMPOTENT_METHODS } from '../core/http-methods';
import { IstioDialect, LinkerdRouting, Mesh } from '../core/mesh';
import { isDnsLabel } from '../core/names';
import { IMeshResource } from '../core/resource';
import { checkProps } from '../core/strict-props';
import * as gatewayApi from '../gateway-api';
import * as istio from '../istio';
import * as linkerd from '../linkerd';

/** One endpoint of a `RetryableRoute`: a method and a path, with its timeout and retries. */
export interface RetryableEndpoint {
  /** The method. */
  readonly method: HttpMethod;

  /**
   * The path: exact (`/api/payments`), or a prefix when it ends with `/*` (`/api/payments/*` matches
   * `/api/payments/1`, as Istio's policies read it).
   */
  readonly path: string;

  /**
   * The request timeout, retries included.
   *
   * @default Duration.seconds(15)
   */
  readonly timeout?: Duration;

  /**
   * Retries after the first attempt (Istio `retries.attempts`, Linkerd `retry.linkerd.io/limit`; on
   * ServiceProfiles, any value makes the route `isRetryable` and the profile's budget bounds the retries).
   * Only for safe or idempotent methods unless `allowUnsafeRetries`.
   *
   * @default 0 - no retries, rendered explicitly on Istio (`attempts: 0`) so its default policy does not apply
   */
  readonly retries?: number;

  /**
   * Timeout of each attempt. Not on ServiceProfiles (Linkerd has no per-attempt timeout there).
   *
   * @default - bounded by `timeout` only
   */
  readonly perTryTimeout?: Duration;

  /**
   * Acknowledges that `retries` may replay a POST, PATCH or CONNECT: safe only when the endpoint is idempotent by
   * design (an idempotency key).
   *
   * @default false
   */
  readonly allowUnsafeRetries?: boolean;
}

/** A retry budget: retries limited to a share of the requests. */
export interface RetryBudget {
  /**
   * Retries as a share of requests, from 0.01 to 1 (Istio DestinationRule `retryBudget.percent` = ratio × 100;
   * Linkerd ServiceProfile `retryBudget.retryRatio`).
   */
  readonly ratio: number;

  /**
   * Retries always allowed (Istio `minRetryConcurrency`: concurrent retries; Linkerd `minRetriesPerSecond`:
   * retries per second): an integer, at least 0.
   *
   * @default 10
   */
  readonly minRetries?: number;
}

/** Properties for `RetryableRoute`. */
export interface RetryableRouteProps {
  /** The mesh and dialect. */
  readonly mesh: Mesh;

  /** The Service the endpoints belong to (a DNS-1123 label), in the chart's namespace. */
  readonly service: string;

  /** The Service port. */
  readonly port: number;

  /**
   * The endpoints, in order. Requests matching none go to the Service with the default timeout and no retries.
   *
   * @default - none besides the catch-all
   */
  readonly endpoints?: RetryableEndpoint[];

  /**
   * A retry budget. Istio classic: the DestinationRule's `trafficPolicy.retryBudget`; Linkerd ServiceProfile:
   * `spec.retryBudget`. Not on Gateway API routes, which have none.
   *
   * @default - none: on ServiceProfiles Linkerd's default budget (retryRatio 0.2, minRetriesPerSecond 10, ttl 10s)
   */
  readonly retryBudget?: RetryBudget;
}

/**
 * Endpoints of a Service declared by method and path, each with a timeout and retries, retried only when the
 * method is safe to replay. Istio classic: one VirtualService route per endpoint (`attempts: 0` where no retries)
 * and a catch-all; Linkerd with HTTPRoutes: one HTTPRoute per retry class with `retry.linkerd.io/*`
 * annotations; Linkerd with ServiceProfiles: profile routes with `isRetryable` and the budget on the spec.
 */
export class RetryableRoute extends Construct {
  /** Every object the pattern rendered. */
  public readonly resources: IMeshResource[] = [];

  private readonly mesh: Mesh;
  private readonly service: string;
  private readonly port: number;
  private readonly vs?: istio.VirtualService;
  private readonly profile?: linkerd.ServiceProfile;
  private readonly routes = new Map<string, gatewayApi.HttpRoute>();
  private readonly endpointKeys = new Set<string>();
  private count = 0;

  constructor(scope: Construct, id: string, props: RetryableRouteProps) {
    super(scope, id);
    props = checkProps(this, 'RetryableRoute', props);
    this.mesh = requireMesh(this, props.mesh);
    if (!isDnsLabel(props.service)) throw meshError(this, 'service', `must be a Service name (a DNS-1123 label), got ${shown(props.service)}`);
    if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) throw meshError(this, 'port', `must be a port from 1 to 65535, got ${shown(props.port)}`);
    this.service = props.service;
    this.port = props.port;
    const budget = props.retryBudget;
    if (budget !== undefined) {
      if (typeof budget.ratio !== 'number' || !(budget.ratio >= 0.01 && budget.ratio <= 1)) {
        throw meshError(this, 'retryBudget.ratio', `must be a number from 0.01 to 1, got ${shown(budget.ratio)}`);
      }
      if (budget.minRetries !== undefined && (!Number.isInteger(budget.minRetries) || budget.minRetries < 0)) {
        throw meshError(this, 'retryBudget.minRetries', `must be an integer of at least 0, got ${shown(budget.minRetries)}`);
      }
      if (this.mesh.usesGatewayApi) {
        throw unsupported(this, this.mesh, 'retryBudget', 'Gateway API routes have no retry budget',
          this.mesh.isLinkerd ? 'Use Mesh.linkerd({ routing: LinkerdRouting.SERVICE_PROFILE }), whose profiles carry the budget' : 'Use the classic dialect (DestinationRule retryBudget)');
      }
    }
    if (this.mesh.dialect === IstioDialect.GAMMA) {
      throw unsupported(this, this.mesh, 'mesh', 'the standard Gateway API channel has no HTTPRoute retry field, and Istio applies its default retry policy to every HTTPRoute rule, POST included',
        'Use Mesh.istio() (classic dialect)');
    }
    if (this.mesh.dialect === IstioDialect.CLASSIC) {
      this.vs = new istio.VirtualService(this, 'VirtualService', { metadata: { name: props.service }, hosts: [props.service], apiVersion: this.mesh.istioApiVersion });
      this.resources.push(this.vs);
      if (budget !== undefined) {
        this.resources.push(new istio.DestinationRule(this, 'DestinationRule', {
          metadata: { name: props.service },
          host: props.service,
          apiVersion: this.mesh.istioApiVersion,
          trafficPolicy: { retryBudget: { percent: Math.round(budget.ratio * 10000) / 100, minRetryConcurrency: budget.minRetries ?? 10 } },
        }));
      }
    } else if (this.mesh.dialect === LinkerdRouting.SERVICE_PROFILE) {
      this.profile = new linkerd.ServiceProfile(this, 'ServiceProfile', {
        service: { name: props.service, clusterDomain: this.mesh.clusterDomain },
        retryBudget: budget === undefined ? undefined : { retryRatio: budget.ratio, minRetriesPerSecond: budget.minRetries ?? 10 },
      });
      this.resources.push(this.profile);
    }
    for (const e of props.endpoints ?? []) this.addEndpoint(e);
    // Istio takes the first route that matches: the catch-all goes last (no retries: the layer renders attempts: 0).
    this.vs?.addHttpRoute({ name: 'default', destinations: [{ host: props.service, port: props.port }], timeout: Duration.seconds(15) });
    if (this.mesh.dialect === LinkerdRouting.HTTP_ROUTE) {
      this.routeFor(0, undefined).addRule({ backends: [{ name: props.service, port: props.port }] });
    }
  }

  /** Adds an endpoint (before the catch-all, so only from the constructor). */
  private addEndpoint(endpoint: RetryableEndpoint): void {
    const i = this.count++;
    const at = `endpoints[${i}]`;
    const method = endpoint?.method;
    if (!HTTP_METHODS.includes(method)) throw meshError(this, `${at}.method`, `must be one of ${HTTP_METHODS.join(', ')}, got ${shown(method)}`);
    const path = endpoint.path;
    if (typeof path !== 'string' || !/^\/[-A-Za-z0-9/._~!$&'()+,;=:@%]*(\/\*)?$/.test(path) || path.includes('//')) {
      throw meshError(this, `${at}.path`, `must be an absolute path, exact or ending with "/*" for a prefix, got ${shown(path)}`);
    }
    const key = `${method} ${path}`;
    if (this.endpointKeys.has(key)) throw meshError(this, at, `must not repeat ${key}`);
    this.endpointKeys.add(key);
    const retries = endpoint.retries ?? 0;
    if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw meshError(this, `${at}.retries`, `must be an integer from 0 to 10, got ${shown(retries)}`);
    if (retries > 0 && !IDEMPOTENT_METHODS.has(method) && endpoint.allowUnsafeRetries !== true) {
      throw meshError(this, `${at}.retries`, `must be 0 for ${method}, which is not idempotent: a retried ${method} can execute twice, got ${retries}`,
        'Leave retries unset, or make the endpoint idempotent (an idempotency key) and set allowUnsafeRetries: true');
    }
    const timeout = endpoint.timeout ?? Duration.seconds(15);
    const prefix = path.endsWith('/*');
    const base = prefix ? path.slice(0, -1) : path;
    if (this.vs) {
      this.vs.addHttpRoute({
        name: key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
        matches: [{ method: istio.StringMatch.exact(method), uri: prefix ? istio.StringMatch.prefix(base) : istio.StringMatch.exact(path) }],
        destinations: [{ host: this.service, port: this.port }],
        timeout,
        retries: { attempts: retries, perTryTimeout: retries > 0 ? endpoint.perTryTimeout : undefined },
        allowUnsafeRetriesOfNonIdempotentRequests: retries > 0 && endpoint.allowUnsafeRetries === true ? true : undefined,
      });
    } else if (this.profile) {
      if (endpoint.perTryTimeout !== undefined) {
        throw unsupported(this, this.mesh, `${at}.perTryTimeout`, 'ServiceProfile routes have no per-attempt timeout', 'Use Mesh.linkerd() (HTTPRoute routing: retry.linkerd.io/timeout)');
      }
      const escaped = base.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      this.profile.addRoute({
        name: key,
        condition: linkerd.RequestMatch.methodAndPath(method, prefix ? `${escaped}[^/]+` : escaped),
        timeout,
        isRetryable: retries > 0,
        allowUnsafeRetries: retries > 0 && endpoint.allowUnsafeRetries === true ? true : undefined,
      });
    } else {
      const route = this.routeFor(retries, retries > 0 ? endpoint.perTryTimeout : undefined, endpoint.allowUnsafeRetries === true);
      route.addRule({
        matches: [{ method, path: prefix ? gatewayApi.PathMatch.prefix(base) : gatewayApi.PathMatch.exact(path) }],
        backends: [{ name: this.service, port: this.port }],
        timeouts: { request: timeout },
      });
    }
  }

  /** The Linkerd HTTPRoute of one retry class (limit, per-try timeout). */
  private routeFor(limit: number, perTry: Duration | undefined, allowUnsafe = false): gatewayApi.HttpRoute {
    const key = limit === 0 ? 'none' : `${limit}-${perTry?.toMilliseconds() ?? 'none'}${allowUnsafe ? '-unsafe' : ''}`;
    let route = this.routes.get(key);
    if (!route) {
      route = new linkerd.HttpRoute(this, `HttpRoute-${key}`, {
        metadata: { name: limit === 0 ? this.service : `${this.service}-retry-${this.routes.size}` },
        parents: [gatewayApi.RouteParent.service(this.service, this.port)],
        catchAll: false,
        retry: limit === 0 ? undefined : { http: [linkerd.HttpRetryCondition.FIVE_XX], limit, timeout: perTry },
        allowUnsafeRetries: allowUnsafe ? true : undefined,
      });
      this.routes.set(key, route);
      this.resources.push(route);
    }
    return route;
  }
}
