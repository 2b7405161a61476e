/**
 * istioctl's `destinationrule.PodNotSelectedAnalyzer` (istio/istio
 * `pkg/config/analysis/analyzers/destinationrule/subset.go`), one pass: DestinationRules whose host is no
 * Service or ServiceEntry visible to them (IST0174), and subsets whose labels (merged with the ServiceEntry's
 * `workloadSelector`) select no pod in any namespace (IST0173). Pod labels are augmented as istiod's registry
 * does (`AugmentLabels`): `kubernetes.io/hostname` from `spec.nodeName`, and region, zone and subzone from that
 * Node's labels when the Node is in the files.
 */
import { merge } from '../../../private/merge';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { serviceHosts } from '../../istio-service-hosts';
import { Manifest, ManifestIndex, selects } from '../../manifest-index';
import { list, push } from '../../util';

export interface SubsetProblems {
  readonly unknownHost: Manifest[];
  readonly emptySubsets: Array<{ readonly dr: Manifest; readonly index: number; readonly name: string }>;
}

/** For IST0173 and IST0174, computed once per index. */
export function subsetProblems(index: ManifestIndex): SubsetProblems {
  return index.derived(computeSubsetProblems);
}

function computeSubsetProblems(index: ManifestIndex): SubsetProblems {
  const hosts = serviceHosts(index);
  const podLabels = index.allWorkloads().map(w => augmented(index, w.object, w.podLabels));
  const out: SubsetProblems = { unknownHost: [], emptySubsets: [] };
  // pods by label pair, so a subset's selector is checked against the pods with its rarest label only
  const byLabel = new Map<string, Array<Record<string, string>>>();
  for (const l of podLabels) for (const [k, v] of Object.entries(l)) push(byLabel, `${k}=${v}`, l);
  const anyPodSelected = (selector: Record<string, string>): boolean => {
    const entries = Object.entries(selector);
    if (entries.length === 0) return podLabels.length > 0;
    const candidates = entries.map(([k, v]) => byLabel.get(`${k}=${v}`) ?? []).sort((a, b) => a.length - b.length)[0];
    return candidates.some(l => selects(selector, l));
  };
  for (const dr of index.ofKind(ISTIO_NETWORKING, 'DestinationRule')) {
    const target = hosts.resolve(typeof dr.spec?.host === 'string' ? dr.spec.host : '', index.namespaceOf(dr), dr.spec?.exportTo);
    if (!target) {
      out.unknownHost.push(dr);
      continue;
    }
    list(dr.spec?.subsets).forEach((subset, i) => {
      const selector = merge(target.workloadLabels, subset?.labels && typeof subset.labels === 'object' ? subset.labels : {});
      if (!anyPodSelected(selector)) out.emptySubsets.push({ dr, index: i, name: typeof subset?.name === 'string' ? subset.name : '' });
    });
  }
  return out;
}

function augmented(index: ManifestIndex, workload: Manifest, labels: Record<string, string>): Record<string, string> {
  const pod = workload.kind === 'Pod' ? workload : workload.spec?.template;
  const nodeName = pod?.spec?.nodeName;
  if (typeof nodeName !== 'string' || nodeName === '') return labels;
  const out: Record<string, string> = merge(labels, { 'kubernetes.io/hostname': nodeName });
  const node = index.get('', 'Node', index.defaultNamespace, nodeName) ?? index.ofKind('', 'Node').find(n => n.metadata?.name === nodeName);
  const nl = node?.metadata?.labels ?? {};
  // LocalityToString then SplitLocalityLabel: a zone only with a region, a subzone only with a zone
  const region = nl['topology.kubernetes.io/region'] ?? '';
  const zone = nl['topology.kubernetes.io/zone'] ?? '';
  const subzone = nl['topology.istio.io/subzone'] ?? '';
  const parts = [region, ...zone ? [zone, ...subzone ? [subzone] : []] : []].join('/').split('/');
  if (parts[0]) out['topology.kubernetes.io/region'] = parts[0];
  if (parts[1]) out['topology.kubernetes.io/zone'] = parts[1];
  if (parts[2]) out['topology.istio.io/subzone'] = parts[2];
  return out;
}
