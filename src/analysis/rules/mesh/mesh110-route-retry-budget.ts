import { AnalysisFinding } from '../../finding';
import { LINKERD_DEFAULT_RETRY_BUDGET, describeRetryBudget } from '../../linkerd-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH110: a Linkerd ServiceProfile route with `retryBudget`. The budget is per profile
 * (`spec.retryBudget`; MESH-FACTS Linkerd 2): the route has no such field, so the API server prunes it and the
 * profile runs on `spec.retryBudget` or Linkerd's default budget. The validation engine reports the pruning
 * (MESH001); this rule says what the mesh does instead.
 */
export const MESH110: Rule = {
  id: 'MESH110',
  severity: FindingSeverity.WARNING,
  description: 'A Linkerd ServiceProfile route has retryBudget: the budget is per profile (spec.retryBudget), the route field is pruned',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const sp of index.ofKind('linkerd.io', 'ServiceProfile')) {
      const specBudget = sp.spec?.retryBudget;
      list(sp.spec?.routes).forEach((route, i) => {
        if (route?.retryBudget === undefined) return;
        const applies = specBudget ? 'the profile\'s spec.retryBudget' : `Linkerd's default budget (${describeRetryBudget(LINKERD_DEFAULT_RETRY_BUDGET)})`;
        findings.push(finding(MESH110, sp, {
          path: `spec.routes[${i}].retryBudget`,
          message: `route ${route.name ? `"${route.name}" ` : ''}(spec.routes[${i}]) has retryBudget, but Linkerd's retry budget belongs to the whole profile (spec.retryBudget): the API server prunes the route field, so retries of every route run on ${applies}`,
          fix: specBudget
            ? `delete spec.routes[${i}].retryBudget and adjust spec.retryBudget if this budget was meant`
            : 'move the budget to spec.retryBudget (retryRatio, minRetriesPerSecond, ttl); it then limits retries of all the profile\'s routes',
        }));
      });
    }
    return findings;
  },
};
