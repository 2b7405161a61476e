import { ApiObject, ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IdempotencyLevel } from './grpc-profile';
import { RouteRetry, RouteTimeouts } from './route-annotations';
import { renderRouteDuration } from '../core/duration';
import { addMeshValidation, meshError, shown } from '../core/errors';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace } from '../core/service-resolution';
import { AddedRouteRule } from '../gateway-api/added-rule';
import { lazyRules, renderBackends, renderCatchAllRule, renderRouteParents, requireRuleCapacity, routeMetadata } from '../gateway-api/private/route';
import { RouteBackend, RouteParent } from '../gateway-api/route-parent';
import { checkRouteRequestTimeout, DEFAULT_REQUEST_TIMEOUT, profileConflicts, profilesFor, renderRouteAnnotations, unsafeRetryErrors } from './private/route';
import { checkProps } from '../core/strict-props';
import { compact } from '../private/compact';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

const RETRYABLE_LEVELS: ReadonlySet<string> = new Set([IdempotencyLevel.NO_SIDE_EFFECTS, IdempotencyLevel.IDEMPOTENT]);

/** A condition of a GRPCRoute rule: the gRPC service and method (exact). */
export interface GrpcRouteMatch {
  /**
   * The fully qualified service, e.g. `payments.v1.Ledger`.
   *
   * @default - any service
   */
  readonly service?: string;

  /**
   * The method, e.g. `GetEntry`.
   *
   * @default - any method of `service`, which a route with retries refuses unless `allowUnsafeRetries`
   */
  readonly method?: string;

  /**
   * The method's `option idempotency_level` in its `.proto` file. Not rendered (GRPCRoute has no such
   * field): it is the evidence a route with `retry` needs, since every gRPC call is a POST and Linkerd
   * replays any call on the configured statuses.
   *
   * @default IdempotencyLevel.IDEMPOTENCY_UNKNOWN - may have side effects: a route with retries refuses
   * the match unless `allowUnsafeRetries`
   */
  readonly idempotencyLevel?: IdempotencyLevel;
}

/** A rule of a GRPCRoute. */
export interface GrpcRouteRule {
  /**
   * The calls this rule matches; any of them.
   *
   * @default - every call
   */
  readonly matches?: GrpcRouteMatch[];

  /**
   * Where matching calls go.
   *
   * @default - not rendered: Linkerd sends them to the parent Service
   */
  readonly backends?: RouteBackend[];
}

/** Properties for `GrpcRoute`. */
export interface GrpcRouteProps {
  /**
   * Metadata of the route.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /** What the route attaches to: Services (GAMMA) or Linkerd Servers, in the route's namespace. */
  readonly parents: RouteParent[];

  /**
   * Rules, added in order through `addRule`.
   *
   * @default - none besides the catch-all
   */
  readonly rules?: GrpcRouteRule[];

  /**
   * Adds, last, a rule with no match to the parent Service and port.
   *
   * @default true for a route with one Service parent; false otherwise
   */
  readonly catchAll?: boolean;

  /**
   * Retries of every rule (`retry.linkerd.io/grpc|limit|timeout`). Linkerd applies them to every call the
   * route matches, so every match must name a method declared `NO_SIDE_EFFECTS` or `IDEMPOTENT`
   * (`idempotencyLevel`) and the route must have no catch-all, unless `allowUnsafeRetries`.
   *
   * @default - no retries
   */
  readonly retry?: RouteRetry;

  /**
   * Acknowledges that `retry` may replay calls that are not declared idempotent (including every method
   * matched by a catch-all or by a match without `method`).
   *
   * @default false
   */
  readonly allowUnsafeRetries?: boolean;

  /**
   * Timeouts of every rule (`timeout.linkerd.io/*`). GRPCRoute rules have no `timeouts` field: these
   * annotations are the only place for them.
   *
   * @default - `request` 15s, rendered as `timeout.linkerd.io/request` (see `RouteTimeouts.request`); no
   * response or idle timeout
   */
  readonly timeouts?: RouteTimeouts;

  /**
   * Renders no request timeout, so that Linkerd applies none (server streaming, long-lived calls). Not with
   * `timeouts.request`.
   *
   * @default false
   */
  readonly unsafeNoTimeout?: boolean;
}

/** A Gateway API GRPCRoute (`gateway.networking.k8s.io/v1`) for Linkerd, with typed retry and timeout annotations. */
export class GrpcRoute extends Construct implements IMeshResource {
  /** The name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  /**
   * Whether a Server is among the parents (the route then describes inbound traffic, for policies).
   * @internal
   */
  public readonly _hasServerParent: boolean;

  private readonly rules: any[] = [];
  private readonly catchAllRule?: any;
  /** Per rule, why retrying it is unsafe (undefined when every match is a declared-idempotent method). */
  private readonly unsafeRetries: (string | undefined)[] = [];
  /** The request timeout of every rule: the route's `timeouts.request`, else 15s, else none (`unsafeNoTimeout`). */
  private readonly requestTimeout?: Duration;

  constructor(scope: Construct, id: string, props: GrpcRouteProps) {
    super(scope, id);
    props = checkProps(this, 'linkerd.GrpcRoute', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const { parentRefs, services, hasServerParent } = renderRouteParents(this, this.namespace, props.parents);
    this._hasServerParent = hasServerParent;
    checkRouteRequestTimeout(this, props.timeouts, props.unsafeNoTimeout);
    const annotations = renderRouteAnnotations(this, props.retry, props.timeouts, true);
    this.requestTimeout = props.timeouts?.request ?? (props.unsafeNoTimeout ? undefined : DEFAULT_REQUEST_TIMEOUT);
    const serviceNames = services.map(s => s.name);
    // The default request timeout is left out while a ServiceProfile for the Service exists: Linkerd then
    // ignores the route, and the annotation would only draw MESH111.
    const defaultRequest: Record<string, string> = props.timeouts?.request === undefined && !props.unsafeNoTimeout ? {
      'timeout.linkerd.io/request': Lazy.any({
        produce: () => (profilesFor(this, this.namespace, serviceNames).length > 0
          ? undefined
          : renderRouteDuration(this, 'timeouts.request', DEFAULT_REQUEST_TIMEOUT)),
      }) as unknown as string,
    } : {};
    this.catchAllRule = renderCatchAllRule(this, services, props.catchAll);
    this.apiObject = createApiObject(this, merge(GVKS['gateway.networking.k8s.io'].GrpcRoute, {
      metadata: routeMetadata(props.metadata, this.namespace, merge(annotations, defaultRequest)),
      spec: { parentRefs, rules: lazyRules(this.rules, this.catchAllRule) },
    }));
    this.name = this.apiObject.name;
    for (const rule of props.rules ?? []) this.addRule(rule);
    addMeshValidation(this, () => [
      ...(Object.keys(annotations).length > 0 ? profileConflicts(this, this.namespace, serviceNames) : []),
      ...unsafeRetryErrors(this, {
        retry: props.retry,
        allowUnsafeRetries: props.allowUnsafeRetries,
        reasons: this.unsafeRetries,
        hasCatchAll: this.catchAllRule !== undefined,
        unsafeWhat: 'calls not declared idempotent',
        fix: 'Linkerd replays every call the route matches: match only methods whose idempotencyLevel is NO_SIDE_EFFECTS or IDEMPOTENT and set catchAll: false (keep the other calls in a route without retries), or set allowUnsafeRetries: true',
      }),
    ]);
  }

  /** Adds a rule before the catch-all, and returns its index and request timeout. */
  public addRule(rule: GrpcRouteRule): AddedRouteRule {
    rule = checkProps(this, 'linkerd.GrpcRoute.addRule', rule, 'addRule()');
    const index = this.rules.length;
    const prop = `rules[${index}]`;
    requireRuleCapacity(this, prop, 'a GRPCRoute', index, this.catchAllRule !== undefined);
    const matches = (rule.matches ?? []).map((m, i) => {
      if (!m.service && !m.method) {
        throw meshError(this, `${prop}.matches[${i}]`, 'must set service or method, got neither',
          'Linkerd\'s webhook refuses it ("at least one of GrpcMethodMatch.Service and GrpcMethodMatch.Method MUST be a non-empty string")');
      }
      if (m.service && (m.service.length > 1024 || !/^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i.test(m.service))) {
        throw meshError(this, `${prop}.matches[${i}].service`, `must be a fully qualified gRPC service (dot-separated identifiers: payments.v1.Ledger), got ${shown(m.service)}`);
      }
      if (m.method && (m.method.length > 1024 || !/^[A-Za-z_][A-Za-z_0-9]*$/.test(m.method))) {
        throw meshError(this, `${prop}.matches[${i}].method`, `must be a gRPC method name (an identifier: GetEntry), got ${shown(m.method)}`);
      }
      if (m.idempotencyLevel !== undefined && !Object.values(IdempotencyLevel).includes(m.idempotencyLevel)) {
        throw meshError(this, `${prop}.matches[${i}].idempotencyLevel`, `must be one of ${Object.values(IdempotencyLevel).join(', ')}, got ${shown(m.idempotencyLevel)}`);
      }
      return { method: { type: 'Exact', ...(m.service ? { service: m.service } : {}), ...(m.method ? { method: m.method } : {}) } };
    });
    const raw = rule.matches ?? [];
    const unsafe = raw.length === 0 ? `${prop} matches every call`
      : raw.filter(m => !m.method).map(m => `${prop} matches every method of ${shown(m.service)}`)
        .concat(raw.filter(m => m.method && !RETRYABLE_LEVELS.has(m.idempotencyLevel ?? IdempotencyLevel.IDEMPOTENCY_UNKNOWN))
          .map(m => `${shown(`${m.service ? `${m.service}/` : ''}${m.method}`)} is ${m.idempotencyLevel ?? IdempotencyLevel.IDEMPOTENCY_UNKNOWN}`))
        .join('; ') || undefined;
    this.unsafeRetries.push(unsafe);
    const backendRefs = renderBackends(this, `${prop}.backends`, rule.backends);
    this.rules.push(compact({ matches: matches.length > 0 ? matches : undefined, backendRefs: backendRefs || undefined }));
    return { index, requestTimeout: this.requestTimeout };
  }
}
