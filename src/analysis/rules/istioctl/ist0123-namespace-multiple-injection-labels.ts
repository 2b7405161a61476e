import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0123 NamespaceMultipleInjectionLabels: a Namespace has more than one kind of injection label
 * (`istio-injection`, and `istio.io/rev` or `istio.io/dataplane-mode` when `istio-injection` is absent or
 * `enabled`), so which data plane its pods get is undefined. As istioctl (`injection.Analyzer`);
 * `istio-system` is skipped.
 */
export const IST0123: Rule = {
  id: 'IST0123',
  severity: FindingSeverity.WARNING,
  description: 'A Namespace has more than one kind of injection label (NamespaceMultipleInjectionLabels)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const ns of index.ofKind('', 'Namespace')) {
      const name = ns.metadata?.name ?? '';
      if (name === 'istio-system') continue;
      const labels = ns.metadata?.labels ?? {};
      const injection = labels['istio-injection'];
      const found = injection === undefined ? [] : [`istio-injection=${injection}`];
      for (const l of ['istio.io/rev', 'istio.io/dataplane-mode']) {
        if (l in labels && (injection === undefined || injection === 'enabled')) found.push(`${l}=${labels[l]}`);
      }
      if (found.length < 2) continue;
      findings.push(finding(IST0123, ns, {
        path: 'metadata.labels',
        message: `Namespace ${name} has the injection labels ${found.join(', ')}: which data plane its pods get is undefined (The namespace has more than one type of injection labels [${found.join(' ')}], which may lead to undefined behavior. Make sure only one injection label exists.)`,
        fix: 'keep one injection label: istio-injection: enabled, istio.io/rev: <revision>, or istio.io/dataplane-mode: ambient',
      }));
    }
    return findings;
  },
};
