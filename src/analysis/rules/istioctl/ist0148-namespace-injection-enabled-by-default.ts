import { enabledByDefault } from './ist0102-namespace-not-injected';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0148 NamespaceInjectionEnabledByDefault: a Namespace without an injection label, while the injector
 * ConfigMap in the files (`istio-sidecar-injector`) enables injection for every namespace
 * (`sidecarInjectorWebhook.enableNamespacesByDefault`): its pods get sidecars without the namespace saying so.
 * As istioctl (`injection.Analyzer`), in place of IST0102; `istio-system` and ambient namespaces are skipped.
 */
export const IST0148: Rule = {
  id: 'IST0148',
  severity: FindingSeverity.INFO,
  description: 'A Namespace without injection label is injected because the injector enables namespaces by default (NamespaceInjectionEnabledByDefault)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    if (!enabledByDefault(index)) return findings;
    for (const ns of index.ofKind('', 'Namespace')) {
      const name = ns.metadata?.name ?? '';
      const labels = ns.metadata?.labels ?? {};
      if (name === 'istio-system' || labels['istio.io/dataplane-mode'] === 'ambient') continue;
      if ('istio-injection' in labels || 'istio.io/rev' in labels) continue;
      findings.push(finding(IST0148, ns, {
        path: 'metadata.labels',
        message: `Namespace ${name} has no injection label, but the injector enables namespaces by default, so its pods get sidecars (is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.)`,
        fix: 'label the namespace istio-injection: enabled to say so, or istio-injection: disabled to keep it out of the mesh',
      }));
    }
    return findings;
  },
};
