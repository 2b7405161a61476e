import { ApiObject, ApiObjectMetadata, Duration, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { AddedRouteRule } from './added-rule';
import { HttpRouteFilter } from './http-route-filter';
import { HttpRouteMatch } from './http-route-match';
import { renderHttpFilters, renderHttpMatch, renderRuleTimeouts, RouteImplementation, RuleTimeoutContext } from './private/http-rule';
import { lazyRules, renderBackends, renderCatchAllRule, renderRouteParents, requireRuleCapacity, RouteShape, routeMetadata } from './private/route';
import { RouteBackend, RouteParent } from './route-parent';
import { addMeshValidation, meshError, shown } from '../core/errors';
import { HttpMethod } from '../core/http-method';
import { isGatewayHostname } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace } from '../core/service-resolution';
import { checkProps } from '../core/strict-props';
import { compact } from '../private/compact';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

/** Timeouts of one HTTPRoute rule (`rules[].timeouts`). */
export interface HttpRuleTimeouts {
  /**
   * Total time for the request, retries included. At least `backendRequest`. `0s` disables the timeout
   * (Gateway API) and needs the route's `unsafeNoTimeout`. On `linkerd.HttpRoute`, not with the route's
   * `timeouts.request`, which Linkerd applies instead of this field.
   *
   * @default Duration.seconds(15) - rendered, as every route of the library is defaulted; the meshes, with
   * no request timeout set, apply none. Not rendered when a `linkerd.HttpRoute` sets `timeouts.request` (its
   * annotation applies) or the route sets `unsafeNoTimeout` (no timeout)
   */
  readonly request?: Duration;

  /**
   * Time for one attempt to a backend. At most `request`: the Gateway API's CEL rule allows any value with a
   * `request` of 0s, Linkerd's webhook on a `policy.linkerd.io` HTTPRoute does not.
   *
   * @default - not rendered: attempts are bounded by the request timeout
   */
  readonly backendRequest?: Duration;
}

/** A rule of an HTTPRoute. */
export interface HttpRouteRule {
  /**
   * The requests this rule matches; any of them.
   *
   * @default - every request (a catch-all rule)
   */
  readonly matches?: HttpRouteMatch[];

  /**
   * Where matching requests go, each with a relative weight (weight / sum of the rule's weights). Not with a
   * `RequestRedirect` filter, which answers the request itself.
   *
   * @default - not rendered: the mesh sends them to the parent Service
   */
  readonly backends?: RouteBackend[];

  /**
   * Filters applied to matching requests, in order; each kind at most once. See `HttpRouteFilter` for which
   * mesh implements which.
   *
   * @default - none: requests are forwarded unchanged
   */
  readonly filters?: HttpRouteFilter[];

  /**
   * Timeouts of the rule.
   *
   * @default - `request` 15s (see `HttpRuleTimeouts.request`)
   */
  readonly timeouts?: HttpRuleTimeouts;
}

/** Properties for `HttpRoute`. */
export interface HttpRouteProps {
  /**
   * Metadata of the route.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * What the route attaches to: Services (GAMMA, east-west) or Gateways (north-south), in the route's
   * namespace (a Gateway may be in another).
   */
  readonly parents: RouteParent[];

  /**
   * The hosts the route answers for (`spec.hostnames`: `api.example.com`, `*.example.com`), matched
   * against the Host header at the Gateway. Only with Gateway parents: meshes ignore hostnames on routes
   * attached to Services (GAMMA) or Servers, so they are refused there. At most 16.
   *
   * @default - every host the Gateway's listeners accept
   */
  readonly hostnames?: string[];

  /**
   * Rules, added in order through `addRule`.
   *
   * @default - none besides the catch-all
   */
  readonly rules?: HttpRouteRule[];

  /**
   * Adds, last, a rule with no match that sends every other request to the parent Service and port: with a
   * Service parent, requests that match no rule fail.
   *
   * @default true for a route with one Service parent; false otherwise
   */
  readonly catchAll?: boolean;

  /**
   * Renders no request timeout, so that the mesh applies none (long polls, streaming, WebSockets): rules
   * without `timeouts.request` get no default, and a rule's `timeouts.request` may be 0s.
   *
   * @default false
   */
  readonly unsafeNoTimeout?: boolean;
}

/**
 * How a route's mesh renders it: the kind, what it implements, the annotations it adds.
 * @internal
 */
export interface HttpRouteDialect {
  readonly gvk: GroupVersionKind;
  readonly implementation: RouteImplementation;
  readonly annotations: Record<string, string>;
  /** The route-level request timeout (Linkerd's `timeout.linkerd.io/request`), which replaces the rules'. */
  readonly routeRequest?: Duration;
  /** Whether Linkerd `Server` parents are allowed. */
  readonly serverParents: boolean;
}

/**
 * A Gateway API HTTPRoute (`gateway.networking.k8s.io/v1`), as Istio implements it for mesh (GAMMA) and
 * gateway traffic: header, path, method and query matches, weighted backends, header modifiers, redirects,
 * rewrites and mirrors, and a 15s request timeout on every rule unless set. For Linkerd use `linkerd.HttpRoute`,
 * which adds Linkerd's annotations and refuses what Linkerd does not implement.
 *
 * Gateway API 1.6's standard channel has no `retry` field (the experimental one is pruned by the standard
 * CRDs), so this route cannot set retries. On Istio, requests it routes get the mesh's default retry policy.
 */
export class HttpRoute extends Construct implements IMeshResource {
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
  /**
   * The Service parents.
   * @internal
   */
  protected readonly _services: RouteShape[];
  /**
   * The rendered rules, the catch-all excepted.
   * @internal
   */
  protected readonly _rules: any[] = [];
  /**
   * The rendered catch-all rule, if any.
   * @internal
   */
  protected readonly _catchAllRule?: any;

  private readonly dialect: HttpRouteDialect;
  private readonly timeoutContext: RuleTimeoutContext;

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    props = checkProps(this, this._propsType(), props);
    this.dialect = this._dialect(props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const { parentRefs, services, hasServerParent } = renderRouteParents(this, this.namespace, props.parents);
    if (hasServerParent && !this.dialect.serverParents) {
      throw meshError(this, 'parents', 'must not include a Linkerd Server: only Linkerd implements Server parents',
        'Use linkerd.HttpRoute for a route on a Linkerd Server, or a Service or Gateway parent here');
    }
    this._services = services;
    this._hasServerParent = hasServerParent;
    this.timeoutContext = {
      policyGroup: this.dialect.implementation.policyGroup,
      routeRequest: this.dialect.routeRequest,
      unsafeNoTimeout: props.unsafeNoTimeout === true,
    };
    const catchAll = renderCatchAllRule(this, services, props.catchAll);
    const catchAllTimeouts = renderRuleTimeouts(this, 'catchAll', undefined, this.timeoutContext).timeouts;
    this._catchAllRule = catchAll && catchAllTimeouts ? merge(catchAll, { timeouts: catchAllTimeouts }) : catchAll;
    this.apiObject = createApiObject(this, merge(this.dialect.gvk, {
      metadata: routeMetadata(props.metadata, this.namespace, this.dialect.annotations),
      spec: { parentRefs, ...renderHostnames(this, props.hostnames, props.parents), rules: lazyRules(this._rules, this._catchAllRule) },
    }));
    this.name = this.apiObject.name;
    for (const rule of props.rules ?? []) this.addRule(rule);
    addMeshValidation(this, () => {
      const errors: string[] = [];
      if (this._rules.length === 0 && !this._catchAllRule) {
        errors.push(meshError(this, 'rules', 'must have at least one rule, got none (catchAll is off)',
          'An HTTPRoute needs a rule (the CRD\'s minimum): add one with addRule(), or leave catchAll on').message);
      }
      return [...errors, ...this._routeErrors(props)];
    });
  }

  /** Adds a rule before the catch-all, and returns its index and request timeout. */
  public addRule(rule: HttpRouteRule): AddedRouteRule {
    const index = this._rules.length;
    const prop = `rules[${index}]`;
    rule = checkProps(this, 'gatewayApi.HttpRoute.addRule', rule, prop);
    requireRuleCapacity(this, prop, 'an HTTPRoute', index, this._catchAllRule !== undefined);
    const methods = Object.values(HttpMethod) as string[];
    const matches = (rule.matches ?? []).map((m, i) => renderHttpMatch(this, `${prop}.matches[${i}]`, m, methods));
    const { timeouts, requestTimeout } = renderRuleTimeouts(this, prop, rule.timeouts, this.timeoutContext);
    const backendRefs = renderBackends(this, `${prop}.backends`, rule.backends);
    const filters = renderHttpFilters(this, `${prop}.filters`, rule.filters, this.dialect.implementation, matches, (backendRefs ?? []).length > 0);
    this._rules.push(compact({
      matches: matches.length > 0 ? matches : undefined,
      filters: filters && filters.length > 0 ? filters : undefined,
      backendRefs: backendRefs || undefined,
      timeouts: timeouts || undefined,
    }));
    return { index, requestTimeout };
  }

  /**
   * The props type strict props checks the constructor's props against (overridden by `linkerd.HttpRoute`).
   * Called from the constructor, before a subclass's fields exist.
   * @internal
   */
  protected _propsType(): string {
    return 'gatewayApi.HttpRoute';
  }

  /**
   * The mesh's rendering of the route (overridden by `linkerd.HttpRoute`). Called from the constructor, before
   * a subclass's fields exist: it may read only `props`.
   * @internal
   */
  protected _dialect(_props: HttpRouteProps): HttpRouteDialect {
    return {
      gvk: GVKS['gateway.networking.k8s.io'].HttpRoute,
      implementation: {
        mesh: 'Istio',
        policyGroup: false,
        unsupportedFilters: {
          ExtensionRef: 'Istio implements no ExtensionRef filter for mesh routes: use an EnvoyFilter or WasmPlugin, or ApiObject.of(route).addJsonPatch() if your implementation has one',
        },
      },
      annotations: {},
      serverParents: false,
    };
  }

  /**
   * Errors that need the finished tree (overridden by `linkerd.HttpRoute`).
   * @internal
   */
  protected _routeErrors(_props: HttpRouteProps): string[] {
    return [];
  }
}

function renderHostnames(scope: Construct, hostnames: string[] | undefined, parents: RouteParent[]): { hostnames?: string[] } {
  if (hostnames === undefined) return {};
  if (!Array.isArray(hostnames) || hostnames.length === 0 || hostnames.length > 16) {
    throw meshError(scope, 'hostnames', `must list from 1 to 16 hosts, got ${shown(hostnames)}`, 'Leave hostnames out to answer for every host the Gateway accepts');
  }
  hostnames.forEach((h, i) => {
    if (!isGatewayHostname(h)) {
      throw meshError(scope, `hostnames[${i}]`, `must be a lowercase DNS name, optionally prefixed with "*." (not an IP address), got ${shown(h)}`);
    }
  });
  if (new Set(hostnames).size !== hostnames.length) throw meshError(scope, 'hostnames', `must not repeat a host, got ${shown(hostnames)}`);
  const notGateway = (parents ?? []).find(p => p instanceof RouteParent && p._kind !== 'Gateway');
  if (notGateway) {
    throw meshError(scope, 'hostnames', `must not be set on a route with a ${notGateway._kind} parent: the mesh ignores hostnames there`,
      'Set hostnames only on routes attached to Gateways (RouteParent.gateway); a Service route already applies to that Service\'s host');
  }
  return { hostnames: [...hostnames] };
}
