import { Duration } from 'cdk8s';
import { HttpMatchRequest } from './http-match';
import { HttpRetryPolicy } from './retry-policy';
import { HeaderManipulation, RouteDestination } from './route-destination';
import { StringMatch } from './string-match';

/**
 * Options of one HTTP route (`HTTPRoute`), for `VirtualService.addHttpRoute()`.
 */
export interface HttpRouteOptions {
  /**
   * The route's name, shown in access logs and Envoy stats.
   *
   * @default - no name
   */
  readonly name?: string;

  /**
   * Conditions, OR'ed, under which this route applies. Routes are evaluated in the order they were added;
   * the first match wins.
   *
   * @default - every request (a catch-all route, which should come last)
   */
  readonly matches?: HttpMatchRequest[];

  /**
   * Where to send matching requests. Exactly one of `destinations`, `delegate`, `redirect` and
   * `directResponse`.
   *
   * @default - none; then `delegate`, `redirect` or `directResponse` is required
   */
  readonly destinations?: RouteDestination[];

  /**
   * Hand matching requests to the HTTP routes of another VirtualService (one created with
   * `isDelegate: true`). Istio merges the delegate's routes into this one: each delegate match must be a
   * strict subset of this route's matches, and the fields a delegate route leaves unset (timeout, retries,
   * rewrite, fault, mirror, CORS, headers) are taken from this route. Only one level of delegation; neither
   * side may use regex matches. This route gets the timeout and retry defaults of any forwarding route, and
   * delegate routes render no timeout of their own unless given one, so this route's timeout reaches them.
   *
   * @default - no delegation
   */
  readonly delegate?: HttpRouteDelegate;

  /**
   * Answer with an HTTP redirect instead of forwarding.
   *
   * @default - no redirect
   */
  readonly redirect?: HttpRedirect;

  /**
   * Answer with a fixed response instead of forwarding.
   *
   * @default - no direct response
   */
  readonly directResponse?: HttpDirectResponse;

  /**
   * Rewrite the URI or authority before forwarding. Not allowed with `redirect`.
   *
   * @default - no rewrite
   */
  readonly rewrite?: HttpRewrite;

  /**
   * Timeout of the whole request, retries included. Must be at least 1ms.
   *
   * @default Duration.seconds(15) - Envoy's own route default; Istio, when the field is absent, disables the
   * timeout entirely, so a hung upstream holds the caller's connection forever. In a delegate VirtualService
   * (`isDelegate: true`): absent, because Istio then copies the timeout of the root route that delegates
   * here (which always has one unless it sets `unsafeNoTimeout`)
   */
  readonly timeout?: Duration;

  /**
   * Emit no timeout at all, so that Istio disables it (long polls, streaming, WebSockets). Not with `timeout`.
   * Not in a delegate VirtualService, whose routes without a timeout take the root route's: set it on the
   * root route instead.
   *
   * @default false
   */
  readonly unsafeNoTimeout?: boolean;

  /**
   * Retry policy. Retries (attempts above 0) are refused on a route that can match a non-idempotent
   * method unless `allowUnsafeRetries` is set.
   *
   * @default - on a route that can match POST or PATCH (no method match, or a method other than GET, HEAD,
   * OPTIONS, TRACE, PUT, DELETE): `retries: { attempts: 0 }`, rendered explicitly, because when the field is
   * absent Istio retries every method twice (connect-failure, refused-stream, unavailable, cancelled,
   * retriable-status-codes). On an idempotent route: absent, so Istio's default of 2 attempts applies
   */
  readonly retries?: HttpRetryPolicy;

  /**
   * Allow retries on a route that can match POST or PATCH, at the risk of executing a request twice
   * (a double payment, istio/istio#50506). With no `retries`, leaves the field out so Istio's default
   * applies. The same name as on `linkerd.HttpRoute`, `linkerd.ServiceProfile` routes and `RetryableRoute`.
   *
   * @default false
   */
  readonly allowUnsafeRetries?: boolean;

  /**
   * The former name of `allowUnsafeRetries`, still read.
   *
   * @deprecated use `allowUnsafeRetries`
   * @default false
   */
  readonly allowUnsafeRetriesOfNonIdempotentRequests?: boolean;

  /**
   * Fault injection for testing. Never emitted unless given.
   *
   * @default - no fault injection
   */
  readonly fault?: HttpFaultInjection;

  /**
   * Mirror (shadow) matching requests to another destination; responses from the mirror are discarded.
   * `weight` and `headers` do not apply to a mirror and are refused. Not with `mirrors`.
   *
   * @default - no mirroring
   */
  readonly mirror?: RouteDestination;

  /**
   * Percentage of requests to mirror, from 0 to 100. Needs `mirror`.
   *
   * @default - 100 when `mirror` is set (Istio's default when the field is absent)
   */
  readonly mirrorPercentage?: number;

  /**
   * Mirror matching requests to several destinations, each with its own percentage (Istio 1.19+). Not with
   * `mirror` or `mirrorPercentage`: Istio would apply both, so use one form.
   *
   * @default - no mirroring
   */
  readonly mirrors?: HttpMirrorPolicy[];

  /**
   * Header manipulation on every request and response of this route.
   *
   * @default - none
   */
  readonly headers?: HeaderManipulation;

  /**
   * Cross-origin resource sharing policy.
   *
   * @default - no CORS handling; browsers apply their same-origin policy
   */
  readonly corsPolicy?: CorsPolicy;
}

/** Values of `HTTPRedirect.derivePort`. */
export enum RedirectPortSelection {
  /** Port 80 for http, 443 for https. */
  FROM_PROTOCOL_DEFAULT = 'FROM_PROTOCOL_DEFAULT',
  /** The port the request came in on. */
  FROM_REQUEST_PORT = 'FROM_REQUEST_PORT',
}

/** An HTTP redirect (`HTTPRedirect`). */
export interface HttpRedirect {
  /**
   * The path of the redirect target.
   *
   * @default - the request's path
   */
  readonly uri?: string;
  /**
   * The authority (host) of the redirect target.
   *
   * @default - the request's authority
   */
  readonly authority?: string;
  /**
   * The port of the redirect target (1–65535). Not with `derivePort`.
   *
   * @default - the request's port
   */
  readonly port?: number;
  /**
   * How to derive the port. Not with `port`.
   *
   * @default - the request's port
   */
  readonly derivePort?: RedirectPortSelection;
  /**
   * The scheme of the redirect target (`https`).
   *
   * @default - the request's scheme
   */
  readonly scheme?: string;
  /**
   * The redirect status code (301, 302, 303, 307 or 308).
   *
   * @default 301
   */
  readonly redirectCode?: number;
}

/** A fixed response (`HTTPDirectResponse`). */
export interface HttpDirectResponse {
  /** The HTTP status, from 200 to 599. */
  readonly status: number;
  /**
   * The response body, as a string.
   *
   * @default - no body
   */
  readonly body?: string;
}

/** A rewrite before forwarding (`HTTPRewrite`). */
export interface HttpRewrite {
  /**
   * Replaces the matched part of the path: the whole path for an exact match, the prefix for a prefix
   * match. Not with `uriRegexMatch`.
   *
   * @default - path unchanged
   */
  readonly uri?: string;
  /**
   * Replaces the authority (`Host`) header.
   *
   * @default - authority unchanged
   */
  readonly authority?: string;
  /**
   * An RE2 pattern for a regex rewrite of the path; needs `uriRegexRewrite`.
   *
   * @default - no regex rewrite
   */
  readonly uriRegexMatch?: string;
  /**
   * The replacement for `uriRegexMatch`, with `\1`-style capture groups.
   *
   * @default - no regex rewrite
   */
  readonly uriRegexRewrite?: string;
}

/** Fault injection (`HTTPFaultInjection`). At least one of `delay` and `abort`. */
export interface HttpFaultInjection {
  /**
   * Delay requests before forwarding.
   *
   * @default - no delay
   */
  readonly delay?: HttpDelay;
  /**
   * Abort requests with an error.
   *
   * @default - no abort
   */
  readonly abort?: HttpAbort;
}

/** An injected delay. */
export interface HttpDelay {
  /** The delay; at least 1ms. */
  readonly fixedDelay: Duration;
  /**
   * Percentage of requests to delay, from 0 to 100. Required: with no percentage Istio delays no request.
   */
  readonly percentage: number;
}

/** An injected abort. Exactly one of `httpStatus` and `grpcStatus`. */
export interface HttpAbort {
  /**
   * The HTTP status to return, from 200 to 599.
   *
   * @default - none; then `grpcStatus` is required
   */
  readonly httpStatus?: number;
  /**
   * The gRPC status to return (`UNAVAILABLE`).
   *
   * @default - none; then `httpStatus` is required
   */
  readonly grpcStatus?: string;
  /**
   * Percentage of requests to abort, from 0 to 100. Required: with no percentage Istio aborts no request.
   */
  readonly percentage: number;
}

/** The VirtualService a route delegates to (`Delegate`). */
export interface HttpRouteDelegate {
  /** The name of the delegate VirtualService (one created with `isDelegate: true`). */
  readonly name: string;
  /**
   * The namespace of the delegate VirtualService.
   *
   * @default - the namespace of the root VirtualService (Istio's default when the field is absent)
   */
  readonly namespace?: string;
}

/**
 * One destination of `HttpRouteOptions.mirrors` (`HTTPMirrorPolicy`): requests are copied to it and its
 * responses discarded.
 */
export interface HttpMirrorPolicy {
  /** The service to mirror to: short name, FQDN or ServiceEntry host. */
  readonly host: string;
  /**
   * A subset of the host, defined in a DestinationRule for that host.
   *
   * @default - every endpoint of the host
   */
  readonly subset?: string;
  /**
   * The port on the host (1–65535).
   *
   * @default - the host's only port
   */
  readonly port?: number;
  /**
   * Percentage of requests to mirror, from 0 to 100; 0 mirrors nothing.
   *
   * @default - 100 (Istio's default when the field is absent)
   */
  readonly percentage?: number;
}

/** What a CORS policy does with preflight requests from origins it does not allow (`CorsPolicy.UnmatchedPreflights`). */
export enum UnmatchedPreflights {
  /** Forward them to the upstream, which answers them (Istio's behaviour when the field is absent). */
  FORWARD = 'FORWARD',
  /** Answer them at the proxy without CORS headers, so the browser refuses the cross-origin request. */
  IGNORE = 'IGNORE',
}

/** A CORS policy (`CorsPolicy`). */
export interface CorsPolicy {
  /**
   * Origins allowed to make cross-origin requests.
   */
  readonly allowOrigins: StringMatch[];
  /**
   * Methods allowed (`Access-Control-Allow-Methods`).
   *
   * @default - Envoy answers preflights without the header; browsers then allow only simple methods
   */
  readonly allowMethods?: string[];
  /**
   * Request headers allowed (`Access-Control-Allow-Headers`).
   *
   * @default - none beyond the CORS-safelisted headers
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers browsers may read (`Access-Control-Expose-Headers`).
   *
   * @default - only CORS-safelisted response headers
   */
  readonly exposeHeaders?: string[];
  /**
   * How long browsers may cache a preflight result; at least 1ms.
   *
   * @default - no `Access-Control-Max-Age`; browsers use their own default (5s in Chrome)
   */
  readonly maxAge?: Duration;
  /**
   * Whether credentials (cookies, authorization headers) may be sent.
   *
   * @default false
   */
  readonly allowCredentials?: boolean;
  /**
   * What to do with preflight requests whose origin matches none of `allowOrigins`.
   *
   * @default - absent; Istio then forwards them to the upstream, as `UnmatchedPreflights.FORWARD`
   */
  readonly unmatchedPreflights?: UnmatchedPreflights;
}
