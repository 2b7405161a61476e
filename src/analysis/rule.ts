import { AnalysisFinding } from './finding';
import { ManifestIndex, Manifest } from './manifest-index';
import { FindingSeverity } from './validation/finding';

/**
 * An analysis rule: a pure function from the indexed manifests to findings. One rule per file under
 * `src/analysis/rules/`. Rules read the index (built once) and must run in O(objects).
 */
export interface Rule {
  /** Stable id: `MESH1xx` for our own rules; an upstream code when the rule is that check (`IST0101`). */
  readonly id: string;
  /** The upstream check this rule matches, if it is not the id itself (`IST0101`, `KIA1104`). */
  readonly upstream?: string;
  /** Default severity. */
  readonly severity: FindingSeverity;
  /** One line: what the rule checks. */
  readonly description: string;
  /** Runs the rule. */
  check(index: ManifestIndex): AnalysisFinding[];
}

/** What a rule reports about one object; the rule's id and severity are filled in by `finding()`. */
export interface Problem {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  /** Override the rule's default severity for this finding. */
  readonly severity?: FindingSeverity;
}

/** Builds a finding of `rule` about `object`. */
export function finding(rule: Rule, object: Manifest, problem: Problem): AnalysisFinding {
  return {
    ruleId: rule.id,
    upstream: rule.upstream,
    severity: problem.severity ?? rule.severity,
    kind: object.kind,
    name: object.metadata?.name ?? '',
    namespace: object.metadata?.namespace,
    path: problem.path,
    message: problem.message,
    fix: problem.fix,
  };
}
