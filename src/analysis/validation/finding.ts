/**
 * The class of check that produced a validation finding.
 *
 * Each value names one step of what the Kubernetes API server does on create.
 */
export enum ValidationRule {
  /** The value has the wrong JSON type (`type`, `x-kubernetes-int-or-string`, `nullable`). */
  TYPE = 'type',
  /** A required field is missing (`required`). */
  REQUIRED = 'required',
  /** The value is not one of the allowed values (`enum`). */
  ENUM = 'enum',
  /** A string does not match the schema's regular expression (`pattern`, Go RE2 semantics). */
  PATTERN = 'pattern',
  /** A string or number does not have the declared `format` (date-time, byte, int32, ...). */
  FORMAT = 'format',
  /** A number, string, list or map is outside its bounds (minimum, maxLength, maxItems, ...). */
  BOUNDS = 'bounds',
  /** Duplicate entries in an `x-kubernetes-list-type: set` or `map` list. */
  LIST_UNIQUENESS = 'list-uniqueness',
  /** A `oneOf`, `anyOf`, `allOf` or `not` constraint fails. */
  COMBINATOR = 'combinator',
  /** A CEL `x-kubernetes-validations` rule fails. */
  CEL = 'cel',
  /** A field the schema does not declare: the API server would silently prune (drop) it. */
  PRUNED = 'pruned',
  /** `metadata` is invalid: name, namespace, labels or annotations. */
  METADATA = 'metadata',
  /** No schema is known for this apiVersion and kind. */
  UNKNOWN_KIND = 'unknown-kind',
}

/** How serious a finding is. */
export enum FindingSeverity {
  /** The API server would reject the object, or silently lose part of it. */
  ERROR = 'error',
  /** The object would be accepted, but something deserves a look. */
  WARNING = 'warning',
  /** Worth knowing; nothing is wrong. */
  INFO = 'info',
}

/** One problem found in one manifest. */
export interface ValidationFinding {
  /** `apiVersion` of the object (empty if missing). */
  readonly apiVersion: string;
  /** `kind` of the object (empty if missing). */
  readonly kind: string;
  /** `metadata.name` of the object (empty if missing). */
  readonly name: string;
  /**
   * `metadata.namespace` of the object.
   * @default - the object has no namespace
   */
  readonly namespace?: string;
  /** Field path inside the object, in Kubernetes' notation (`spec.http[0].retries.attempts`). */
  readonly path: string;
  /** The class of check that failed. */
  readonly rule: ValidationRule;
  /** Severity. */
  readonly severity: FindingSeverity;
  /** What is wrong, and what is allowed. */
  readonly message: string;
}

/** Renders a finding as `<kind>/<name>: <field path>: <message>`. */
export function formatFinding(finding: ValidationFinding): string {
  const kind = finding.kind || '<no kind>';
  const name = finding.name || '<no name>';
  return `${kind}/${name}: ${finding.path}: ${finding.message}`;
}
