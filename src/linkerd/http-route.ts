import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRouteFilter } from './http-route-filter';
import { HttpRouteMatch } from './http-route-match';
import { HttpMethod } from './request-match';
import { AddedRouteRule, RouteRetry, RouteTimeouts } from './route-annotations';
import { RouteBackend, RouteParent } from './route-parent';
import { HttpRoute as GatewayHttpRouteL1 } from '../imports/gateway.networking.k8s.io';
import { HttpRouteV1Beta3 } from '../imports/policy.linkerd.io';
import { meshError, shown } from '../private/errors';
import { renderHttpFilters, renderHttpMatch, renderRuleTimeouts, RuleTimeoutContext } from '../private/linkerd-http-rule';
import { UNSAFE_METHODS } from '../private/linkerd-methods';
import { chartNamespace } from '../private/linkerd-names';
import {
  checkRouteRequestTimeout, lazyRules, profileConflicts, renderBackends, renderCatchAllRule, renderRouteAnnotations, renderRouteParents,
  requireRuleCapacity, routeMetadata, unsafeRetryErrors,
} from '../private/linkerd-route';
import { checkProps } from '../private/strict-props';

/** Which HTTPRoute kind to render. */
export enum HttpRouteApiGroup {
  /** Gateway API `gateway.networking.k8s.io/v1` HTTPRoute. */
  GATEWAY = 'gateway.networking.k8s.io',
  /** Linkerd's own `policy.linkerd.io/v1beta3` HTTPRoute. */
  POLICY = 'policy.linkerd.io',
}

/** Timeouts of one HTTPRoute rule (`rules[].timeouts`). */
export interface HttpRuleTimeouts {
  /**
   * Total time for the request, retries included. At least `backendRequest`. `0s` disables the timeout
   * (Gateway API) and needs the route's `unsafeNoTimeout`. Not with the route's `timeouts.request`, which
   * Linkerd applies instead of this field.
   *
   * @default Duration.seconds(15) - rendered, as the Istio layer defaults every route; Linkerd, with neither
   * this field nor a `timeout.linkerd.io/request` annotation, applies no request timeout. Not rendered when the
   * route sets `timeouts.request` (its annotation applies) or `unsafeNoTimeout` (no timeout)
   */
  readonly request?: Duration;

  /**
   * Time for one attempt to a backend. At most `request`: the Gateway API's CEL rule allows any value with a
   * `request` of 0s, Linkerd's webhook on a `policy.linkerd.io` HTTPRoute does not.
   *
   * @default - not rendered: attempts are bounded by the request timeout (per-attempt timeouts of retries
   * are `retry.timeout`)
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
   * Where matching requests go. Not with a `RequestRedirect` filter, which answers the request itself.
   *
   * @default - not rendered: Linkerd sends them to the parent Service
   */
  readonly backends?: RouteBackend[];

  /**
   * Filters applied to matching requests, in order; each kind at most once. Linkerd implements
   * `RequestHeaderModifier`, `ResponseHeaderModifier` (Gateway API routes only) and `RequestRedirect`;
   * `RequestMirror`, `URLRewrite` and `ExtensionRef` are refused.
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
   * The HTTPRoute kind to render.
   *
   * @default HttpRouteApiGroup.GATEWAY
   */
  readonly apiGroup?: HttpRouteApiGroup;

  /** What the route attaches to: Services (GAMMA) or Linkerd Servers, in the route's namespace. */
  readonly parents: RouteParent[];

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
   * Retries of every rule of this route (`retry.linkerd.io/*`). A route with retries must only match safe or
   * idempotent methods (not POST, PATCH or CONNECT; a catch-all matches them), unless `allowUnsafeRetries`.
   *
   * @default - no retries
   */
  readonly retry?: RouteRetry;

  /**
   * Timeouts of every rule of this route (`timeout.linkerd.io/*`). Linkerd applies `request` instead of the
   * rules' `timeouts.request`, so a rule may not set both.
   *
   * @default - no annotations: each rule has its own `timeouts.request`, 15s unless set
   */
  readonly timeouts?: RouteTimeouts;

  /**
   * Renders no request timeout, so that Linkerd applies none (long polls, streaming, WebSockets): rules without
   * `timeouts.request` get no default, and a rule's `timeouts.request` may be 0s. Not with `timeouts.request`.
   *
   * @default false
   */
  readonly unsafeNoTimeout?: boolean;

  /**
   * Acknowledges that `retry` may replay requests whose method is not idempotent.
   *
   * @default false
   */
  readonly allowUnsafeRetries?: boolean;
}

/**
 * An HTTPRoute for Linkerd, Gateway API (`gateway.networking.k8s.io/v1`) or Linkerd's
 * (`policy.linkerd.io/v1beta3`), with typed retry and timeout annotations.
 */
export class HttpRoute extends Construct {
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
  /** Per rule, why retrying it is unsafe (undefined when it matches only methods other than POST, PATCH, CONNECT). */
  private readonly unsafeRetries: (string | undefined)[] = [];
  private readonly policyGroup: boolean;
  private readonly timeoutContext: RuleTimeoutContext;

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    props = checkProps(this, 'linkerd.HttpRoute', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const { parentRefs, services, hasServerParent } = renderRouteParents(this, this.namespace, props.parents);
    checkRouteRequestTimeout(this, props.timeouts, props.unsafeNoTimeout);
    const annotations = renderRouteAnnotations(this, props.retry, props.timeouts, false);
    const group = props.apiGroup ?? HttpRouteApiGroup.GATEWAY;
    if (!Object.values(HttpRouteApiGroup).includes(group)) {
      throw meshError(this, 'apiGroup', `must be one of ${Object.values(HttpRouteApiGroup).join(', ')}, got ${shown(group)}`);
    }
    this.policyGroup = group === HttpRouteApiGroup.POLICY;
    this.timeoutContext = { policyGroup: this.policyGroup, routeRequest: props.timeouts?.request, unsafeNoTimeout: props.unsafeNoTimeout === true };
    const catchAll = renderCatchAllRule(this, services, props.catchAll);
    const catchAllTimeouts = renderRuleTimeouts(this, 'catchAll', undefined, this.timeoutContext).timeouts;
    this.catchAllRule = catchAll && catchAllTimeouts ? { ...catchAll, timeouts: catchAllTimeouts } : catchAll;
    this._hasServerParent = hasServerParent;
    const gvk = group === HttpRouteApiGroup.POLICY ? HttpRouteV1Beta3.GVK : GatewayHttpRouteL1.GVK;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...gvk,
      metadata: routeMetadata(props.metadata, this.namespace, annotations),
      spec: { parentRefs, rules: lazyRules(this.rules, this.catchAllRule) },
    });
    this.name = this.apiObject.name;
    for (const rule of props.rules ?? []) this.addRule(rule);
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (this.rules.length === 0 && !this.catchAllRule) {
          errors.push(meshError(this, 'rules', 'must have at least one rule, got none (catchAll is off)',
            'An HTTPRoute needs a rule (the CRD\'s minimum): add one with addRule(), or leave catchAll on').message);
        }
        const hasAnnotations = Object.keys(annotations).length > 0;
        if (hasAnnotations) errors.push(...profileConflicts(this, this.namespace, services.map(s => s.name)));
        errors.push(...unsafeRetryErrors(this, {
          retry: props.retry,
          allowUnsafeRetries: props.allowUnsafeRetries,
          reasons: this.unsafeRetries,
          hasCatchAll: this.catchAllRule !== undefined,
          unsafeWhat: 'POST, PATCH or CONNECT',
          fix: 'Linkerd applies a route\'s retries to all its rules: give each rule a safe or idempotent method and keep the catch-all in a route without retries (catchAll: false here), or set allowUnsafeRetries: true',
        }));
        return errors;
      },
    });
  }

  /** Adds a rule before the catch-all, and returns its index and request timeout. */
  public addRule(rule: HttpRouteRule): AddedRouteRule {
    rule = checkProps(this, 'linkerd.HttpRoute.addRule', rule, 'addRule()');
    const index = this.rules.length;
    const prop = `rules[${index}]`;
    requireRuleCapacity(this, prop, 'an HTTPRoute', index, this.catchAllRule !== undefined);
    const methods = Object.values(HttpMethod) as string[];
    const matches = (rule.matches ?? []).map((m, i) => renderHttpMatch(this, `${prop}.matches[${i}]`, m, methods));
    const unsafe = matches.length === 0 ? [`${prop} matches every method`]
      : matches.flatMap((m, i) => (m.method === undefined ? [`${prop}.matches[${i}] matches every method`]
        : UNSAFE_METHODS.has(m.method) ? [`${prop}.matches[${i}] matches ${m.method}`] : []));
    const { timeouts, requestTimeout } = renderRuleTimeouts(this, prop, rule.timeouts, this.timeoutContext);
    const backendRefs = renderBackends(this, `${prop}.backends`, rule.backends);
    const filters = renderHttpFilters(this, `${prop}.filters`, rule.filters, this.policyGroup, matches, (backendRefs ?? []).length > 0);
    this.rules.push({
      ...(matches.length > 0 ? { matches } : {}),
      ...(filters && filters.length > 0 ? { filters } : {}),
      ...(backendRefs ? { backendRefs } : {}),
      ...(timeouts ? { timeouts } : {}),
    });
    this.unsafeRetries.push(unsafe.length > 0 ? unsafe.join('; ') : undefined);
    return { index, requestTimeout };
  }
}
