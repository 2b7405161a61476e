import { authorizationPolicies, authzAction, authzRules, isEmptyRule, ruleConstrainsSource } from '../../authz-semantics';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH106: an ALLOW AuthorizationPolicy rule that does not say who may call. A rule without `from` (or whose
 * `from` has an entry with an empty `source`: entries are OR'ed) and without a `when` condition on the caller
 * (`source.*`, `remote.ip`, `request.auth.*`) allows anyone who can reach the workload, including plaintext
 * callers where mTLS is PERMISSIVE; a rule `{}` allows every request (MESH-FACTS Istio 8).
 */
export const MESH106: Rule = {
  id: 'MESH106',
  severity: FindingSeverity.WARNING,
  description: 'An ALLOW AuthorizationPolicy rule with no source (from) allows anyone who reaches the workload; a rule {} allows every request',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const policy of authorizationPolicies(index)) {
      if (authzAction(policy) !== 'ALLOW') continue;
      authzRules(policy).forEach((rule, i) => {
        if (isEmptyRule(rule)) {
          findings.push(finding(MESH106, policy, {
            path: `spec.rules[${i}]`,
            message: `rule spec.rules[${i}] is empty ({}): it matches every request, so this ALLOW policy allows all traffic to the workloads it applies to`,
            fix: 'add from.source (principals, namespaces or serviceAccounts) and to.operation naming who may call what, or delete the policy if allowing everyone is intended',
          }));
        } else if (!ruleConstrainsSource(rule)) {
          findings.push(finding(MESH106, policy, {
            path: `spec.rules[${i}]`,
            message: `rule spec.rules[${i}] of ALLOW policy has no source (${Array.isArray(rule.from) && rule.from.length > 0 ? 'a from entry with an empty source' : 'from is absent'}): any caller that reaches the workload is allowed for what the rule's to/when match`,
            fix: `add spec.rules[${i}].from[].source.principals (for example cluster.local/ns/<ns>/sa/<caller>) or namespaces, so only the intended callers are allowed`,
          }));
        }
      });
    }
    return findings;
  },
};
