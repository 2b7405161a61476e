import { authorizationPolicies, authzAction, authzRules, authzSelector, hasTargetRefs, isAllowNothing } from '../../authz-semantics';
import { AnalysisFinding } from '../../finding';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { SelectorIndex } from '../../mesh-helpers';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH105: a workload under default deny that no ALLOW policy reaches. An allow-nothing AuthorizationPolicy
 * (`spec: {}`, or ALLOW with no rules) in the workload's namespace, or in the root namespace
 * (`istio-system`: mesh-wide), makes Istio deny every request unless an ALLOW rule matches it
 * (MESH-FACTS Istio 8). A workload that no ALLOW policy with rules selects (by `selector.matchLabels` on its
 * pod labels, or namespace-wide) therefore receives no traffic at all.
 *
 * Policies bound by `targetRefs` (waypoints, gateways) are not applied by selector and are left out.
 */
export const MESH105: Rule = {
  id: 'MESH105',
  severity: FindingSeverity.WARNING,
  description: 'A workload in a default-deny namespace (allow-nothing AuthorizationPolicy) that no ALLOW policy reaches receives no traffic',
  check(index: ManifestIndex): AnalysisFinding[] {
    const policies = authorizationPolicies(index).filter(p => !hasTargetRefs(p));
    const denyAll = new SelectorIndex(policies.filter(isAllowNothing), p => index.namespaceOf(p), authzSelector);
    const allows = new SelectorIndex(
      policies.filter(p => authzAction(p) === 'ALLOW' && authzRules(p).length > 0),
      p => index.namespaceOf(p), authzSelector);
    const root = index.istioRootNamespace;
    const applicable = (idx: SelectorIndex<Manifest>, ns: string, labels: Record<string, string>) =>
      ns === root ? idx.matching(ns, labels) : [...idx.matching(ns, labels), ...idx.matching(root, labels)];

    const findings: AnalysisFinding[] = [];
    for (const w of index.allWorkloads()) {
      const denying = applicable(denyAll, w.namespace, w.podLabels);
      if (denying.length === 0 || applicable(allows, w.namespace, w.podLabels).length > 0) continue;
      const labels = Object.entries(w.podLabels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
      findings.push(finding(MESH105, w.object, {
        path: w.object.kind === 'Pod' ? 'metadata.labels' : 'spec.template.metadata.labels',
        message: `${w.object.kind} ${w.namespace}/${w.name} is under default deny (${denying.map(p => `allow-nothing ${index.kindRef(p)}`).join(', ')}) and no ALLOW AuthorizationPolicy with rules selects its pods (labels: ${labels}): Istio will deny every request to it`,
        fix: `add an ALLOW AuthorizationPolicy in namespace ${w.namespace} with selector.matchLabels matching these pod labels and rules naming its callers (from.source.principals), or remove the workload if nothing should call it`,
      }));
    }
    return findings;
  },
};
