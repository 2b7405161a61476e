import { HttpMethod } from '../core/http-method';
import { checkStaticArguments } from '../core/strict-props';

/**
 * A ServiceProfile route condition (Linkerd's `RequestMatch`): a method, a path regex, or the `all`, `any`
 * and `not` combinators over other conditions.
 *
 * Linkerd anchors nothing for you: `pathRegex` is matched against the whole path (RE2), so `/api/payments`
 * does not match `/api/payments/1`.
 */
export class RequestMatch {
  /** Matches requests with this method. */
  public static method(method: HttpMethod): RequestMatch {
    return new RequestMatch({ method }, new Set([method]));
  }

  /**
   * Matches requests with this method and a path matching this regular expression, in one condition
   * (`{method: GET, pathRegex: ...}`; Linkerd ANDs the fields of a condition).
   */
  public static methodAndPath(method: HttpMethod, pathRegex: string): RequestMatch {
    return new RequestMatch({ method, pathRegex }, new Set([method]));
  }

  /** Matches requests whose path matches this regular expression (RE2, full match). */
  public static pathRegex(regex: string): RequestMatch {
    return new RequestMatch({ pathRegex: regex }, undefined);
  }

  /** Matches requests that match every condition (`all`). */
  public static allOf(...conditions: RequestMatch[]): RequestMatch {
    let methods: Set<string> | undefined;
    for (const c of conditions) {
      if (c._matchedMethods === undefined) continue;
      methods = methods === undefined ? new Set(c._matchedMethods) : new Set([...methods].filter(m => c._matchedMethods!.has(m)));
    }
    return new RequestMatch({ all: conditions.map(c => c.toJson()) }, methods);
  }

  /** Matches requests that match at least one condition (`any`). */
  public static anyOf(...conditions: RequestMatch[]): RequestMatch {
    const open = conditions.length === 0 || conditions.some(c => c._matchedMethods === undefined);
    const methods = open ? undefined : new Set(conditions.flatMap(c => [...c._matchedMethods!]));
    return new RequestMatch({ any: conditions.map(c => c.toJson()) }, methods);
  }

  /**
   * Matches requests that do not match the condition (`not`).
   *
   * Rendered as `all: [{not: ...}]`: Linkerd's Go type reads `not` as one object while the v1alpha2 CRD
   * declares a top-level `not` as an array, so no top-level `not` both passes the API server and decodes in
   * the destination controller; nested under `all`, it does both.
   */
  public static notMatching(condition: RequestMatch): RequestMatch {
    return new RequestMatch({ all: [{ not: condition.toJson() }] }, undefined);
  }

  /**
   * The methods this condition can match, or undefined when it can match any method.
   * @internal
   */
  public readonly _matchedMethods: ReadonlySet<string> | undefined;

  private constructor(private readonly json: Record<string, unknown>, methods: Set<string> | undefined) {
    this._matchedMethods = methods;
  }

  /** The condition as Linkerd's YAML (`{method: GET}`, `{all: [...]}`). */
  public toJson(): any {
    return JSON.parse(JSON.stringify(this.json)); // plain data; structuredClone would copy it into Node's main realm, not a vm context such as Jest's
  }
}

checkStaticArguments(RequestMatch, 'linkerd.RequestMatch');
