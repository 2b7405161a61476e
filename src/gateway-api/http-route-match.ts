import { HttpMethod } from '../core/http-method';
import { checkStaticArguments } from '../core/strict-props';

/**
 * A path condition of an HTTPRoute match (`matches[].path`).
 *
 * With no path condition, the Gateway API defaults the match to `PathPrefix /`, every path.
 */
export class PathMatch {
  /** The path is exactly this (it must start with `/`). */
  public static exact(path: string): PathMatch { return new PathMatch('Exact', path); }

  /** The path starts with these segments (`/api` matches `/api` and `/api/x`, not `/apix`). */
  public static prefix(path: string): PathMatch { return new PathMatch('PathPrefix', path); }

  /**
   * The path matches this regular expression (`RegularExpression`). Linkerd compiles it with Rust's
   * `regex` crate (RE2 syntax: no backreferences or lookaround) and refuses a route it cannot compile.
   */
  public static regex(pattern: string): PathMatch { return new PathMatch('RegularExpression', pattern); }

  private constructor(/** @internal */ public readonly _kind: string, /** @internal */ public readonly _value: string) {}
}

/**
 * A header condition of an HTTPRoute match (`matches[].headers[]`).
 *
 * Header names are case-insensitive, so a match may name a header only once, in any case.
 */
export class HeaderMatch {
  /**
   * The header has exactly this value (`type: Exact`).
   *
   * @param name the header's name (an HTTP token: letters, digits and ``!#$%&'*+-.^_`|~``)
   * @param value the value, 1 to 4096 visible ASCII characters
   */
  public static exact(name: string, value: string): HeaderMatch {
    return new HeaderMatch('Exact', name, value);
  }

  /**
   * The header's value matches this regular expression (`type: RegularExpression`). Linkerd compiles it
   * with Rust's `regex` crate (RE2 syntax) and refuses a route it cannot compile.
   *
   * @param name the header's name (an HTTP token)
   * @param pattern the regular expression, 1 to 4096 characters
   */
  public static regex(name: string, pattern: string): HeaderMatch {
    return new HeaderMatch('RegularExpression', name, pattern);
  }

  private constructor(
    /** @internal */ public readonly _kind: string,
    /** @internal */ public readonly _name: string,
    /** @internal */ public readonly _value: string) {}
}

/**
 * A query parameter condition of an HTTPRoute match (`matches[].queryParams[]`).
 *
 * Query parameter names are matched exactly (case-sensitive), so a match may name a parameter only once.
 */
export class QueryParamMatch {
  /**
   * The query parameter has exactly this value (`type: Exact`).
   *
   * @param name the parameter's name (an HTTP token: letters, digits and ``!#$%&'*+-.^_`|~``)
   * @param value the value, 1 to 1024 characters
   */
  public static exact(name: string, value: string): QueryParamMatch {
    return new QueryParamMatch('Exact', name, value);
  }

  /**
   * The query parameter's value matches this regular expression (`type: RegularExpression`, RE2 syntax).
   *
   * @param name the parameter's name (an HTTP token)
   * @param pattern the regular expression, 1 to 1024 characters
   */
  public static regex(name: string, pattern: string): QueryParamMatch {
    return new QueryParamMatch('RegularExpression', name, pattern);
  }

  private constructor(
    /** @internal */ public readonly _kind: string,
    /** @internal */ public readonly _name: string,
    /** @internal */ public readonly _value: string) {}
}

/**
 * A request condition of an HTTPRoute rule (`rules[].matches[]`); its fields are ANDed, and the rule
 * matches when any of its matches does.
 */
export interface HttpRouteMatch {
  /**
   * The path condition.
   *
   * @default - any path (the Gateway API defaults the match to `PathPrefix /`)
   */
  readonly path?: PathMatch;

  /**
   * The method.
   *
   * @default - any method, including POST, PATCH and CONNECT (which matters for retries)
   */
  readonly method?: HttpMethod;

  /**
   * Headers that must have exactly these values, rendered as `type: Exact` header matches before
   * `headerMatches`. A header may appear only once across `headers` and `headerMatches`.
   *
   * @default - none
   */
  readonly headers?: { [name: string]: string };

  /**
   * Header conditions, exact or by regular expression, rendered after `headers`. At most 16 headers in
   * all (the CRD's limit).
   *
   * @default - none
   */
  readonly headerMatches?: HeaderMatch[];

  /**
   * Query parameter conditions, exact or by regular expression. At most 16 (the CRD's limit).
   *
   * @default - none: the query string is not looked at
   */
  readonly queryParams?: QueryParamMatch[];
}

checkStaticArguments(HeaderMatch, 'gatewayApi.HeaderMatch');
checkStaticArguments(PathMatch, 'gatewayApi.PathMatch');
checkStaticArguments(QueryParamMatch, 'gatewayApi.QueryParamMatch');
