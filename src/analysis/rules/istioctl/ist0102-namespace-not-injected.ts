import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0102 NamespaceNotInjected: a Namespace in the files has neither the `istio-injection` nor the
 * `istio.io/rev` label (and is not an ambient namespace, `istio.io/dataplane-mode: ambient`), so its pods get
 * no sidecar. As istioctl (`injection.Analyzer`): `istio-system` is skipped, and so is every namespace once the
 * injector ConfigMap (`istio-sidecar-injector`) in the files enables injection by default
 * (`sidecarInjectorWebhook.enableNamespacesByDefault`). A namespace Linkerd injects (`linkerd.io/inject: enabled`)
 * is not reported: it is meshed, by the other mesh, and advice to add Istio's sidecar to it would be wrong (istioctl
 * never sees Linkerd namespaces).
 */
export const IST0102: Rule = {
  id: 'IST0102',
  severity: FindingSeverity.INFO,
  description: 'A Namespace is not labelled for Istio injection (NamespaceNotInjected)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    if (enabledByDefault(index)) return findings;
    for (const ns of index.ofKind('', 'Namespace')) {
      const name = ns.metadata?.name ?? '';
      const labels = ns.metadata?.labels ?? {};
      if (name === 'istio-system' || labels['istio.io/dataplane-mode'] === 'ambient') continue;
      if ('istio-injection' in labels || 'istio.io/rev' in labels) continue;
      if (ns.metadata?.annotations?.['linkerd.io/inject'] === 'enabled') continue;
      findings.push(finding(IST0102, ns, {
        path: 'metadata.labels',
        message: `Namespace ${name} has no istio-injection or istio.io/rev label, so its pods get no Istio sidecar (The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${name} istio-injection=enabled' to enable it, or 'kubectl label namespace ${name} istio-injection=disabled' to explicitly mark it as not needing injection.)`,
        fix: 'label the namespace istio-injection: enabled (or istio.io/rev: <revision>), or istio-injection: disabled to say it stays out of the mesh',
      }));
    }
    return findings;
  },
};

/** Whether an `istio-sidecar-injector` ConfigMap in the files sets `sidecarInjectorWebhook.enableNamespacesByDefault`. */
export function enabledByDefault(index: ManifestIndex): boolean {
  return index.ofKind('', 'ConfigMap').some(cm => {
    if (cm.metadata?.name !== 'istio-sidecar-injector' || typeof cm.data?.values !== 'string') return false;
    try {
      return JSON.parse(cm.data.values)?.sidecarInjectorWebhook?.enableNamespacesByDefault === true;
    } catch {
      return false;
    }
  });
}
