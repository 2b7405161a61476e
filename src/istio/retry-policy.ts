import { Duration } from 'cdk8s';
import { checkStaticArguments } from '../core/strict-props';

/**
 * A condition under which Envoy retries (`retries.retryOn`, comma-separated on the wire). An open set:
 * the named conditions below, or `RetryOn.statusCode(503)`.
 *
 * HTTP conditions are Envoy's `x-envoy-retry-on` values; gRPC conditions are its `x-envoy-retry-grpc-on`
 * values and match the gRPC status in the response trailers.
 */
export class RetryOn {
  /** `5xx`: any 5xx response, or no response at all (disconnect, reset, read timeout). */
  public static readonly SERVER_ERROR = new RetryOn('5xx');
  /** `gateway-error`: 502, 503 or 504 responses. */
  public static readonly GATEWAY_ERROR = new RetryOn('gateway-error');
  /** `reset`: the upstream did not respond (disconnect, reset, read timeout), whether or not the request was sent. */
  public static readonly RESET = new RetryOn('reset');
  /** `reset-before-request`: reset before the request was sent upstream; safe for every method. */
  public static readonly RESET_BEFORE_REQUEST = new RetryOn('reset-before-request');
  /** `connect-failure`: the connection to the upstream could not be made; the request was not sent. */
  public static readonly CONNECT_FAILURE = new RetryOn('connect-failure');
  /** `envoy-ratelimited`: the response carries `x-envoy-ratelimited`. */
  public static readonly ENVOY_RATELIMITED = new RetryOn('envoy-ratelimited');
  /** `retriable-4xx`: a 409 response. */
  public static readonly RETRIABLE_4XX = new RetryOn('retriable-4xx');
  /** `refused-stream`: the upstream refused the HTTP/2 stream (REFUSED_STREAM); the request was not processed. */
  public static readonly REFUSED_STREAM = new RetryOn('refused-stream');
  /** `retriable-status-codes`: a status code listed with `RetryOn.statusCode()` or `x-envoy-retriable-status-codes`. */
  public static readonly RETRIABLE_STATUS_CODES = new RetryOn('retriable-status-codes');
  /** `retriable-headers`: the response carries a header listed in `x-envoy-retriable-header-names`. */
  public static readonly RETRIABLE_HEADERS = new RetryOn('retriable-headers');
  /** `http3-post-connect-failure`: an HTTP/3 request failed after the connection was made. */
  public static readonly HTTP3_POST_CONNECT_FAILURE = new RetryOn('http3-post-connect-failure');
  /** `cancelled`: gRPC status CANCELLED. */
  public static readonly CANCELLED = new RetryOn('cancelled');
  /** `deadline-exceeded`: gRPC status DEADLINE_EXCEEDED. */
  public static readonly DEADLINE_EXCEEDED = new RetryOn('deadline-exceeded');
  /** `internal`: gRPC status INTERNAL. */
  public static readonly INTERNAL = new RetryOn('internal');
  /** `resource-exhausted`: gRPC status RESOURCE_EXHAUSTED. */
  public static readonly RESOURCE_EXHAUSTED = new RetryOn('resource-exhausted');
  /** `unavailable`: gRPC status UNAVAILABLE. */
  public static readonly UNAVAILABLE = new RetryOn('unavailable');

  /**
   * A response status code to retry on, from 100 to 599. Istio adds `retriable-status-codes` for it.
   */
  public static statusCode(code: number): RetryOn {
    return new RetryOn(String(code), code);
  }

  /** The wire value, as it appears in `retryOn`. */
  public readonly value: string;
  /**
   * The status code, for `RetryOn.statusCode()`.
   * @default - none: a named retry condition, not a status code
   */
  public readonly code?: number;

  private constructor(value: string, code?: number) {
    this.value = value;
    this.code = code;
  }
}

/**
 * An HTTP retry policy (`HTTPRetry`). Istio has no method field here: a policy applies to every method the
 * route matches, which is why routes that can match non-idempotent methods refuse retries by default.
 */
export interface HttpRetryPolicy {
  /**
   * Number of retries after the first attempt; 0 disables retries. Istio makes at most `1 + attempts`
   * requests, each bounded by `perTryTimeout`, all bounded by the route timeout.
   */
  readonly attempts: number;

  /**
   * Timeout of each attempt, including the first. Must be at least 1ms, and
   * `perTryTimeout × (attempts + 1)` must not exceed the route timeout (checked at synth time).
   *
   * @default - the route timeout (Istio's default when the field is absent)
   */
  readonly perTryTimeout?: Duration;

  /**
   * Conditions to retry on.
   *
   * @default - Istio's default when the field is absent: `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes`
   * (without 503 since Istio 1.24)
   */
  readonly retryOn?: RetryOn[];

  /**
   * Whether retries may go to endpoints in other localities.
   *
   * @default - absent; Istio then leaves Envoy's previous-priorities retry predicate off and retries may land anywhere
   */
  readonly retryRemoteLocalities?: boolean;

  /**
   * Whether a retry avoids the hosts already tried for this request (Envoy's previous-hosts retry predicate).
   *
   * @default - absent; Istio then skips previously tried hosts, as with `true`
   */
  readonly retryIgnorePreviousHosts?: boolean;

  /**
   * Base interval between retries (Envoy adds jitter and grows it exponentially up to 10 times the base).
   * Must be at least 1ms.
   *
   * @default - Envoy's 25ms base interval
   */
  readonly backoff?: Duration;
}

checkStaticArguments(RetryOn, 'istio.RetryOn');
