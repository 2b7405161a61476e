/**
 * An HTTP method. Whether a request may be retried depends on it: safe and idempotent methods (RFC 9110 §9.2)
 * are replayed harmlessly, POST, PATCH and CONNECT are not (see `HTTP_METHODS` in http-methods.ts).
 */
export enum HttpMethod {
  /** Safe and idempotent: retryable. */
  GET = 'GET',
  /** Safe and idempotent: retryable. */
  HEAD = 'HEAD',
  /** Safe and idempotent: retryable. */
  OPTIONS = 'OPTIONS',
  /** Safe and idempotent: retryable. */
  TRACE = 'TRACE',
  /** Idempotent (RFC 9110 §9.2.2) but not safe: retryable only when `isRetryable` says so. */
  PUT = 'PUT',
  /** Idempotent (RFC 9110 §9.2.2) but not safe: retryable only when `isRetryable` says so. */
  DELETE = 'DELETE',
  /** Neither safe nor idempotent: retrying it needs an explicit unsafe opt-in. */
  POST = 'POST',
  /** Neither safe nor idempotent: retrying it needs an explicit unsafe opt-in. */
  PATCH = 'PATCH',
  /** Neither safe nor idempotent: retrying it needs an explicit unsafe opt-in. */
  CONNECT = 'CONNECT',
}
