/**
 * Lookups the MESH1xx rules share: label-indexed selectors, Services behind mesh hosts, replicas behind a
 * Service, Linkerd ServiceProfiles by name. Each index is built once per `ManifestIndex` (memoized) so every
 * rule stays O(objects).
 */
import { Manifest, ManifestIndex, Workload, nonEmptyLabels, selects } from './manifest-index';
import { push } from './util';
import { merge } from '../private/merge';

/**
 * Items with a namespace and labels, indexed by `namespace|key=value`, so the items a label selector can
 * match are found without scanning the namespace.
 */
export class LabelIndex<T> {
  private readonly byPair = new Map<string, T[]>();
  private readonly byNamespace = new Map<string, T[]>();

  constructor(items: Iterable<T>, namespaceOf: (item: T) => string, private readonly labelsOf: (item: T) => Record<string, string>) {
    for (const item of items) {
      const ns = namespaceOf(item);
      push(this.byNamespace, ns, item);
      for (const [k, v] of Object.entries(labelsOf(item))) push(this.byPair, pairKey(ns, k, v), item);
    }
  }

  /** The items of `namespace` whose labels include every `matchLabels` entry (all of them if empty). */
  public selectedBy(namespace: string, matchLabels: Record<string, string> | undefined): T[] {
    const entries = Object.entries(matchLabels ?? {});
    if (entries.length === 0) return this.byNamespace.get(namespace) ?? [];
    let smallest: T[] | undefined;
    for (const [k, v] of entries) {
      const list = this.byPair.get(pairKey(namespace, k, v)) ?? [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    return (smallest ?? []).filter(item => selects(matchLabels, this.labelsOf(item)));
  }
}

/**
 * Items that carry a label selector (policies), indexed by their namespace and the first entry of the
 * selector, so the items whose selector matches given labels are found without scanning.
 */
export class SelectorIndex<T> {
  private readonly unselective = new Map<string, T[]>();
  private readonly byFirstPair = new Map<string, T[]>();

  constructor(items: Iterable<T>, namespaceOf: (item: T) => string, private readonly selectorOf: (item: T) => Record<string, string> | undefined) {
    for (const item of items) {
      const ns = namespaceOf(item);
      const first = Object.entries(selectorOf(item) ?? {})[0];
      if (first) push(this.byFirstPair, pairKey(ns, first[0], first[1]), item);
      else push(this.unselective, ns, item);
    }
  }

  /** Items of `namespace` with no selector (they apply to the whole namespace). */
  public namespaceWide(namespace: string): T[] {
    return this.unselective.get(namespace) ?? [];
  }

  /** Items of `namespace` whose selector matches `labels`, including namespace-wide ones. */
  public matching(namespace: string, labels: Record<string, string>): T[] {
    const result = [...this.namespaceWide(namespace)];
    for (const [k, v] of Object.entries(labels)) {
      for (const item of this.byFirstPair.get(pairKey(namespace, k, v)) ?? []) {
        if (selects(this.selectorOf(item), labels)) result.push(item);
      }
    }
    return result;
  }
}

/** The shared lookups of the MESH1xx rules for one `ManifestIndex`. */
export class MeshLookups {
  /** Built once per index and shared by every rule that asks. */
  public static of(index: ManifestIndex): MeshLookups {
    let lookups = CACHE.get(index);
    if (!lookups) CACHE.set(index, lookups = new MeshLookups(index));
    return lookups;
  }

  /** Workloads indexed by pod labels. */
  public readonly workloads: LabelIndex<Workload>;
  private readonly hpaMinReplicas = new Map<string, number>();
  private readonly profilesByName = new Map<string, Manifest[]>();

  private constructor(private readonly index: ManifestIndex) {
    this.workloads = new LabelIndex(index.allWorkloads(), w => w.namespace, w => w.podLabels);
    for (const hpa of index.ofKind('autoscaling', 'HorizontalPodAutoscaler')) {
      const target = hpa.spec?.scaleTargetRef;
      if (!target?.kind || !target?.name) continue;
      const min = typeof hpa.spec?.minReplicas === 'number' ? hpa.spec.minReplicas : 1;
      this.hpaMinReplicas.set(`${index.namespaceOf(hpa)}/${target.kind}/${target.name}`, min);
    }
    for (const sp of index.ofKind('linkerd.io', 'ServiceProfile')) push(this.profilesByName, sp.metadata?.name ?? '', sp);
  }

  /**
   * The Service an Istio host names, if the manifests contain it: a short name is resolved in `namespace`;
   * `<svc>.<ns>.svc.<clusterDomain>` names a Service; anything else (external hosts, wildcards) is none.
   */
  public serviceOfIstioHost(host: string, namespace: string): Manifest | undefined {
    const ref = this.index.serviceOfFqdn(this.index.fqdn(host, namespace));
    return ref && this.index.get('', 'Service', ref.namespace, ref.name);
  }

  /** The workloads a Service selects (none for a Service without a selector). */
  public workloadsOfService(service: Manifest, extraLabels: Record<string, string> = {}): Workload[] {
    const selector = nonEmptyLabels(service.spec?.selector);
    if (!selector) return [];
    return this.workloads.selectedBy(this.index.namespaceOf(service), merge(selector, extraLabels));
  }

  /**
   * The fewest pods `workloads` can run: `spec.replicas` (or an HPA's `minReplicas` when one scales the
   * workload), a Pod counts 1; undefined when any workload's count is unknown (DaemonSet, Job).
   */
  public minPods(workloads: Workload[]): number | undefined {
    let total = 0;
    for (const w of workloads) {
      const hpa = this.hpaMinReplicas.get(`${w.namespace}/${w.object.kind}/${w.name}`);
      const count = hpa ?? (w.object.kind === 'Pod' ? 1 : w.replicas);
      if (count === undefined) return undefined;
      total += count;
    }
    return total;
  }

  /** The Linkerd ServiceProfiles with `metadata.name` equal to `name`, in any namespace. */
  public serviceProfilesNamed(name: string): Manifest[] {
    return this.profilesByName.get(name) ?? [];
  }
}

const CACHE = new WeakMap<ManifestIndex, MeshLookups>();

/** `route "name"` or `route spec.http[i]`, for messages about VirtualService HTTP routes. */
export function describeHttpRoute(route: any, i: number): string {
  return typeof route?.name === 'string' && route.name ? `route "${route.name}" (spec.http[${i}])` : `route spec.http[${i}]`;
}

function pairKey(namespace: string, key: string, value: string): string {
  return `${namespace}|${key}=${value}`;
}
