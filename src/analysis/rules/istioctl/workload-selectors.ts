/**
 * Which pods the selectors of Sidecars and Telemetries pick, as istioctl's `sidecar.SelectorAnalyzer` and
 * `telemetry.SelectorAnalyzer` read them: `matchLabels` against the pods of the object's own namespace.
 * Pods are the Pods in the manifests and the pod templates of Deployments, StatefulSets, DaemonSets,
 * ReplicaSets and Jobs (each stands for the pods it creates; istioctl, reading a cluster, sees the pods
 * themselves). Shared by IST0101 (selects nothing), IST0110/IST0159 (two select one pod) and
 * IST0111/IST0160 (several without selector).
 */
import { selectorString } from '../../istio-index';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { Manifest, ManifestIndex, Workload, nonEmptyLabels, selects } from '../../manifest-index';
import { push } from '../../util';

/** A kind of selector-bearing config, and where its selector is. */
export interface SelectorKind {
  readonly group: string;
  readonly kind: string;
  /** Field path of the labels map (`spec.workloadSelector.labels`). */
  readonly path: string;
  readonly labels: (m: Manifest) => unknown;
}

export const SIDECAR_SELECTOR: SelectorKind = {
  group: ISTIO_NETWORKING,
  kind: 'Sidecar',
  path: 'spec.workloadSelector.labels',
  labels: m => m.spec?.workloadSelector?.labels,
};

export const TELEMETRY_SELECTOR: SelectorKind = {
  group: 'telemetry.istio.io',
  kind: 'Telemetry',
  path: 'spec.selector.matchLabels',
  labels: m => m.spec?.selector?.matchLabels,
};

/** The objects of a kind with a non-empty selector, and the pods each selects. */
export interface SelectorMatches {
  /** Objects with a non-empty selector, with the pods they select (possibly none). */
  readonly selected: Array<{ readonly object: Manifest; readonly selector: string; readonly pods: Workload[] }>;
  /** For each pod selected by more than one object: the objects, in manifest order. */
  readonly conflicts: Array<{ readonly pod: Workload; readonly objects: Manifest[] }>;
  /** Objects without a selector (or an empty one), by namespace. */
  readonly withoutSelector: Map<string, Manifest[]>;
}

/**
 * Matches the objects of `kind` to the pods of their namespaces; O(objects × pods of a namespace), once per
 * index and kind (IST0101, IST0110, IST0111, IST0159, IST0160 and IST0167 share it).
 */
export function selectorMatches(index: ManifestIndex, kind: SelectorKind): SelectorMatches {
  const cache = index.derived(newSelectorCache);
  let matches = cache.get(kind);
  if (!matches) cache.set(kind, matches = computeSelectorMatches(index, kind));
  return matches;
}

function newSelectorCache(): Map<SelectorKind, SelectorMatches> {
  return new Map();
}

function computeSelectorMatches(index: ManifestIndex, kind: SelectorKind): SelectorMatches {
  const selected: Array<{ object: Manifest; selector: string; pods: Workload[] }> = [];
  const byPod = new Map<Workload, Manifest[]>();
  const withoutSelector = new Map<string, Manifest[]>();
  for (const m of index.ofKind(kind.group, kind.kind)) {
    const ns = index.namespaceOf(m);
    const labels = nonEmptyLabels(kind.labels(m));
    if (!labels) {
      push(withoutSelector, ns, m);
      continue;
    }
    const pods = index.workloads(ns).filter(w => selects(labels, w.podLabels));
    selected.push({ object: m, selector: selectorString(labels), pods });
    for (const p of pods) push(byPod, p, m);
  }
  const conflicts = [...byPod].filter(([, objects]) => objects.length > 1).map(([pod, objects]) => ({ pod, objects }));
  return { selected, conflicts, withoutSelector };
}

/** Sorted names, as istioctl prints them (`[a b]`). */
export function sortedNames(objects: Manifest[]): string {
  return `[${objects.map(o => o.metadata?.name ?? '').sort().join(' ')}]`;
}

/** istioctl's `PodInAmbientMode`: the pod is redirected to ztunnel (`ambient.istio.io/redirection: enabled`). */
export function podInAmbientMode(w: Workload): boolean {
  const pod = w.object.kind === 'Pod' ? w.object : w.object.spec?.template;
  return pod?.metadata?.annotations?.['ambient.istio.io/redirection'] === 'enabled';
}

/**
 * istioctl's `NamespaceInAmbientMode`: the Namespace in the files has `istio.io/dataplane-mode: ambient` and
 * neither `istio-injection: enabled` nor a non-empty `istio.io/rev`.
 */
export function namespaceInAmbientMode(index: ManifestIndex, namespace: string): boolean {
  const labels = index.get('', 'Namespace', '', namespace)?.metadata?.labels ?? {};
  if (labels['istio-injection'] === 'enabled' || (labels['istio.io/rev'] ?? '') !== '') return false;
  return labels['istio.io/dataplane-mode'] === 'ambient';
}
