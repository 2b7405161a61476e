import { Construct } from 'constructs';
import { checkRouteRequestTimeout, gammaProfileConflicts, renderRouteAnnotations, unsafeRetryErrors } from './private/route';
import { RouteRetry, RouteTimeouts } from './route-annotations';
import { meshError, shown } from '../core/errors';
import { UNSAFE_METHODS } from '../core/http-methods';
import * as gatewayApi from '../gateway-api/http-route';
import { GVKS } from '../private/gvks';

/** Which HTTPRoute kind to render. */
export enum HttpRouteApiGroup {
  /** Gateway API `gateway.networking.k8s.io/v1` HTTPRoute. */
  GATEWAY = 'gateway.networking.k8s.io',
  /** Linkerd's own `policy.linkerd.io/v1beta3` HTTPRoute. */
  POLICY = 'policy.linkerd.io',
}

/** Properties for `linkerd.HttpRoute`: a Gateway API route plus Linkerd's kind, retries and timeouts. */
export interface HttpRouteProps extends gatewayApi.HttpRouteProps {
  /**
   * The HTTPRoute kind to render.
   *
   * @default HttpRouteApiGroup.GATEWAY
   */
  readonly apiGroup?: HttpRouteApiGroup;

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
   * Acknowledges that `retry` may replay requests whose method is not idempotent.
   *
   * @default false
   */
  readonly allowUnsafeRetries?: boolean;
}

const LINKERD_UNSUPPORTED = {
  RequestMirror: 'Linkerd implements only RequestHeaderModifier, ResponseHeaderModifier and RequestRedirect: to try a new version on live traffic, send it a small weight through backends',
  URLRewrite: 'Linkerd implements only RequestHeaderModifier, ResponseHeaderModifier and RequestRedirect: do the rewrite in the application, or answer with HttpRouteFilter.requestRedirect()',
  ExtensionRef: 'Linkerd implements only RequestHeaderModifier, ResponseHeaderModifier and RequestRedirect: do the rewrite in the application, or answer with HttpRouteFilter.requestRedirect()',
};

/**
 * An HTTPRoute for Linkerd, Gateway API (`gateway.networking.k8s.io/v1`) or Linkerd's
 * (`policy.linkerd.io/v1beta3`): `gatewayApi.HttpRoute` with Server parents, typed retry and timeout
 * annotations, and refusals of the filters Linkerd does not implement.
 */
export class HttpRoute extends gatewayApi.HttpRoute {
  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id, props);
  }

  /** @internal */
  protected _propsType(): string {
    return 'linkerd.HttpRoute';
  }

  /** @internal */
  protected _dialect(props: HttpRouteProps): gatewayApi.HttpRouteDialect {
    const group = props.apiGroup ?? HttpRouteApiGroup.GATEWAY;
    if (!Object.values(HttpRouteApiGroup).includes(group)) {
      throw meshError(this, 'apiGroup', `must be one of ${Object.values(HttpRouteApiGroup).join(', ')}, got ${shown(group)}`);
    }
    checkRouteRequestTimeout(this, props.timeouts, props.unsafeNoTimeout);
    const policyGroup = group === HttpRouteApiGroup.POLICY;
    return {
      gvk: policyGroup ? GVKS['policy.linkerd.io'].HttpRouteV1Beta3 : super._dialect(props).gvk,
      implementation: { mesh: 'Linkerd', policyGroup, unsupportedFilters: LINKERD_UNSUPPORTED },
      annotations: renderRouteAnnotations(this, props.retry, props.timeouts, false),
      routeRequest: props.timeouts?.request,
      serverParents: true,
    };
  }

  /** @internal */
  protected _routeErrors(props: HttpRouteProps): string[] {
    const errors: string[] = [];
    errors.push(...gammaProfileConflicts(this, this.namespace, this._services.map(s => s.name)));
    const reasons = this._rules.map((rule, index) => {
      const matches: any[] = rule.matches ?? [];
      const unsafe = matches.length === 0 ? [`rules[${index}] matches every method`]
        : matches.flatMap((m, i) => (m.method === undefined ? [`rules[${index}].matches[${i}] matches every method`]
          : UNSAFE_METHODS.has(m.method) ? [`rules[${index}].matches[${i}] matches ${m.method}`] : []));
      return unsafe.length > 0 ? unsafe.join('; ') : undefined;
    });
    errors.push(...unsafeRetryErrors(this, {
      retry: props.retry,
      allowUnsafeRetries: props.allowUnsafeRetries,
      reasons,
      hasCatchAll: this._catchAllRule !== undefined,
      unsafeWhat: 'POST, PATCH or CONNECT',
      fix: 'Linkerd applies a route\'s retries to all its rules: give each rule a safe or idempotent method and keep the catch-all in a route without retries (catchAll: false here), or set allowUnsafeRetries: true',
    }));
    return errors;
  }
}
