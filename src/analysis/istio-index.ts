/**
 * Istio lookups shared by the istioctl rules: host matching, `exportTo` visibility, gateway names and
 * DestinationRule resolution, as istiod and `istioctl analyze` do them (Istio 1.30). Each rule builds
 * the maps it needs once per check; every lookup is O(labels of a host name).
 */
import { Manifest, ManifestIndex } from './manifest-index';

/** The API group of Istio's networking kinds. */
export const ISTIO_NETWORKING = 'networking.istio.io';

/** The reserved gateway name that stands for every sidecar in the mesh. */
export const MESH_GATEWAY = 'mesh';

/** `namespace/name` of an object, as istioctl prints it. */
export function fullName(index: ManifestIndex, m: Manifest): string {
  return `${index.namespaceOf(m)}/${m.metadata?.name ?? ''}`;
}

/** The entries of a field that should be a list; anything else reads as empty. */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Whether two Istio host names overlap (`host.Name.Matches` in istio/istio `pkg/config/host`): equal, or
 * one is a wildcard (`*.example.com`, `*`) that covers the other.
 */
export function hostsOverlap(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild && bWild) {
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  }
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/**
 * The names that cover `host`, most specific first: the host itself, then every wildcard above it
 * (`a.b.com` → `a.b.com`, `*.b.com`, `*.com`, `*`; `*.b.com` → `*.b.com`, `*.com`, `*`). Two hosts
 * overlap exactly when one is among the other's coverers, so a map keyed by host name answers
 * "which hosts overlap this one" in O(labels).
 */
export function hostCoverers(host: string): string[] {
  const out = [host];
  let rest = host.startsWith('*.') ? host.slice(2) : host;
  if (host === '*') return out;
  for (;;) {
    const dot = rest.indexOf('.');
    if (dot < 0) break;
    rest = rest.slice(dot + 1);
    out.push(`*.${rest}`);
  }
  out.push('*');
  return out;
}

/** Whether `exportTo` makes a config visible in every namespace (absent, empty, or containing `*`). */
export function exportedToAll(exportTo: unknown): boolean {
  const entries = list(exportTo);
  return entries.length === 0 || entries.includes('*');
}

/**
 * Whether a config in `ownNamespace` with `exportTo` is visible to configs and proxies in `namespace`
 * (`.` is the config's own namespace, `*` every namespace, `~` none; absent means every namespace).
 */
export function exportedTo(exportTo: unknown, ownNamespace: string, namespace: string): boolean {
  if (exportedToAll(exportTo)) return true;
  return list(exportTo).some(e => e === namespace || (e === '.' && ownNamespace === namespace));
}

/**
 * The namespace and name of a VirtualService `gateways` entry, resolved as istiod does
 * (`resolveGatewayName`): `ns/name`, `./name`, a short name (the VirtualService's namespace), or the
 * legacy `name.ns[.svc.cluster.local]` form.
 */
export function resolveGatewayName(entry: string, vsNamespace: string): { namespace: string; name: string } {
  const slash = entry.indexOf('/');
  if (slash >= 0) {
    const ns = entry.slice(0, slash);
    return { namespace: ns === '.' ? vsNamespace : ns, name: entry.slice(slash + 1) };
  }
  const dot = entry.indexOf('.');
  if (dot < 0) return { namespace: vsNamespace, name: entry };
  const rest = entry.slice(dot + 1);
  const next = rest.indexOf('.');
  return { namespace: next < 0 ? rest : rest.slice(0, next), name: entry.slice(0, dot) };
}

/**
 * The namespace of a cluster-local service host (`name.ns.svc.<clusterDomain>`), or undefined for any
 * other host.
 */
export function serviceNamespaceOf(fqdn: string, clusterDomain: string): string | undefined {
  const suffix = `.svc.${clusterDomain}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  return labels.length === 2 && labels[0] && labels[1] ? labels[1] : undefined;
}

/** A label selector as Kubernetes prints it (`labels.SelectorFromSet(...).String()`): sorted `k=v`, comma-joined. */
export function selectorString(matchLabels: unknown): string {
  if (!matchLabels || typeof matchLabels !== 'object') return '';
  return Object.keys(matchLabels).sort().map(k => `${k}=${(matchLabels as any)[k]}`).join(',');
}

/** The DestinationRules that decide the subsets of one host for clients in one namespace. */
export interface ResolvedDestinationRules {
  /** The namespace the rules were taken from. */
  readonly namespace: string;
  /** The rules (several rules for one host in one namespace are merged by istiod). */
  readonly rules: Manifest[];
  /** The subset names they define. */
  readonly subsets: Set<string>;
  /** The DestinationRule host that matched (the host itself or a wildcard covering it). */
  readonly host: string;
}

/**
 * DestinationRules by namespace and host, resolved for a client namespace the way istiod picks a
 * DestinationRule (`PushContext.destinationRule`): rules in the client's own namespace first, then
 * rules exported by the service's namespace, then rules exported by the root namespace; within a
 * namespace the most specific host wins (exact, then the narrowest wildcard).
 */
export class DestinationRuleIndex {
  private readonly byNamespace = new Map<string, Map<string, Manifest[]>>();
  /** Namespaces of ServiceEntries by host, to find the "service namespace" of a non-cluster host. */
  private readonly serviceEntryNamespaces = new Map<string, Set<string>>();

  constructor(private readonly index: ManifestIndex) {
    for (const dr of index.ofKind(ISTIO_NETWORKING, 'DestinationRule')) {
      if (typeof dr.spec?.host !== 'string') continue;
      const ns = index.namespaceOf(dr);
      const host = index.fqdn(dr.spec.host, ns);
      let hosts = this.byNamespace.get(ns);
      if (!hosts) this.byNamespace.set(ns, hosts = new Map());
      const rules = hosts.get(host) ?? [];
      rules.push(dr);
      hosts.set(host, rules);
    }
    for (const se of index.ofKind(ISTIO_NETWORKING, 'ServiceEntry')) {
      const ns = index.namespaceOf(se);
      for (const h of list(se.spec?.hosts)) {
        if (typeof h !== 'string') continue;
        const host = index.fqdn(h, ns);
        const set = this.serviceEntryNamespaces.get(host) ?? new Set<string>();
        set.add(ns);
        this.serviceEntryNamespaces.set(host, set);
      }
    }
  }

  /**
   * The DestinationRules istiod applies to `host` (a FQDN) for clients in `clientNamespace`, or
   * undefined when none is visible. When the host's own namespace is unknown (an external host with no
   * ServiceEntry among the manifests), rules exported from any namespace are accepted, so the answer
   * errs towards "found".
   */
  public resolve(host: string, clientNamespace: string): ResolvedDestinationRules | undefined {
    const local = this.inNamespace(clientNamespace, host, clientNamespace, true);
    if (local) return local;
    const serviceNamespaces = this.serviceNamespaces(host);
    for (const ns of serviceNamespaces ?? []) {
      const found = ns === clientNamespace ? undefined : this.inNamespace(ns, host, clientNamespace, false);
      if (found) return found;
    }
    const root = this.index.istioRootNamespace;
    const fromRoot = root === clientNamespace ? undefined : this.inNamespace(root, host, clientNamespace, false);
    if (fromRoot || serviceNamespaces) return fromRoot;
    for (const ns of this.byNamespace.keys()) {
      if (ns === clientNamespace || ns === root) continue;
      const found = this.inNamespace(ns, host, clientNamespace, false);
      if (found) return found;
    }
    return undefined;
  }

  private serviceNamespaces(host: string): string[] | undefined {
    const clusterNs = serviceNamespaceOf(host, this.index.clusterDomain);
    if (clusterNs) return [clusterNs];
    const se = this.serviceEntryNamespaces.get(host);
    return se ? [...se].sort() : undefined;
  }

  private inNamespace(ns: string, host: string, clientNamespace: string, local: boolean): ResolvedDestinationRules | undefined {
    const hosts = this.byNamespace.get(ns);
    if (!hosts) return undefined;
    for (const candidate of hostCoverers(host)) {
      const rules = (hosts.get(candidate) ?? []).filter(dr => local || exportedTo(dr.spec?.exportTo, ns, clientNamespace));
      if (rules.length === 0) continue;
      const subsets = new Set<string>();
      for (const dr of rules) {
        for (const s of list(dr.spec?.subsets)) if (typeof s?.name === 'string') subsets.add(s.name);
      }
      return { namespace: ns, rules, subsets, host: candidate };
    }
    return undefined;
  }
}

/** A client TLS setting of a DestinationRule that does not verify the server's certificate. */
export interface UnverifiedTls {
  /** `SIMPLE` or `MUTUAL`. */
  readonly mode: string;
  /** Why credentialName or insecureSkipVerify do not change the verdict, for the message; '' if neither is set. */
  readonly note: string;
}

/**
 * Whether a `ClientTLSSettings` originates TLS without verifying the server (istioctl's
 * `CaCertificateAnalyzer`): mode SIMPLE or MUTUAL with no `caCertificates`, unless `credentialName` is set on
 * a DestinationRule with a `workloadSelector` (the CA then comes from the secret).
 */
export function unverifiedTls(tls: any, hasWorkloadSelector: boolean): UnverifiedTls | undefined {
  const mode = tls?.mode;
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return undefined;
  if (typeof tls.caCertificates === 'string' && tls.caCertificates !== '') return undefined;
  const credential = typeof tls.credentialName === 'string' && tls.credentialName !== '';
  if (credential && hasWorkloadSelector) return undefined;
  const notes: string[] = [];
  if (credential) notes.push(`credentialName ${tls.credentialName} supplies a CA only on a DestinationRule with a workloadSelector`);
  if (tls.insecureSkipVerify === true) notes.push('insecureSkipVerify: true switches verification off explicitly');
  return { mode, note: notes.length ? ` (${notes.join('; ')})` : '' };
}

/**
 * Values keyed by Istio host name, answering "which values have a host overlapping this one"
 * (`hostsOverlap`) in O(labels) instead of a scan.
 */
export class HostMap<T> {
  private readonly exact = new Map<string, T[]>();
  /** For each wildcard, the values of the hosts it strictly covers. */
  private readonly under = new Map<string, T[]>();

  /** Adds `value` under `host`. */
  public add(host: string, value: T): void {
    push(this.exact, host, value);
    for (const c of hostCoverers(host).slice(1)) push(this.under, c, value);
  }

  /** The values whose host overlaps `host` (equal, covering it, or covered by it); may repeat a value. */
  public overlapping(host: string): T[] {
    const out: T[] = [];
    for (const c of hostCoverers(host)) out.push(...(this.exact.get(c) ?? []));
    out.push(...(this.under.get(host) ?? []));
    return out;
  }

  /** Whether any host overlaps `host`. */
  public overlaps(host: string): boolean {
    return hostCoverers(host).some(c => this.exact.has(c)) || this.under.has(host);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

/**
 * A Gateway server host split into the namespace whose VirtualServices may bind to it (`*` for any)
 * and the DNS name, as istiod reads `hosts` (`ns/host`, `./host`, `*` + `/host`; no namespace means any).
 */
export function gatewayHost(entry: string, gatewayNamespace: string): { namespace: string; host: string } {
  const slash = entry.indexOf('/');
  if (slash < 0) return { namespace: '*', host: entry };
  const ns = entry.slice(0, slash);
  return { namespace: ns === '.' ? gatewayNamespace : ns, host: entry.slice(slash + 1) };
}
