import { AnalysisFinding } from '../../finding';
import { selectorString } from '../../istio-index';
import { ISTIO_SECURITY } from '../../istio-semantics';
import { ManifestIndex, Workload, selects } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list, push } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0127 NoMatchingWorkloadsFound: an AuthorizationPolicy applies to no meshed pod in the files: its
 * selector matches none in its namespace (in the root namespace: in any namespace), or, without a selector,
 * its namespace has no meshed pod at all. As istioctl (`authz.AuthorizationPoliciesAnalyzer`), a pod is meshed
 * when it has an `istio-proxy` container, else when its `sidecar.istio.io/inject` label or annotation is
 * "true", else when its Namespace in the files has `istio-injection: enabled`, or when it is redirected to
 * ztunnel (`ambient.istio.io/redirection: enabled`). Reported with `wholeCluster` only (pods are seldom all in
 * the files); a selector-less policy in the root namespace is mesh-wide and never reported.
 */
export const IST0127: Rule = {
  id: 'IST0127',
  severity: FindingSeverity.WARNING,
  description: 'An AuthorizationPolicy matches no meshed workload in the files (NoMatchingWorkloadsFound)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    if (!index.wholeCluster) return findings;
    const meshed = new Map<string, Workload[]>();
    for (const w of index.allWorkloads()) if (inMesh(index, w)) push(meshed, w.namespace, w);
    for (const ap of index.ofKind(ISTIO_SECURITY, 'AuthorizationPolicy')) {
      const ns = index.namespaceOf(ap);
      const selector = ap.spec?.selector;
      let found: boolean;
      if (ns === index.istioRootNamespace) {
        if (selector == null) continue;
        found = [...meshed.values()].flat().some(w => selects(selector.matchLabels, w.podLabels));
      } else if (selector == null) {
        found = (meshed.get(ns) ?? []).length > 0;
      } else {
        found = (meshed.get(ns) ?? []).some(w => selects(selector.matchLabels, w.podLabels));
      }
      if (found) continue;
      const labels = selector == null ? '' : selectorString(selector.matchLabels);
      findings.push(finding(IST0127, ap, {
        path: selector == null ? 'spec' : 'spec.selector',
        message: `AuthorizationPolicy ${index.ref(ap)} applies to ${selector == null ? `every workload of namespace ${ns}, which has no meshed pod in the files` : `${labels || 'every pod'}, but no meshed pod ${ns === index.istioRootNamespace ? 'in any namespace' : `in namespace ${ns}`} has those labels`}, so it enforces nothing (No matching workloads for this resource with the following labels: ${labels})`,
        fix: 'correct the selector to the labels of meshed pods, or mesh the workloads it is for (istio-injection: enabled)',
      }));
    }
    return findings;
  },
};

/** istioctl's `PodInMesh`, or `PodInAmbientMode`. */
function inMesh(index: ManifestIndex, w: Workload): boolean {
  const pod = w.object.kind === 'Pod' ? w.object : w.object.spec?.template;
  const annotations = pod?.metadata?.annotations ?? {};
  if (annotations['ambient.istio.io/redirection'] === 'enabled') return true;
  const containers = [...list(pod?.spec?.containers), ...list(pod?.spec?.initContainers)];
  if (containers.some(c => c?.name === 'istio-proxy')) return true;
  for (const m of [pod?.metadata?.labels ?? {}, annotations]) {
    if ('sidecar.istio.io/inject' in m) return m['sidecar.istio.io/inject'] === 'true';
  }
  const namespace = index.get('', 'Namespace', '', w.namespace);
  return namespace?.metadata?.labels?.['istio-injection'] === 'enabled';
}
