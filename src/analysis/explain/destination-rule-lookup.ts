/**
 * Which DestinationRule Istio applies to a destination, and the traffic policy it results in: the top-level
 * `trafficPolicy`, its `portLevelSettings` for the port, then the subset's `trafficPolicy` overriding whole
 * field groups (connectionPool, loadBalancer, outlierDetection, tls, ...), then the subset's port-level
 * settings (istio/istio `pilot/pkg/networking/core/cluster_builder.go`, MergeTrafficPolicy).
 */
import { ISTIO_NETWORKING, exportedTo, hostSpecificity } from '../istio-semantics';
import { ManifestIndex, Manifest, createdAt } from '../manifest-index';
import { compare, list, unique } from '../util';

/** Field groups a subset's traffic policy replaces wholesale. */
const SUBSET_OVERRIDES = ['connectionPool', 'loadBalancer', 'outlierDetection', 'tls', 'tunnel', 'proxyProtocol', 'retryBudget'];
/** Field groups a port-level setting replaces (port-level settings do not inherit). */
const PORT_OVERRIDES = ['connectionPool', 'loadBalancer', 'outlierDetection', 'tls'];

/** A field group of the effective policy (the public shape is `TrafficPolicyField`). */
export interface PolicyField {
  readonly field: string;
  readonly value: any;
  readonly source: string;
}

/** The policy applied to a destination (the public shape is `DestinationPolicy`). */
export interface EffectivePolicy {
  readonly host: string;
  readonly subset?: string;
  readonly destinationRule?: string;
  readonly subsetLabels?: Record<string, string>;
  readonly policy: PolicyField[];
  readonly notes: string[];
}

/** Lookup order: the client's namespace, the service's namespace, the root namespace; exact host before wildcard. */
export function findDestinationRule(index: ManifestIndex, host: string, clientNamespace: string, notes: string[]): Manifest | undefined {
  const serviceNamespace = index.serviceOfFqdn(host)?.namespace;
  const order = [clientNamespace, serviceNamespace, index.istioRootNamespace].filter((n): n is string => n !== undefined);
  const all = index.ofKind(ISTIO_NETWORKING, 'DestinationRule');
  for (const ns of unique(order)) {
    const candidates = all
      .filter(dr => index.namespaceOf(dr) === ns && exportedTo(dr.spec?.exportTo, ns, clientNamespace))
      .map(dr => ({ dr, specificity: hostSpecificity(index.fqdn(String(dr.spec?.host ?? ''), ns), host) }))
      .filter(c => c.specificity >= 0)
      .sort((a, b) => b.specificity - a.specificity || compare(createdAt(a.dr), createdAt(b.dr))
        || compare(a.dr.metadata?.name ?? '', b.dr.metadata?.name ?? ''));
    if (candidates.length > 0) {
      const same = candidates.filter(c => c.specificity === candidates[0].specificity);
      if (same.length > 1) notes.push(`DestinationRules ${same.map(c => index.ref(c.dr)).join(', ')} all match ${host}: Istio merges them (first one's trafficPolicy wins)`);
      return candidates[0].dr;
    }
  }
  return undefined;
}

/** The effective policy for a destination `host`/`subset` on `port` (the Service port, if known). */
export function destinationPolicy(
  index: ManifestIndex, host: string, subset: string | undefined, port: number | undefined, clientNamespace: string,
): EffectivePolicy {
  const notes: string[] = [];
  const dr = findDestinationRule(index, host, clientNamespace, notes);
  if (!dr) {
    if (subset) notes.push(`no DestinationRule defines subset ${subset} for ${host}: requests fail with 503 NR (IST0101)`);
    return { host, subset, policy: [], notes };
  }
  const drId = index.ref(dr);
  const fields = new Map<string, { value: any; source: string }>();
  const top = dr.spec?.trafficPolicy;
  for (const [k, v] of Object.entries(top ?? {})) {
    if (k !== 'portLevelSettings' && v !== undefined && v !== null) fields.set(k, { value: v, source: 'spec.trafficPolicy' });
  }
  applyPortLevel(top, 'spec.trafficPolicy', port, fields, notes);
  let subsetLabels: Record<string, string> | undefined;
  if (subset !== undefined) {
    const subsets = list(dr.spec?.subsets);
    const i = subsets.findIndex(s => s?.name === subset);
    if (i < 0) {
      notes.push(`DestinationRule ${drId} defines no subset ${subset}: requests fail with 503 NR (IST0101)`);
    } else {
      subsetLabels = subsets[i].labels ?? {};
      const sp = subsets[i].trafficPolicy;
      for (const k of SUBSET_OVERRIDES) {
        if (sp?.[k] !== undefined && sp?.[k] !== null) {
          const replaced = fields.get(k);
          if (replaced) notes.push(`${k} of subset ${subset} replaces the whole ${k} of ${replaced.source} (no field-by-field merge)`);
          fields.set(k, { value: sp[k], source: `spec.subsets[${i}].trafficPolicy` });
        }
      }
      applyPortLevel(sp, `spec.subsets[${i}].trafficPolicy`, port, fields, notes);
    }
  }
  const policy = [...fields.entries()].sort(([a], [b]) => compare(a, b))
    .map(([field, { value, source }]) => ({ field, value, source }));
  return { host, subset, destinationRule: drId, subsetLabels, policy, notes };
}

function applyPortLevel(tp: any, path: string, port: number | undefined, fields: Map<string, { value: any; source: string }>, notes: string[]) {
  const settings = list(tp?.portLevelSettings);
  if (settings.length === 0) return;
  if (port === undefined) {
    notes.push(`${path}.portLevelSettings not applied: the destination port is unknown`);
    return;
  }
  const j = settings.findIndex(s => s?.port?.number === port);
  if (j < 0) return;
  for (const k of PORT_OVERRIDES) {
    const v = settings[j][k];
    if (v === undefined || v === null) fields.delete(k);
    else fields.set(k, { value: v, source: `${path}.portLevelSettings[${j}]` });
  }
  notes.push(`${path}.portLevelSettings[${j}] (port ${port}) replaces ${PORT_OVERRIDES.join(', ')}: port-level settings do not inherit`);
}
