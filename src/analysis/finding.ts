import { FindingSeverity } from './validation/finding';

/** One problem an analysis rule found in the manifests. */
export interface AnalysisFinding {
  /** The rule's stable id (`MESH101`, or ours for an upstream check: `IST0101`, `KIA0201`). */
  readonly ruleId: string;
  /** Severity. */
  readonly severity: FindingSeverity;
  /** `kind` of the object the finding is about. */
  readonly kind: string;
  /** `metadata.name` of the object. */
  readonly name: string;
  /**
   * `metadata.namespace` of the object.
   * @default - cluster-scoped, or no namespace given
   */
  readonly namespace?: string;
  /** Field path inside the object (`spec.http[0].retries`), or `<root>`. */
  readonly path: string;
  /** What is wrong, naming the object and field. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * The upstream check this rule matches (`IST0101` for istioctl analyze, `KIA0201` for Kiali).
   * @default - none: our own rule
   */
  readonly upstream?: string;
}

/** Renders a finding as `<ruleId> <severity> <kind>/<namespace>/<name>: <path>: <message> (fix: ...)`. */
export function formatAnalysisFinding(f: AnalysisFinding): string {
  const ns = f.namespace ? `${f.namespace}/` : '';
  return `${f.ruleId} ${f.severity} ${f.kind}/${ns}${f.name}: ${f.path}: ${f.message} (fix: ${f.fix})`;
}
