import { ManifestIndexOptions } from './index-options';
import { ResolvedMeshConfig, resolveMeshConfig } from './mesh-config-resolved';
import { ServiceName, parseServiceFqdn, serviceFqdn } from '../core/names';

/** A manifest as the rules see it: any Kubernetes object. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec?: any;
  readonly [key: string]: any;
}

/** Kinds whose pod template carries workload labels. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod']);

/**
 * Namespaces whose objects the analysis does not read, as `istioctl analyze` drops them when it reads files
 * (`inject.IgnoredNamespaces`): Kubernetes' own and kind's storage namespace, which no mesh injects.
 */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** A workload (Deployment, StatefulSet, ...) with the labels of its pods. */
export interface Workload {
  readonly object: Manifest;
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Record<string, string>;
  readonly serviceAccount: string;
  /** `spec.replicas` when stated (Deployment and StatefulSet default to 1). */
  readonly replicas?: number;
}

/**
 * The manifests (but those in `IGNORED_NAMESPACES`), indexed once by API group and kind, by namespace and name, with the lookups the rules
 * share (host names, selectors, workloads). Building it is O(objects); every lookup is O(1) or O(result).
 */
export class ManifestIndex {
  public readonly all: Manifest[];
  public readonly defaultNamespace: string;
  public readonly clusterDomain: string;
  public readonly istioRootNamespace: string;
  /** The Istio mesh config, defaults filled in (`ManifestIndexOptions.meshConfig`). */
  public readonly mesh: ResolvedMeshConfig;
  /** Whether the manifests are the whole cluster (`ManifestIndexOptions.wholeCluster`). */
  public readonly wholeCluster: boolean;
  private readonly byGroupKind = new Map<string, Manifest[]>();
  private readonly byKey = new Map<string, Manifest>();
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  private namespacesMentioned?: Set<string>;
  private readonly memo = new Map<(index: ManifestIndex) => unknown, unknown>();

  constructor(manifests: any[], options: ManifestIndexOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this.clusterDomain = options.clusterDomain ?? 'cluster.local';
    this.mesh = resolveMeshConfig(options.meshConfig, options.istioRootNamespace);
    this.istioRootNamespace = this.mesh.rootNamespace;
    this.wholeCluster = options.wholeCluster ?? false;
    this.all = manifests.filter(m => m && typeof m === 'object' && typeof m.kind === 'string' && typeof m.apiVersion === 'string')
      .filter(m => !IGNORED_NAMESPACES.has(m.kind === 'Namespace' ? m.metadata?.name ?? '' : this.namespaceOf(m)));
    for (const m of this.all) {
      const gk = groupKind(m);
      let list = this.byGroupKind.get(gk);
      if (!list) this.byGroupKind.set(gk, list = []);
      list.push(m);
      this.byKey.set(`${gk}/${m.kind === 'Namespace' ? '' : this.namespaceOf(m)}/${m.metadata?.name ?? ''}`, m);
      if (WORKLOAD_KINDS.has(m.kind)) this.addWorkload(m);
    }
  }

  /**
   * Data derived from the manifests that several rules read (a host index, resolved destinations), computed
   * by `compute` on first use and shared afterwards. `compute` is the key: pass a module-level function, never
   * a closure made per call.
   */
  public derived<T>(compute: (index: ManifestIndex) => T): T {
    if (this.memo.has(compute)) return this.memo.get(compute) as T;
    const value = compute(this);
    this.memo.set(compute, value);
    return value;
  }

  /** Objects of one API group and kind (`ofKind('networking.istio.io', 'VirtualService')`; core group is ''). */
  public ofKind(group: string, kind: string): Manifest[] {
    return this.byGroupKind.get(`${group}/${kind}`) ?? [];
  }

  /** True if the manifests contain any object of the group and kind. */
  public has(group: string, kind: string): boolean {
    return this.ofKind(group, kind).length > 0;
  }

  /** One object by group, kind, namespace and name (namespace '' for a Namespace). */
  public get(group: string, kind: string, namespace: string, name: string): Manifest | undefined {
    return this.byKey.get(`${group}/${kind}/${namespace}/${name}`);
  }

  /** The object's namespace, or the default namespace when it states none. */
  public namespaceOf(m: Manifest): string {
    return m.metadata?.namespace ?? this.defaultNamespace;
  }

  /**
   * An Istio host as Istio resolves it in a config of `namespace`: a short name (no dot) becomes
   * `<name>.<namespace>.svc.<clusterDomain>`; anything else is taken as written.
   */
  public fqdn(host: string, namespace: string): string {
    return host.includes('.') || host.includes('*') ? host : this.serviceFqdn(host, namespace);
  }

  /** The FQDN of a Service in this cluster: `<name>.<namespace>.svc.<clusterDomain>`. */
  public serviceFqdn(name: string, namespace: string): string {
    return serviceFqdn(name, namespace, this.clusterDomain);
  }

  /** The Service a FQDN of this cluster names (`<svc>.<ns>.svc.<clusterDomain>`), or undefined for any other host. */
  public serviceOfFqdn(fqdn: string): ServiceName | undefined {
    return parseServiceFqdn(fqdn, this.clusterDomain);
  }

  /** `<namespace>/<name>` of an object, as messages and istioctl name it. */
  public ref(m: Manifest): string {
    return `${this.namespaceOf(m)}/${m.metadata?.name ?? ''}`;
  }

  /** `<kind> <namespace>/<name>`, for naming another object in a message. */
  public kindRef(m: Manifest): string {
    return `${m.kind} ${this.ref(m)}`;
  }

  /** The namespaces the manifests mention: Namespace objects and the namespaces objects live in (computed once). */
  public mentionedNamespaces(): ReadonlySet<string> {
    if (!this.namespacesMentioned) {
      this.namespacesMentioned = new Set(this.all.map(m => m.kind === 'Namespace' ? m.metadata?.name ?? '' : this.namespaceOf(m)));
    }
    return this.namespacesMentioned;
  }

  /** Workloads of a namespace. */
  public workloads(namespace: string): Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /** Every workload, in manifest order. */
  public allWorkloads(): Workload[] {
    return [...this.workloadsByNamespace.values()].flat();
  }

  /** Workloads of `namespace` whose pod labels include every `matchLabels` entry (all of them if empty). */
  public workloadsSelectedBy(namespace: string, matchLabels: Record<string, string> | undefined): Workload[] {
    return this.workloads(namespace).filter(w => selects(matchLabels, w.podLabels));
  }

  /** The labels of a Namespace object, if the manifests contain it. */
  public namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.get('', 'Namespace', '', namespace)?.metadata?.labels;
  }

  private addWorkload(m: Manifest) {
    const namespace = this.namespaceOf(m);
    const pod = m.kind === 'Pod' ? m : m.spec?.template;
    const list = this.workloadsByNamespace.get(namespace) ?? [];
    list.push({
      object: m,
      namespace,
      name: m.metadata?.name ?? '',
      podLabels: pod?.metadata?.labels ?? {},
      serviceAccount: pod?.spec?.serviceAccountName ?? pod?.spec?.serviceAccount ?? 'default',
      replicas: typeof m.spec?.replicas === 'number' ? m.spec.replicas : (m.kind === 'Deployment' || m.kind === 'StatefulSet' ? 1 : undefined),
    });
    this.workloadsByNamespace.set(namespace, list);
  }
}

/** The API group of an object (`networking.istio.io`; '' for the core group). */
export function groupOf(m: Manifest): string {
  const slash = m.apiVersion.indexOf('/');
  return slash < 0 ? '' : m.apiVersion.slice(0, slash);
}

function groupKind(m: Manifest): string {
  return `${groupOf(m)}/${m.kind}`;
}

/** `metadata.creationTimestamp`, or '' (manifests usually have none: then name order decides). */
export function createdAt(m: Manifest): string {
  return String((m.metadata as any)?.creationTimestamp ?? '');
}

/** `labels` when it is a map with at least one entry (a selector that selects by something), else undefined. */
export function nonEmptyLabels(labels: unknown): Record<string, string> | undefined {
  return labels && typeof labels === 'object' && Object.keys(labels).length > 0 ? labels as Record<string, string> : undefined;
}

/** Label-selector semantics of `matchLabels`: every entry must be present with the same value. */
export function selects(matchLabels: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!matchLabels) return true;
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}
