/**
 * Lookups the MESH1xx rules share: label-indexed selectors, Services behind mesh hosts, replicas behind a
 * Service, Linkerd ServiceProfiles by name, Gateway API parent Services. Each index is built once per
 * `ManifestIndex` (memoized) so every rule stays O(objects).
 */
import { Manifest, ManifestIndex, Workload, selects } from './manifest-index';

/** Core-group kinds a Gateway API `parentRef` may name with `group: ''` (or `core`, or no group). */
const CORE_GROUPS = new Set(['', 'core']);

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
    const ref = parseServiceFqdn(this.index.fqdn(host, namespace), this.index.clusterDomain);
    return ref && this.index.get('', 'Service', ref.namespace, ref.name);
  }

  /** The workloads a Service selects (none for a Service without a selector). */
  public workloadsOfService(service: Manifest, extraLabels: Record<string, string> = {}): Workload[] {
    const selector = service.spec?.selector;
    if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) return [];
    return this.workloads.selectedBy(this.index.namespaceOf(service), { ...selector, ...extraLabels });
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

  /** The FQDN Linkerd uses for a Service: `<svc>.<ns>.svc.<clusterDomain>`. */
  public serviceFqdn(name: string, namespace: string): string {
    return `${name}.${namespace}.svc.${this.index.clusterDomain}`;
  }
}

const CACHE = new WeakMap<ManifestIndex, MeshLookups>();

/** A Service named by `<svc>.<ns>.svc.<clusterDomain>`, or undefined if `fqdn` is not of that form. */
export function parseServiceFqdn(fqdn: string, clusterDomain: string): { name: string; namespace: string } | undefined {
  const suffix = `.svc.${clusterDomain}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { name: parts[0], namespace: parts[1] };
}

/** A Gateway API route's parent Service (GAMMA), as named by one of its `parentRefs`. */
export interface ParentService {
  /** Index in `spec.parentRefs`. */
  readonly refIndex: number;
  readonly name: string;
  readonly namespace: string;
  /** `parentRef.port`, when the route attaches to one port only. */
  readonly port?: number;
}

/** The Services a Gateway API route (HTTPRoute, GRPCRoute) attaches to (`parentRefs` with kind Service). */
export function parentServices(route: Manifest, index: ManifestIndex): ParentService[] {
  const refs: any[] = Array.isArray(route.spec?.parentRefs) ? route.spec.parentRefs : [];
  const result: ParentService[] = [];
  refs.forEach((ref, refIndex) => {
    if (ref?.kind !== 'Service' || !CORE_GROUPS.has(ref.group ?? '') || typeof ref.name !== 'string') return;
    result.push({ refIndex, name: ref.name, namespace: ref.namespace ?? index.namespaceOf(route), port: typeof ref.port === 'number' ? ref.port : undefined });
  });
  return result;
}

/** Gateway API route kinds as Istio and Linkerd read them: `gateway.networking.k8s.io` and Linkerd's `policy.linkerd.io`. */
export function httpRoutes(index: ManifestIndex): Manifest[] {
  return [...index.ofKind('gateway.networking.k8s.io', 'HTTPRoute'), ...index.ofKind('policy.linkerd.io', 'HTTPRoute')];
}

/** `route "name"` or `route spec.http[i]`, for messages about VirtualService HTTP routes. */
export function describeHttpRoute(route: any, i: number): string {
  return typeof route?.name === 'string' && route.name ? `route "${route.name}" (spec.http[${i}])` : `route spec.http[${i}]`;
}

/** `<kind>/<namespace>/<name>`, for naming another object in a message. */
export function objectRef(m: Manifest, index: ManifestIndex): string {
  return `${m.kind} ${index.namespaceOf(m)}/${m.metadata?.name ?? ''}`;
}

/** Formats milliseconds the way Istio durations read (`250ms`, `5s`, `1.5s`, `2m`). */
export function formatMs(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${+(ms / 1000).toFixed(3)}s`;
  return `${+ms.toFixed(3)}ms`;
}

function pairKey(namespace: string, key: string, value: string): string {
  return `${namespace}|${key}=${value}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
