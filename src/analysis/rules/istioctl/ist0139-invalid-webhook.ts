import { AnalysisFinding } from '../../finding';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { compare, list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0139 InvalidWebhook, istioctl's `webhook.Analyzer` (`pkg/config/analysis/analyzers/webhook/webhook.go`):
 * over Istio's MutatingWebhookConfigurations in the files (a webhook named `*istio.io`, or an `istio.io/rev`
 * label or selector), every namespace labelling (none, `istio-injection` enabled/disabled, each revision) and pod
 * labelling (none, `sidecar.istio.io/inject` true/false, each revision) must match at most one webhook, or pods
 * get the sidecar injected twice; and, with `wholeCluster`, a webhook's `clientConfig.service` must be a Service
 * in the files.
 */
export const IST0139: Rule = {
  id: 'IST0139',
  severity: FindingSeverity.ERROR,
  description: 'Istio injection webhooks overlap (a pod would be injected twice), or one names a Service that does not exist (InvalidWebhook)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const hooks: { config: Manifest; i: number; key: string; hook: any }[] = [];
    const revisions = new Set<string>();
    for (const config of index.ofKind('admissionregistration.k8s.io', 'MutatingWebhookConfiguration')) {
      const revs = extractRevisions(config);
      if (revs.length === 0 && !list(config.webhooks).some(w => String(w?.name ?? '').endsWith('istio.io'))) continue;
      revs.forEach(r => revisions.add(r));
      list(config.webhooks).forEach((hook, i) => hooks.push({ config, i, key: `${config.metadata?.name ?? ''}/${hook?.name ?? ''}`, hook }));
    }
    const withRevisions = (bases: Record<string, string>[]) => [...bases, ...[...revisions].sort(compare).flatMap(rev => bases.map(b => ({ ...b, 'istio.io/rev': rev })))];
    const namespaceLabels = withRevisions([{}, { 'istio-injection': 'enabled' }, { 'istio-injection': 'disabled' }]);
    const objectLabels = withRevisions([{}, { 'sidecar.istio.io/inject': 'true' }, { 'sidecar.istio.io/inject': 'false' }]);
    const messages = new Map<string, { hook: typeof hooks[number]; text: string }>();
    // Each selector against each labelling once (not once per pair of labellings): pairs × hooks stays cheap.
    const namespaceMatches = namespaceLabels.map(nl => hooks.map(h => selectorMatches(h.hook?.namespaceSelector, nl)));
    const objectMatches = objectLabels.map(ol => hooks.map(h => selectorMatches(h.hook?.objectSelector, ol)));
    for (const byNamespace of namespaceMatches) {
      for (const byObject of objectMatches) {
        const matches = hooks.filter((_, k) => byNamespace[k] && byObject[k]);
        if (matches.length < 2) continue;
        for (const m of matches) {
          const others = matches.filter(o => o !== m).map(o => o.key).sort(compare);
          const text = `Webhook overlaps with others: [${others.join(' ')}]. This may cause injection to occur twice.`;
          messages.set(`${m.key}\u0000${text}`, { hook: m, text });
        }
      }
    }
    if (index.wholeCluster) {
      for (const h of hooks) {
        const svc = h.hook?.clientConfig?.service;
        if (!svc) continue;
        if (index.get('', 'Service', svc.namespace ?? '', svc.name ?? '')) continue;
        const text = `Injector refers to a control plane service that does not exist: ${svc.namespace ?? ''}/${svc.name ?? ''}.`;
        messages.set(`${h.key}\u0000${text}`, { hook: h, text });
      }
    }
    return [...messages.values()].map(({ hook, text }) => finding(IST0139, hook.config, {
      path: text.startsWith('Webhook overlaps') ? `webhooks[${hook.i}]` : `webhooks[${hook.i}].clientConfig.service`,
      message: `MutatingWebhookConfiguration ${hook.config.metadata?.name ?? ''} webhook ${hook.hook?.name ?? ''}: ${text.startsWith('Webhook overlaps') ? 'its namespace and object selectors match pods another Istio injection webhook also matches, so those pods are injected twice' : 'the API server calls a Service that is not among the manifests, so injection fails'} (${text})`,
      fix: text.startsWith('Webhook overlaps')
        ? 'make the injection webhooks\' namespaceSelector/objectSelector disjoint (one per revision, istio-injection or istio.io/rev), or remove the extra webhook configuration'
        : 'point clientConfig.service at the istiod Service (istiod or istiod-<revision> in istio-system)',
    }));
  },
};

function extractRevisions(config: Manifest): string[] {
  const revs = new Set<string>();
  const rev = config.metadata?.labels?.['istio.io/rev'];
  if (rev !== undefined) revs.add(rev);
  for (const hook of list(config.webhooks)) {
    for (const selector of [hook?.namespaceSelector, hook?.objectSelector]) {
      if (!selector) continue;
      const r = selector.matchLabels?.['istio.io/rev'];
      if (r !== undefined) revs.add(r);
      for (const e of list(selector.matchExpressions)) if (e?.key === 'istio.io/rev') list(e.values).forEach(v => revs.add(String(v)));
    }
  }
  return [...revs];
}

/** Kubernetes label selector semantics; no selector matches everything; an invalid operator matches nothing. */
function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of list(selector.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values = list(e?.values).map(String);
    switch (e?.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
