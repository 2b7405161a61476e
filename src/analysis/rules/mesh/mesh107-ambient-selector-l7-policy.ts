import { authorizationPolicies, authzRules, authzSelector, hasTargetRefs, isAmbient, l7Attributes } from '../../authz-semantics';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { MeshLookups } from '../../mesh-helpers';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH107: a selector-based (or namespace-wide) AuthorizationPolicy with L7 attributes (paths, methods, hosts,
 * request headers, requestPrincipals, `request.*` conditions) applied to ambient workloads. ztunnel enforces
 * only L4 and fails safe, treating such a policy as DENY; waypoints ignore selector-based policies
 * (MESH-FACTS Istio 14; istio.io docs/ambient/usage/l4-policy). L7 policy in ambient mode binds to the
 * waypoint or the Service with `targetRefs`.
 *
 * Ambient workloads: the policy's namespace is labelled `istio.io/dataplane-mode: ambient`, or the pods it
 * selects carry that label.
 */
export const MESH107: Rule = {
  id: 'MESH107',
  severity: FindingSeverity.ERROR,
  description: 'A selector-based AuthorizationPolicy with L7 attributes in an ambient namespace: ztunnel enforces only L4 and waypoints ignore selector policies',
  check(index: ManifestIndex): AnalysisFinding[] {
    const lookups = MeshLookups.of(index);
    const findings: AnalysisFinding[] = [];
    for (const policy of authorizationPolicies(index)) {
      if (hasTargetRefs(policy)) continue;
      const ns = index.namespaceOf(policy);
      const selector = authzSelector(policy);
      const ambient = isAmbient(index.namespaceLabels(ns))
        || (selector !== undefined && lookups.workloads.selectedBy(ns, selector).some(w => isAmbient(w.podLabels)));
      if (!ambient) continue;
      authzRules(policy).forEach((rule, i) => {
        const l7 = l7Attributes(rule);
        if (l7.length === 0) return;
        findings.push(finding(MESH107, policy, {
          path: `spec.rules[${i}]`,
          message: `rule spec.rules[${i}] uses L7 attributes (${l7.join(', ')}) in a ${selector ? 'selector-based' : 'namespace-wide'} policy for ambient workloads in namespace ${ns}: ztunnel enforces only L4 and fails safe by treating the policy as DENY, and waypoints ignore selector-based policies, so the rule is not enforced as written`,
          fix: 'move the L7 rule into a policy with targetRefs: [{group: "", kind: Service, name: <service>}] (or the waypoint Gateway) served by a waypoint (istio.io/use-waypoint), and keep only L4 fields (principals, namespaces, ports) in selector-based policies',
        }));
      });
    }
    return findings;
  },
};
