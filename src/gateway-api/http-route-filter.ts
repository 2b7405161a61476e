import { RouteBackend } from './route-parent';
import { checkStaticArguments } from '../core/strict-props';
import { merge } from '../private/merge';

/** The scheme of a redirect's `Location` (`requestRedirect.scheme`). */
export enum RedirectScheme {
  /** `http` */
  HTTP = 'http',
  /** `https` */
  HTTPS = 'https',
}

/** How a redirect (or a rewrite) replaces the request's path (`path`). */
export class PathModifier {
  /**
   * Replaces the whole path (`type: ReplaceFullPath`). Linkerd refuses a path that does not start
   * with `/`.
   */
  public static replaceFullPath(path: string): PathModifier {
    return new PathModifier('ReplaceFullPath', path);
  }

  /**
   * Replaces the part of the path the rule's `PathPrefix` match matched (`type: ReplacePrefixMatch`):
   * with prefix `/foo` and replacement `/xyz`, `/foo/bar` becomes `/xyz/bar`. The rule must have exactly
   * one match, with a `PathMatch.prefix` path (a Gateway API CEL rule). Must start with `/`.
   */
  public static replacePrefixMatch(prefix: string): PathModifier {
    return new PathModifier('ReplacePrefixMatch', prefix);
  }

  private constructor(/** @internal */ public readonly _kind: string, /** @internal */ public readonly _value: string) {}
}

/**
 * Changes to the headers of a request or a response (`requestHeaderModifier`, `responseHeaderModifier`).
 * Header names are case-insensitive: each may appear once per list.
 */
export interface HeaderModifier {
  /**
   * Headers to set, replacing any value the message has (names are HTTP tokens; values 1 to 4096 visible
   * ASCII characters). At most 16.
   *
   * @default - none
   */
  readonly set?: { [name: string]: string };

  /**
   * Headers to add, keeping any value the message has. At most 16.
   *
   * @default - none
   */
  readonly add?: { [name: string]: string };

  /**
   * Names of headers to remove. At most 16.
   *
   * @default - none
   */
  readonly remove?: string[];
}

/**
 * A redirect response instead of forwarding the request (`requestRedirect`): the proxy answers it itself,
 * so a rule that redirects may not have backends.
 */
export interface RequestRedirect {
  /**
   * The scheme of the `Location`.
   *
   * @default - the request's scheme
   */
  readonly scheme?: RedirectScheme;

  /**
   * The host of the `Location`: a DNS-1123 subdomain (no IP address, no port).
   *
   * @default - the request's host
   */
  readonly hostname?: string;

  /**
   * The path of the `Location`.
   *
   * @default - the request's path
   */
  readonly path?: PathModifier;

  /**
   * The port of the `Location`, from 1 to 65535.
   *
   * @default - the well-known port of `scheme` when it is set (80 or 443, then omitted from the
   * `Location`); otherwise the port of the request
   */
  readonly port?: number;

  /**
   * The redirect status: 301 or 302, and also 303, 307 or 308 on a Gateway API HTTPRoute (Linkerd's
   * `policy.linkerd.io` HTTPRoute allows only 301 and 302).
   *
   * @default 302 - applied by the API server when absent
   */
  readonly statusCode?: number;
}

/**
 * A filter of an HTTPRoute rule (`rules[].filters[]`); each may appear once per rule. `gatewayApi.HttpRoute`
 * (Istio) renders every standard filter except `ExtensionRef`; Linkerd implements only
 * `RequestHeaderModifier`, `ResponseHeaderModifier` and `RequestRedirect`: its admission webhook accepts the
 * others on a Gateway API HTTPRoute, but Linkerd 2.20 does not implement them, so `linkerd.HttpRoute` refuses them.
 */
export class HttpRouteFilter {
  /** Changes the request's headers before it is forwarded (`RequestHeaderModifier`). */
  public static requestHeaderModifier(modifier: HeaderModifier): HttpRouteFilter {
    return new HttpRouteFilter('RequestHeaderModifier', modifier);
  }

  /**
   * Changes the response's headers before the client gets it (`ResponseHeaderModifier`). Gateway API
   * HTTPRoutes only: Linkerd's `policy.linkerd.io` HTTPRoute has no rule-level response filter.
   */
  public static responseHeaderModifier(modifier: HeaderModifier): HttpRouteFilter {
    return new HttpRouteFilter('ResponseHeaderModifier', modifier);
  }

  /** Answers with a redirect instead of forwarding the request (`RequestRedirect`). */
  public static requestRedirect(redirect: RequestRedirect): HttpRouteFilter {
    return new HttpRouteFilter('RequestRedirect', redirect);
  }

  /**
   * Mirrors requests to another backend (`RequestMirror`): the copies' responses are dropped. Not
   * supported by Linkerd: `linkerd.HttpRoute` refuses it.
   * To test a new version with real traffic, split a small weight to it with `backends` instead.
   *
   * @param percent the share of requests mirrored, an integer from 0 to 100; by default all of them
   */
  public static requestMirror(backend: RouteBackend, percent?: number): HttpRouteFilter {
    return new HttpRouteFilter('RequestMirror', merge(backend, percent !== undefined ? { percent } : {}));
  }

  /**
   * Rewrites the request's host or path (`URLRewrite`). Not supported by Linkerd: `linkerd.HttpRoute` refuses it.
   *
   * @param path the new path
   * @param hostname the new host
   */
  public static urlRewrite(path?: PathModifier, hostname?: string): HttpRouteFilter {
    return new HttpRouteFilter('URLRewrite', { path, hostname });
  }

  /**
   * An implementation-specific filter (`ExtensionRef`). Refused by `gatewayApi.HttpRoute` and `linkerd.HttpRoute`:
   * neither Istio nor Linkerd implements one for mesh routes.
   */
  public static extensionRef(group: string, kind: string, name: string): HttpRouteFilter {
    return new HttpRouteFilter('ExtensionRef', { group, kind, name });
  }

  private constructor(
    /** @internal */ public readonly _filterType: string,
    /** @internal */ public readonly _options: any) {}
}

checkStaticArguments(HttpRouteFilter, 'gatewayApi.HttpRouteFilter');
checkStaticArguments(PathModifier, 'gatewayApi.PathModifier');
