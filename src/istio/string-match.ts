import { IConstruct } from 'constructs';
import { meshError } from '../core/errors';
import { checkStaticArguments } from '../core/strict-props';
import { re2js } from '../private/lazy';

/**
 * An Istio `StringMatch`: exactly one of `exact`, `prefix` or `regex` (RE2 syntax), guaranteed by
 * construction; or, for headers, withoutHeaders and query parameters, `present()`.
 */
export class StringMatch {
  /** Matches the whole value, case-sensitively. */
  public static exact(value: string): StringMatch {
    return new StringMatch('exact', value);
  }

  /** Matches values that start with `value`. */
  public static prefix(value: string): StringMatch {
    return new StringMatch('prefix', value);
  }

  /** Matches values that the RE2 regular expression matches in full. */
  public static regex(value: string): StringMatch {
    return new StringMatch('regex', value);
  }

  /**
   * Matches when the header or query parameter is present, whatever its value (even empty). Rendered as `{}`,
   * which Istio turns into Envoy's `present_match`. Only in `headers`, `withoutHeaders` (the header must be
   * absent) and `queryParams`.
   */
  public static present(): StringMatch {
    return new StringMatch('present', '');
  }

  /** `exact`, `prefix`, `regex` or `present`. */
  public readonly kind: string;
  /** The value to match. */
  public readonly value: string;

  private constructor(kind: string, value: string) {
    this.kind = kind;
    this.value = value;
  }

  /** @internal */
  public _render(scope: IConstruct, prop: string): any {
    if (typeof this.value !== 'string') {
      throw meshError(scope, prop, `${this.kind} must be a string, got ${typeof this.value}`);
    }
    if (this.kind === 'regex') {
      try {
        re2js().RE2JS.compile(this.value);
      } catch {
        throw meshError(scope, prop, `regex ${JSON.stringify(this.value)} is not a valid regular expression`, 'Use RE2 syntax');
      }
    }
    if (this.kind === 'present') return {};
    return { [this.kind]: this.value };
  }
}

checkStaticArguments(StringMatch, 'istio.StringMatch');
