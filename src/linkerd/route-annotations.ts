import { Duration } from 'cdk8s';
import { checkStaticArguments } from '../core/strict-props';

/** A response Linkerd retries an HTTP request on (`retry.linkerd.io/http`). */
export class HttpRetryCondition {
  /** Any 5xx status. */
  public static readonly FIVE_XX = new HttpRetryCondition('5xx');
  /** 502, 503 and 504. */
  public static readonly GATEWAY_ERROR = new HttpRetryCondition('gateway-error');

  /** One status code, from 100 to 599. */
  public static status(code: number): HttpRetryCondition {
    return new HttpRetryCondition(`${code}`, [code]);
  }

  /** A range of status codes, from 100 to 599. */
  public static range(min: number, max: number): HttpRetryCondition {
    return new HttpRetryCondition(`${min}-${max}`, [min, max]);
  }

  private constructor(
    /** The annotation text. */ public readonly value: string,
    /** @internal */ public readonly _codes: number[] = []) {}
}

/** A gRPC status Linkerd retries a call on (`retry.linkerd.io/grpc`). */
export enum GrpcRetryCondition {
  /** CANCELLED */
  CANCELLED = 'cancelled',
  /** DEADLINE_EXCEEDED: the call may have run; retry only idempotent rpcs. */
  DEADLINE_EXCEEDED = 'deadline-exceeded',
  /** INTERNAL: the call may have run; retry only idempotent rpcs. */
  INTERNAL = 'internal',
  /** RESOURCE_EXHAUSTED */
  RESOURCE_EXHAUSTED = 'resource-exhausted',
  /** UNAVAILABLE: the usual retryable status. */
  UNAVAILABLE = 'unavailable',
}

/**
 * Retries of a route object, rendered as `retry.linkerd.io/*` annotations (Linkerd 2.16+). Linkerd applies
 * them to every rule of the route; only meshed clients retry; bodies over 64 KiB are never retried.
 */
export interface RouteRetry {
  /**
   * HTTP responses to retry on (HTTPRoute only).
   *
   * @default - none: HTTP responses are not retried
   */
  readonly http?: HttpRetryCondition[];

  /**
   * gRPC statuses to retry on (GRPCRoute only).
   *
   * @default - none: gRPC statuses are not retried
   */
  readonly grpc?: GrpcRetryCondition[];

  /**
   * Maximum retries per request: an integer from 0.
   *
   * @default - not rendered: Linkerd retries once
   */
  readonly limit?: number;

  /**
   * Timeout of each attempt (`retry.linkerd.io/timeout`).
   *
   * @default - not rendered: attempts are bounded only by the request timeout
   */
  readonly timeout?: Duration;
}

/**
 * Timeouts of a route object, rendered as `timeout.linkerd.io/*` annotations (Linkerd 2.16+). Linkerd applies
 * them to every rule of the route, in place of the Service's own `timeout.linkerd.io/*` annotations.
 */
export interface RouteTimeouts {
  /**
   * Total time for the request, retries included (`timeout.linkerd.io/request`). At least 1ms: for no
   * timeout, leave it unset and set the route's `unsafeNoTimeout`. Not with `unsafeNoTimeout`.
   *
   * @default - on a GRPCRoute, `15s` rendered (as the Istio layer defaults every route; Linkerd, with no
   * request timeout set, applies none), except while a ServiceProfile for its Service exists in the app
   * (Linkerd then ignores the route) or with `unsafeNoTimeout`. On an HTTPRoute, not rendered: each rule's
   * `timeouts.request` applies, 15s by default
   */
  readonly request?: Duration;

  /**
   * Time for the response stream to complete after the request (`timeout.linkerd.io/response`).
   *
   * @default - not rendered: no timeout
   */
  readonly response?: Duration;

  /**
   * Time a request or response stream may be idle (`timeout.linkerd.io/idle`).
   *
   * @default - not rendered: no timeout
   */
  readonly idle?: Duration;
}

checkStaticArguments(HttpRetryCondition, 'linkerd.HttpRetryCondition');
