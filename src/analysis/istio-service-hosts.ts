/**
 * The hosts VirtualService destinations may name, as istioctl's `DestinationHostAnalyzer` finds them
 * (`InitServiceEntryHostMap` and `GetDestinationHost` in istio/istio `pkg/config/analysis/analyzers/util/service_lookup.go`):
 * ServiceEntry hosts, scoped by the entry's `exportTo`, and Kubernetes Services, scoped by their
 * `networking.istio.io/exportTo` annotation. Built once, O(objects); a lookup is O(labels of the host).
 */
import { ISTIO_NETWORKING, hostCoverers } from './istio-semantics';
import { Manifest, ManifestIndex } from './manifest-index';
import { list } from './util';

/** The scope of an entry visible in every namespace. */
const ALL = '*';

/** A host a destination may name: a ServiceEntry's, or a Kubernetes Service's FQDN. */
export interface ServiceHost {
  /** The ServiceEntry or Service that defines it. */
  readonly object: Manifest;
  /** Port numbers (ServiceEntry `spec.ports[].number`, Service `spec.ports[].port`). */
  readonly ports: number[];
  /** A ServiceEntry's `workloadSelector.labels` (none for a Service, as istioctl converts it). */
  readonly workloadLabels?: Record<string, string>;
}

/** The index's `ServiceHostIndex`, built once and shared by the rules that resolve hosts. */
export function serviceHosts(index: ManifestIndex): ServiceHostIndex {
  return index.derived(buildServiceHosts);
}

function buildServiceHosts(index: ManifestIndex): ServiceHostIndex {
  return new ServiceHostIndex(index);
}

/** ServiceEntry and Service hosts by `<scope>/<fqdn>`, scope being a namespace or `*`. */
export class ServiceHostIndex {
  private readonly byScopedHost = new Map<string, ServiceHost>();
  /** Whether any host is a wildcard: if none is, no wildcard lookup can succeed. */
  private hasWildcard = false;
  /** Resolutions by namespace and host, for destinations without `exportTo` (a VirtualService names a host many times). */
  private readonly resolved = new Map<string, ServiceHost | null>();

  constructor(private readonly index: ManifestIndex) {
    for (const se of index.ofKind(ISTIO_NETWORKING, 'ServiceEntry')) {
      const ns = index.namespaceOf(se);
      const workloadLabels = se.spec?.workloadSelector?.labels && typeof se.spec.workloadSelector.labels === 'object' ? se.spec.workloadSelector.labels : undefined;
      const entry: ServiceHost = { object: se, ports: list(se.spec?.ports).map(p => p?.number).filter((n): n is number => typeof n === 'number'), workloadLabels };
      const exportTo = list(se.spec?.exportTo).filter((e): e is string => typeof e === 'string');
      for (const h of list(se.spec?.hosts)) {
        if (typeof h !== 'string') continue;
        const fqdn = index.fqdn(h, ns);
        if (fqdn.startsWith('*')) this.hasWildcard = true;
        if (exportTo.length === 0 || exportTo.includes(ALL)) {
          this.byScopedHost.set(`${ALL}/${fqdn}`, entry);
          continue;
        }
        for (const e of exportTo) this.byScopedHost.set(`${e === '.' ? ns : e}/${fqdn}`, entry);
      }
    }
    for (const svc of index.ofKind('', 'Service')) {
      const ns = index.namespaceOf(svc);
      const entry: ServiceHost = { object: svc, ports: list(svc.spec?.ports).map(p => p?.port).filter((n): n is number => typeof n === 'number') };
      const fqdn = index.serviceFqdn(svc.metadata?.name ?? '', ns);
      const annotation = svc.metadata?.annotations?.['networking.istio.io/exportTo'];
      const scopes = typeof annotation === 'string' && annotation !== ''
        ? annotation.split(',').map(s => s.trim()).map(s => s === '.' ? ns : s)
        : [ALL];
      for (const scope of scopes) this.byScopedHost.set(`${scope}/${fqdn}`, entry);
    }
  }

  /**
   * The ServiceEntry or Service a destination `host` of a VirtualService in `namespace` (with the
   * VirtualService's `exportTo`) resolves to, or undefined: first an exact host visible everywhere, then one
   * scoped to the namespace (or to the VirtualService's `exportTo` namespaces), then the most specific
   * wildcard host visible everywhere or in the namespace.
   */
  public resolve(host: string, namespace: string, vsExportTo: unknown): ServiceHost | undefined {
    if (vsExportTo !== undefined) return this.lookup(host, namespace, vsExportTo);
    const key = `${namespace}/${host}`;
    let found = this.resolved.get(key);
    if (found === undefined) this.resolved.set(key, found = this.lookup(host, namespace, undefined) ?? null);
    return found ?? undefined;
  }

  private lookup(host: string, namespace: string, vsExportTo: unknown): ServiceHost | undefined {
    const fqdn = this.index.fqdn(host, namespace);
    const exact = this.byScopedHost.get(`${ALL}/${fqdn}`);
    if (exact) return exact;
    const exportTo = list(vsExportTo).filter((e): e is string => typeof e === 'string');
    for (const scope of exportTo.length === 0 ? [namespace] : exportTo.map(e => e === '.' ? namespace : e)) {
      const scoped = this.byScopedHost.get(`${scope}/${fqdn}`);
      if (scoped) return scoped;
    }
    if (!this.hasWildcard) return undefined;
    for (const c of hostCoverers(fqdn)) {
      if (!c.startsWith('*')) continue;
      const wild = this.byScopedHost.get(`${ALL}/${c}`) ?? this.byScopedHost.get(`${namespace}/${c}`);
      if (wild) return wild;
    }
    return undefined;
  }
}
