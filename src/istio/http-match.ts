import { StringMatch } from './string-match';

/**
 * Conditions a request must all meet to match a route (`HTTPMatchRequest`). The matches of one route
 * are OR'ed.
 */
export interface HttpMatchRequest {
  /**
   * A name for the match, appended to the route name in access logs.
   *
   * @default - no name
   */
  readonly name?: string;

  /**
   * Matches the URI path (without the query string).
   *
   * @default - any path
   */
  readonly uri?: StringMatch;

  /**
   * Matches the URI scheme (`http`, `https`).
   *
   * @default - any scheme
   */
  readonly scheme?: StringMatch;

  /**
   * Matches the HTTP method, case-sensitively (`GET`). The method decides whether retries are safe: a
   * route is idempotent only if every match pins an exact method among GET, HEAD, OPTIONS, TRACE, PUT and
   * DELETE. A prefix or regex counts as possibly matching POST.
   *
   * @default - any method, POST and PATCH included
   */
  readonly method?: StringMatch;

  /**
   * Matches the authority (`Host`) header.
   *
   * @default - any authority
   */
  readonly authority?: StringMatch;

  /**
   * Header values to match, by lower-case header name.
   *
   * @default - no header condition
   */
  readonly headers?: { [name: string]: StringMatch };

  /**
   * Headers that must not match, by lower-case header name.
   *
   * @default - no negative header condition
   */
  readonly withoutHeaders?: { [name: string]: StringMatch };

  /**
   * Query parameters to match (`exact` or `regex`; Istio does not support `prefix` here).
   *
   * @default - no query condition
   */
  readonly queryParams?: { [name: string]: StringMatch };

  /**
   * The port the request was addressed to on the host (1–65535).
   *
   * @default - any port the host serves
   */
  readonly port?: number;

  /**
   * Labels the calling workload must carry (sidecars only; ignored on gateways).
   *
   * @default - any caller
   */
  readonly sourceLabels?: { [key: string]: string };

  /**
   * Namespace the calling workload must be in (sidecars only).
   *
   * @default - any namespace
   */
  readonly sourceNamespace?: string;

  /**
   * Gateways this match applies to, overriding the VirtualService's `gateways`.
   *
   * @default - the VirtualService's gateways
   */
  readonly gateways?: string[];

  /**
   * Whether `uri` is matched case-insensitively (exact and prefix only).
   *
   * @default false
   */
  readonly ignoreUriCase?: boolean;
}

/**
 * Conditions for a TCP route (`L4MatchAttributes`).
 */
export interface L4MatchAttributes {
  /**
   * IPv4 or IPv6 destination addresses, with optional CIDR prefix (`10.1.0.0/16`).
   *
   * @default - any destination address
   */
  readonly destinationSubnets?: string[];

  /**
   * The port addressed on the host (1–65535).
   *
   * @default - any port the host serves
   */
  readonly port?: number;

  /**
   * Labels the calling workload must carry.
   *
   * @default - any caller
   */
  readonly sourceLabels?: { [key: string]: string };

  /**
   * Namespace the calling workload must be in.
   *
   * @default - any namespace
   */
  readonly sourceNamespace?: string;

  /**
   * Gateways this match applies to.
   *
   * @default - the VirtualService's gateways
   */
  readonly gateways?: string[];
}

/**
 * Conditions for a TLS route (`TLSMatchAttributes`), matched on the ClientHello.
 */
export interface TlsMatchAttributes extends L4MatchAttributes {
  /**
   * SNI values to match; wildcard prefixes allowed (`*.example.com`). Must be a subset of the
   * VirtualService's hosts. Required by Istio.
   */
  readonly sniHosts: string[];
}
