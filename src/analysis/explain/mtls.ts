import { ManifestIndexOptions } from '../index-options';
import { trafficPolicies } from '../istio-index';
import { ISTIO_NETWORKING, ISTIO_SECURITY } from '../istio-semantics';
import { ManifestIndex, Manifest, Workload, createdAt, nonEmptyLabels, selects } from '../manifest-index';
import { compare, list, push } from '../util';
import { CLUSTER_DEFAULT_INBOUND_POLICY, DEFAULT_INBOUND_POLICY_ANNOTATION, defaultInboundPolicy, evaluateLinkerd, linkerdMeshed, usesLinkerd } from './linkerd-authz';

/** Istio's mode when no PeerAuthentication sets one. */
const DEFAULT_MTLS_MODE = 'PERMISSIVE';

/** The effective mode at one level, and which object set it. */
export interface MtlsModeSource {
  /** STRICT, PERMISSIVE or DISABLE. */
  readonly mode: string;
  /** `PeerAuthentication ns/name` (with the field for ports), or `default`. */
  readonly source: string;
}

/** A namespace's effective mode (its namespace-wide PeerAuthentication, else the mesh-wide one). */
export interface MtlsNamespaceStatus extends MtlsModeSource {
  /** The namespace. */
  readonly namespace: string;
}

/** A port's effective mode. */
export interface MtlsPortStatus extends MtlsModeSource {
  /** Workload (container) port. */
  readonly port: number;
}

/** A workload's effective mode, and per port where it differs or is declared. */
export interface MtlsWorkloadStatus extends MtlsModeSource {
  /** `namespace/name`. */
  readonly workload: string;
  /** Every container port and every `portLevelMtls` port. */
  readonly ports: MtlsPortStatus[];
}

/** A DestinationRule TLS setting that overrides Istio's automatic mTLS towards a workload port. */
export interface MtlsOverride {
  /** `namespace/name` of the DestinationRule. */
  readonly destinationRule: string;
  /** Field path of the `tls` setting. */
  readonly path: string;
  /** The `tls.mode` the clients use. */
  readonly clientMode: string;
  /** `namespace/name` of the workload behind the host. */
  readonly workload: string;
  /** The workload port. */
  readonly port: number;
  /** The server's effective mode on the port. */
  readonly serverMode: string;
  /** True when requests fail (plaintext or non-Istio TLS to STRICT, Istio mTLS to DISABLE). */
  readonly breaks: boolean;
  /** What happens. */
  readonly message: string;
}

/** The effective mTLS of the mesh, offline: the successor of `istioctl authn tls-check`. */
export interface MtlsReport {
  /** The mesh-wide mode (root-namespace PeerAuthentication without selector). */
  readonly mesh: MtlsModeSource;
  /** Per namespace. */
  readonly namespaces: MtlsNamespaceStatus[];
  /** Per workload, with ports. */
  readonly workloads: MtlsWorkloadStatus[];
  /** DestinationRule TLS settings towards workloads, with the ones that break first. */
  readonly overrides: MtlsOverride[];
  /** Ignored settings and conflicts. */
  readonly notes: string[];
}

/**
 * The effective mTLS mode per namespace, workload and port from PeerAuthentications (workload selector, then
 * namespace, then the root namespace; `UNSET` inherits; default PERMISSIVE), and the DestinationRule TLS
 * settings that override automatic mTLS, flagging the ones that break against STRICT.
 */
export class MtlsExplainer {
  /** Computes the report. */
  public static explain(manifests: any[], options: ManifestIndexOptions = {}): MtlsReport {
    const index = new ManifestIndex(manifests, options);
    const notes: string[] = [];
    const pas = index.ofKind(ISTIO_SECURITY, 'PeerAuthentication').slice().sort(byAge(index));
    const byNamespace = peerAuthenticationsByNamespace(index, pas);
    const root = index.istioRootNamespace;
    const meshPa = byNamespace.namespaceWide.get(root)?.[0];
    const mesh = meshPa && meshPa.spec?.mtls?.mode && meshPa.spec.mtls.mode !== 'UNSET'
      ? { mode: meshPa.spec.mtls.mode, source: index.kindRef(meshPa) }
      : { mode: DEFAULT_MTLS_MODE, source: `Istio default${meshPa ? `: ${index.kindRef(meshPa)} is UNSET` : `, no mesh-wide PeerAuthentication in ${root}`}` };
    const nsNames = new Set<string>([
      ...index.allWorkloads().map(w => w.namespace),
      ...pas.map(p => index.namespaceOf(p)),
      ...index.ofKind('', 'Namespace').map(n => n.metadata?.name ?? ''),
    ]);
    const linkerdOnly = usesLinkerd(index) && pas.length === 0 && !index.has(ISTIO_SECURITY, 'AuthorizationPolicy');
    const linkerdNamespace = (ns: string) => linkerdOnly
      || index.get('', 'Namespace', '', ns)?.metadata?.annotations?.['linkerd.io/inject'] === 'enabled';
    if (linkerdOnly) {
      notes.push(`Linkerd-only manifests: modes are Linkerd's inbound policy (STRICT: plaintext refused, PERMISSIVE: plaintext admitted); the cluster default ${CLUSTER_DEFAULT_INBOUND_POLICY} is assumed (an install may set proxy.defaultInboundPolicy)`);
    }
    const nsMode = new Map<string, MtlsModeSource>();
    for (const ns of [...nsNames].filter(n => n !== '').sort(compare)) {
      if (linkerdNamespace(ns)) {
        nsMode.set(ns, linkerdLevel(defaultInboundPolicy(index, ns)));
        continue;
      }
      const nsPas = byNamespace.namespaceWide.get(ns) ?? [];
      if (nsPas.length > 1) notes.push(`namespace ${ns} has ${nsPas.length} namespace-wide PeerAuthentications (${nsPas.map(p => p.metadata?.name).join(', ')}): Istio uses the oldest, ${nsPas[0].metadata?.name}`);
      for (const p of nsPas) {
        if (p.spec?.portLevelMtls) notes.push(`${index.kindRef(p)}: portLevelMtls without a selector is ignored`);
      }
      nsMode.set(ns, ns === root ? mesh : level(nsPas[0], mesh.mode, 'mesh-wide', index));
    }
    const workloads: MtlsWorkloadStatus[] = [];
    for (const w of [...index.allWorkloads()].sort((a, b) => compare(index.ref(a.object), index.ref(b.object)))) {
      workloads.push(linkerdOnly || linkerdMeshed(index, w)
        ? linkerdWorkloadStatus(index, w)
        : workloadStatus(index, w, byNamespace.withSelector.get(w.namespace) ?? [], nsMode.get(w.namespace) ?? mesh, notes));
    }
    const overrides = tlsOverrides(index, workloads);
    return {
      mesh: linkerdOnly ? { mode: linkerdMode(CLUSTER_DEFAULT_INBOUND_POLICY), source: `Linkerd cluster default inbound policy ${CLUSTER_DEFAULT_INBOUND_POLICY}: plaintext admitted` } : mesh,
      namespaces: [...nsMode.entries()].map(([namespace, m]) => ({ namespace, ...m })),
      workloads,
      overrides,
      notes,
    };
  }

  /** Renders the report as text. */
  public static format(r: MtlsReport): string {
    const lines = [`mesh-wide: ${r.mesh.mode} (${r.mesh.source})`];
    for (const n of r.namespaces) lines.push(`namespace ${n.namespace}: ${n.mode} (${n.source})`);
    for (const w of r.workloads) {
      lines.push(`workload ${w.workload}: ${w.mode} (${w.source})`);
      for (const p of w.ports) lines.push(`  port ${p.port}: ${p.mode} (${p.source})`);
    }
    lines.push('DestinationRule TLS overrides:');
    if (r.overrides.length === 0) lines.push('  none');
    for (const o of r.overrides) lines.push(`  ${o.breaks ? 'BREAKS' : 'note'}: ${o.message}`);
    for (const n of r.notes) lines.push(`note: ${n}`);
    return lines.join('\n') + '\n';
  }
}

/** The PeerAuthentications of each namespace, oldest first: namespace-wide ones, and ones with a selector. */
interface PeerAuthenticationsByNamespace {
  readonly namespaceWide: Map<string, Manifest[]>;
  readonly withSelector: Map<string, Manifest[]>;
}

/** Indexes PeerAuthentications (already sorted oldest first) by namespace, once. */
function peerAuthenticationsByNamespace(index: ManifestIndex, pas: Manifest[]): PeerAuthenticationsByNamespace {
  const out = { namespaceWide: new Map<string, Manifest[]>(), withSelector: new Map<string, Manifest[]>() };
  for (const p of pas) push(hasSelector(p) ? out.withSelector : out.namespaceWide, index.namespaceOf(p), p);
  return out;
}

/** A workload's mode from the PeerAuthentications with a selector in its namespace (oldest first), and its ports'. */
function workloadStatus(index: ManifestIndex, w: Workload, withSelector: Manifest[], parent: MtlsModeSource, notes: string[]): MtlsWorkloadStatus {
  const selecting = withSelector.filter(p => selects(p.spec.selector.matchLabels, w.podLabels));
  const workload = index.ref(w.object);
  if (selecting.length > 1) notes.push(`workload ${workload} is selected by ${selecting.map(p => p.metadata?.name).join(', ')}: Istio uses the oldest, ${selecting[0].metadata?.name}`);
  const pa = selecting[0];
  const own = level(pa, parent.mode, `namespace ${w.namespace}`, index);
  const portLevel: Record<string, any> = pa?.spec?.portLevelMtls ?? {};
  const ports = new Set<number>(containerPorts(w).map(p => p.containerPort));
  for (const k of Object.keys(portLevel)) if (/^\d+$/.test(k)) ports.add(Number(k));
  const portStatus = [...ports].sort((a, b) => a - b).map(port => {
    const mode = portLevel[String(port)]?.mode;
    if (mode && mode !== 'UNSET') return { port, mode, source: `${index.kindRef(pa!)} portLevelMtls[${port}]` };
    return { port, mode: own.mode, source: mode === 'UNSET' ? `${index.kindRef(pa!)} portLevelMtls[${port}] UNSET: inherits workload` : 'inherits workload' };
  });
  return { workload, mode: own.mode, source: own.source, ports: portStatus };
}

/** The mode equivalent to a Linkerd inbound policy: whether it admits a caller without mTLS. */
function linkerdMode(policy: string): string {
  return policy === 'all-unauthenticated' || policy === 'cluster-unauthenticated' || policy === 'audit' ? 'PERMISSIVE' : 'STRICT';
}

function linkerdLevel(p: { policy: string; source: string }): MtlsModeSource {
  const mode = linkerdMode(p.policy);
  const what = p.policy === 'deny' ? 'every caller refused' : mode === 'STRICT' ? 'plaintext refused' : 'plaintext admitted';
  return { mode, source: `Linkerd default inbound policy ${p.policy} (${p.source}${p.source === 'cluster default' ? '' : `, ${DEFAULT_INBOUND_POLICY_ANNOTATION}`}): ${what}` };
}

/**
 * A Linkerd workload: its default inbound policy, and per container port whether a plaintext caller is admitted
 * (the Server that selects the port, its AuthorizationPolicies and accessPolicy, else the default policy).
 */
function linkerdWorkloadStatus(index: ManifestIndex, w: Workload): MtlsWorkloadStatus {
  const own = linkerdLevel(defaultInboundPolicy(index, w.namespace, w));
  const ports = [...new Set<number>(containerPorts(w).map(p => p.containerPort))].sort((a, b) => a - b).map(port => {
    const r = evaluateLinkerd(index, {
      sourceNamespace: '',
      sourceServiceAccount: '',
      targetNamespace: w.namespace,
      labels: w.podLabels,
      workload: w,
      port,
      request: { method: 'GET', path: '/', headers: {} },
      meshed: false,
    });
    return { port, mode: r.decision === 'ALLOW' ? 'PERMISSIVE' : 'STRICT', source: `Linkerd ${r.decidedBy}: plaintext ${r.decision === 'ALLOW' ? 'admitted' : 'refused'}` };
  });
  return { workload: index.ref(w.object), mode: own.mode, source: own.source, ports };
}

/** A level's mode: its PeerAuthentication's `mtls.mode`, or the parent's when there is none or it is UNSET. */
function level(pa: Manifest | undefined, parentMode: string, parentName: string, index: ManifestIndex): MtlsModeSource {
  if (!pa) return { mode: parentMode, source: `inherits ${parentName}` };
  const mode = pa.spec?.mtls?.mode;
  if (!mode || mode === 'UNSET') return { mode: parentMode, source: `${index.kindRef(pa)} is UNSET: inherits ${parentName}` };
  return { mode, source: index.kindRef(pa) };
}

function tlsOverrides(index: ManifestIndex, workloads: MtlsWorkloadStatus[]): MtlsOverride[] {
  const out: MtlsOverride[] = [];
  const byWorkload = new Map(workloads.map(w => [w.workload, w]));
  const rules = new TlsRulesByHost(index);
  const pods = new WorkloadsByLabel(index);
  for (const svc of index.ofKind('', 'Service')) {
    const svcNs = index.namespaceOf(svc);
    const covering = rules.covering(index.serviceFqdn(String(svc.metadata?.name), svcNs));
    if (covering.length === 0) continue;
    const selector = nonEmptyLabels(svc.spec?.selector);
    if (!selector) continue;
    const selected = pods.selectedBy(svcNs, selector);
    for (const { drId, settings } of covering) {
      for (const w of selected) {
        for (const s of settings) {
          if (s.subsetLabels && !selects(s.subsetLabels, w.podLabels)) continue;
          for (const sp of svc.spec?.ports ?? []) {
            if (s.port !== undefined && sp?.port !== s.port) continue;
            const port = targetPort(sp, w);
            if (port === undefined) continue;
            const status = byWorkload.get(index.ref(w.object));
            const serverMode = status?.ports.find(p => p.port === port)?.mode ?? status?.mode ?? DEFAULT_MTLS_MODE;
            out.push(override(drId, s.path, s.mode, index.ref(w.object), port, serverMode));
          }
        }
      }
    }
  }
  return out.sort((a, b) => Number(b.breaks) - Number(a.breaks) || compare(a.destinationRule, b.destinationRule)
    || compare(a.path, b.path) || compare(a.workload, b.workload) || a.port - b.port);
}

/** A DestinationRule with TLS settings. */
interface TlsRule { readonly drId: string; readonly settings: TlsSetting[] }

/**
 * DestinationRules with TLS settings, indexed once by FQDN host: exact hosts by name, wildcards (`*.ns.svc.cluster.local`,
 * `*`, or Istio's `*suffix`) by the suffix they require, so the rules covering one host (`hostSpecificity` >= 0) are
 * found in O(length of the host name).
 */
class TlsRulesByHost {
  private readonly exact = new Map<string, TlsRule[]>();
  private readonly bySuffix = new Map<string, TlsRule[]>();

  constructor(index: ManifestIndex) {
    for (const dr of index.ofKind(ISTIO_NETWORKING, 'DestinationRule')) {
      const settings = tlsSettings(dr);
      if (settings.length === 0) continue;
      const host = index.fqdn(String(dr.spec?.host ?? ''), index.namespaceOf(dr));
      const rule = { drId: index.ref(dr), settings };
      if (host.startsWith('*')) push(this.bySuffix, host.slice(1), rule);
      else push(this.exact, host, rule);
    }
  }

  /** The rules whose host is `host` or a wildcard covering it. */
  public covering(host: string): TlsRule[] {
    const out = [...this.exact.get(host) ?? []];
    for (let i = 0; i <= host.length; i++) out.push(...this.bySuffix.get(host.slice(i)) ?? []);
    return out;
  }
}

/** Workloads by namespace and pod label, so a Service's selector finds its workloads without a scan of the namespace. */
class WorkloadsByLabel {
  private readonly byLabel = new Map<string, Workload[]>();

  constructor(index: ManifestIndex) {
    for (const w of index.allWorkloads()) {
      for (const [k, v] of Object.entries(w.podLabels)) push(this.byLabel, labelKey(w.namespace, k, v), w);
    }
  }

  /** The workloads of `namespace` whose pods `selector` (non-empty) selects, in manifest order. */
  public selectedBy(namespace: string, selector: Record<string, string>): Workload[] {
    let fewest: Workload[] | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const candidates = this.byLabel.get(labelKey(namespace, k, v)) ?? [];
      if (!fewest || candidates.length < fewest.length) fewest = candidates;
    }
    return (fewest ?? []).filter(w => selects(selector, w.podLabels));
  }
}

function labelKey(namespace: string, key: string, value: unknown): string {
  return `${namespace}\u0000${key}\u0000${String(value)}`;
}

function override(drId: string, path: string, clientMode: string, workload: string, port: number, serverMode: string): MtlsOverride {
  const plain = clientMode === 'DISABLE';
  const istio = clientMode === 'ISTIO_MUTUAL';
  let breaks: boolean;
  let what: string;
  if (istio) {
    breaks = serverMode === 'DISABLE';
    what = breaks ? 'clients send Istio mTLS to a port with mTLS DISABLE: requests fail' : 'clients use Istio mTLS (as auto mTLS would)';
  } else if (serverMode === 'STRICT') {
    breaks = true;
    what = `clients send ${plain ? 'plaintext' : `${clientMode} TLS with their own certificates`} to a STRICT port: the server refuses it (connection reset, 503 UF/URX)`;
  } else {
    breaks = false;
    what = `clients send ${plain ? 'plaintext' : `${clientMode} TLS`}, overriding auto mTLS; it works only while the port is ${serverMode}, and breaks once it is STRICT`;
  }
  return {
    destinationRule: drId,
    path,
    clientMode,
    workload,
    port,
    serverMode,
    breaks,
    message: `DestinationRule ${drId} ${path}.mode ${clientMode} -> ${workload} port ${port} (${serverMode}): ${what}`,
  };
}

interface TlsSetting { path: string; mode: string; port?: number; subsetLabels?: Record<string, string> }

function tlsSettings(dr: Manifest): TlsSetting[] {
  const out: TlsSetting[] = [];
  for (const { path, policy, subsetIndex, subset } of trafficPolicies(dr)) {
    const subsetLabels = subsetIndex === undefined ? undefined : subset?.labels ?? {};
    if (policy?.tls?.mode) out.push({ path: `${path}.tls`, mode: policy.tls.mode, subsetLabels });
    list(policy?.portLevelSettings).forEach((p, i) => {
      if (p?.tls?.mode && typeof p?.port?.number === 'number') {
        out.push({ path: `${path}.portLevelSettings[${i}].tls`, mode: p.tls.mode, port: p.port.number, subsetLabels });
      }
    });
  }
  return out;
}

function containerPorts(w: Workload): { containerPort: number; name?: string }[] {
  const pod = w.object.kind === 'Pod' ? w.object.spec : w.object.spec?.template?.spec;
  return (pod?.containers ?? []).flatMap((c: any) => c?.ports ?? []).filter((p: any) => typeof p?.containerPort === 'number');
}

/** A Service port's target container port on a workload (named target ports resolved). */
function targetPort(sp: any, w: Workload): number | undefined {
  const t = sp?.targetPort ?? sp?.port;
  if (typeof t === 'number') return t;
  if (typeof t === 'string' && /^\d+$/.test(t)) return Number(t);
  return containerPorts(w).find(p => p.name === t)?.containerPort;
}

function hasSelector(p: Manifest): boolean {
  return nonEmptyLabels(p.spec?.selector?.matchLabels) !== undefined;
}

function byAge(index: ManifestIndex) {
  return (a: Manifest, b: Manifest) => compare(createdAt(a), createdAt(b))
    || compare(index.namespaceOf(a), index.namespaceOf(b)) || compare(a.metadata?.name ?? '', b.metadata?.name ?? '');
}
