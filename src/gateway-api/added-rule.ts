import { Duration } from 'cdk8s';

/** A rule added to an `HttpRoute` or `GrpcRoute` by `addRule`. */
export interface AddedRouteRule {
  /** The rule's index in `spec.rules` (the catch-all rule, if any, stays last). */
  readonly index: number;

  /**
   * The request timeout the route sets for the rule: the rule's own (HTTPRoute), else the route's
   * `timeouts.request` (Linkerd's annotation), else 15s. Linkerd ignores it while a ServiceProfile exists for the Service.
   *
   * @default - none: the route sets `unsafeNoTimeout` (and the rule no timeout of its own, or `0s`), so the mesh
   * applies no request timeout to the rule
   */
  readonly requestTimeout?: Duration;
}
