/**
 * Istio lookups shared by the istioctl rules: hosts by name, DestinationRule resolution and DestinationRule
 * TLS settings, as istiod and `istioctl analyze` do them (Istio 1.30); the semantics they rest on are in
 * `istio-semantics.ts`. Each rule builds the maps it needs once per check; every lookup is O(labels of a host
 * name).
 */
import { ISTIO_NETWORKING, exportedTo, hostCoverers } from './istio-semantics';
import { Manifest, ManifestIndex } from './manifest-index';
import { list, push } from './util';

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
  /** Resolutions by client namespace and host (many destinations name the same host). */
  private readonly resolved = new Map<string, ResolvedDestinationRules | null>();

  constructor(private readonly index: ManifestIndex) {
    for (const dr of index.ofKind(ISTIO_NETWORKING, 'DestinationRule')) {
      if (typeof dr.spec?.host !== 'string') continue;
      const ns = index.namespaceOf(dr);
      const host = index.fqdn(dr.spec.host, ns);
      let hosts = this.byNamespace.get(ns);
      if (!hosts) this.byNamespace.set(ns, hosts = new Map());
      push(hosts, host, dr);
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
    const key = `${clientNamespace}/${host}`;
    let found = this.resolved.get(key);
    if (found === undefined) this.resolved.set(key, found = this.lookup(host, clientNamespace) ?? null);
    return found ?? undefined;
  }

  private lookup(host: string, clientNamespace: string): ResolvedDestinationRules | undefined {
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
    const service = this.index.serviceOfFqdn(host);
    if (service) return [service.namespace];
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

/** A traffic policy of a DestinationRule: the top-level one or a subset's. */
export interface ScopedTrafficPolicy {
  /** `spec.trafficPolicy` or `spec.subsets[i].trafficPolicy`. */
  readonly path: string;
  /** The policy, as written (undefined where absent). */
  readonly policy: any;
  /** For a subset's policy, the index of the subset in `spec.subsets`. */
  readonly subsetIndex?: number;
  /** For a subset's policy, the subset as written. */
  readonly subset?: any;
}

/** The traffic policies of a DestinationRule: `spec.trafficPolicy`, then each subset's, in order. */
export function trafficPolicies(dr: Manifest): ScopedTrafficPolicy[] {
  return [
    { path: 'spec.trafficPolicy', policy: dr.spec?.trafficPolicy },
    ...list(dr.spec?.subsets).map((subset, k) => ({ path: `spec.subsets[${k}].trafficPolicy`, policy: subset?.trafficPolicy, subsetIndex: k, subset })),
  ];
}

/** A TLS setting of a DestinationRule that does not verify the server, and where it is. */
export interface UnverifiedTlsSetting extends UnverifiedTls {
  /** Path of the `tls` field. */
  readonly path: string;
  /** ` (subset <name>)` for a subset's setting, '' for the top-level policy's, for messages. */
  readonly where: string;
  /** True for a `portLevelSettings` entry (IST0129), false for a policy's own `tls` (IST0128). */
  readonly portLevel: boolean;
  /** `port.number` of a port-level setting. */
  readonly port?: unknown;
}

/**
 * Every TLS setting of a DestinationRule (each traffic policy's `tls`, then its `portLevelSettings`) that
 * originates TLS without verifying the server (`unverifiedTls`), in the order istioctl reports them.
 */
export function unverifiedTlsSettings(dr: Manifest): UnverifiedTlsSetting[] {
  const selector = dr.spec?.workloadSelector != null;
  const out: UnverifiedTlsSetting[] = [];
  for (const { path, policy, subsetIndex, subset } of trafficPolicies(dr)) {
    const where = subsetIndex === undefined ? '' : ` (subset ${subset?.name})`;
    const own = unverifiedTls(policy?.tls, selector);
    if (own) out.push({ ...own, path: `${path}.tls`, where, portLevel: false });
    list(policy?.portLevelSettings).forEach((p, i) => {
      const bad = unverifiedTls(p?.tls, selector);
      if (bad) out.push({ ...bad, path: `${path}.portLevelSettings[${i}].tls`, where, portLevel: true, port: p?.port?.number });
    });
  }
  return out;
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
