import { checkStaticArguments } from '../core/strict-props';

/**
 * A condition on a response (Linkerd's `ResponseMatch`): a status range, or the `all`, `any` and `not`
 * combinators over other conditions.
 */
export class ResponseMatch {
  /**
   * Matches responses whose HTTP status is within `[min, max]`.
   *
   * @param min the lowest status, from 100 to 599
   * @param max the highest status, from `min` to 599; defaults to `min`
   *
   * The bounds are checked where the condition is used (`addRoute`), which names the construct.
   */
  public static status(min: number, max?: number): ResponseMatch {
    const hi = max ?? min;
    return new ResponseMatch({ status: { min, max: hi } });
  }

  /** Matches responses with a 5xx status, the failures Linkerd counts by default. */
  public static serverError(): ResponseMatch {
    return ResponseMatch.status(500, 599);
  }

  /** Matches responses that match every condition (`all`). */
  public static allOf(...conditions: ResponseMatch[]): ResponseMatch {
    return new ResponseMatch({ all: conditions.map(c => c.toJson()) });
  }

  /** Matches responses that match at least one condition (`any`). */
  public static anyOf(...conditions: ResponseMatch[]): ResponseMatch {
    return new ResponseMatch({ any: conditions.map(c => c.toJson()) });
  }

  /** Matches responses that do not match the condition (`not`, one object as the CRD declares it). */
  public static notMatching(condition: ResponseMatch): ResponseMatch {
    return new ResponseMatch({ not: condition.toJson() });
  }

  private constructor(private readonly json: Record<string, unknown>) {}

  /** The condition as Linkerd's YAML (`{status: {min: 500, max: 599}}`). */
  public toJson(): any {
    return JSON.parse(JSON.stringify(this.json)); // plain data; structuredClone would copy it into Node's main realm, not a vm context such as Jest's
  }
}

/** How Linkerd classifies responses of a route (`responseClasses[]`). */
export interface ResponseClass {
  /** The responses this class applies to. */
  readonly condition: ResponseMatch;

  /**
   * Whether responses of this class count as failures in metrics and for retries.
   *
   * @default false - Linkerd counts the response as a success (without any response class, Linkerd counts
   * 5xx responses as failures and everything else as successes)
   */
  readonly isFailure?: boolean;
}

checkStaticArguments(ResponseMatch, 'linkerd.ResponseMatch');
