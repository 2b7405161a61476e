/**
 * What Kiali's config checks (kiali/kiali `business/checkers/...`, `kubernetes/filters.go`) read from the
 * config, computed once per `ManifestIndex` and shared by the KIA rules. Every function is O(objects) on the
 * first call for an index and O(1) afterwards.
 */
import { policyStringMatches } from './authz-semantics';
import { ISTIO_NETWORKING, ISTIO_SECURITY } from './istio-semantics';
import { Manifest, ManifestIndex } from './manifest-index';
import { list, push } from './util';
import { HTTP_METHODS } from '../core/http-methods';
import { yamlPackage } from '../private/lazy';

/** The DestinationRule host Kiali treats as mesh-wide (Istio's documented `*.local`). */
export const MESH_WIDE_DR_HOST = '*.local';

/** Namespaces every Kubernetes cluster has, whether or not the manifests declare them. */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The HTTP methods Kiali accepts (Go's `net/http` method constants). */
export { HTTP_METHODS };

/** Kiali's pattern for a fully-qualified gRPC method name (`/package.Service/Method`). */
export const GRPC_METHOD = /^((\/[a-zA-Z.]+)+)(\/[a-zA-Z]+)$/;

const memo = new WeakMap<ManifestIndex, Map<string, unknown>>();

/** Computes `build(index)` once per index and key. */
function cached<T>(index: ManifestIndex, key: string, build: () => T): T {
  let forIndex = memo.get(index);
  if (!forIndex) memo.set(index, forIndex = new Map());
  if (!forIndex.has(key)) forIndex.set(key, build());
  return forIndex.get(key) as T;
}

/** Every DestinationRule. */
export function destinationRules(index: ManifestIndex): Manifest[] {
  return index.ofKind(ISTIO_NETWORKING, 'DestinationRule');
}

/** `spec.trafficPolicy.tls.mode` of a DestinationRule, if it is a string. */
export function drTlsMode(dr: Manifest): string | undefined {
  const mode = dr.spec?.trafficPolicy?.tls?.mode;
  return typeof mode === 'string' ? mode : undefined;
}

/**
 * The DestinationRule host Kiali treats as namespace-wide for `namespace`:
 * `*.<namespace>.svc.<clusterDomain>` (Kiali's `*.<ns>.<IstioIdentityDomain>`).
 */
export function namespaceWideDrHost(index: ManifestIndex, namespace: string): string {
  return index.serviceFqdn('*', namespace);
}

/** The TLS mode of `dr` when its host is exactly `host` (Kiali's `DestinationRuleHasMTLSEnabledForHost`). */
export function drTlsModeForHost(dr: Manifest, host: string): string | undefined {
  return dr.spec?.host === host ? drTlsMode(dr) : undefined;
}

/**
 * The mTLS mode of a PeerAuthentication that applies to a whole namespace (or the mesh, in the root
 * namespace), as Kiali's `PeerAuthnHasMTLSEnabled` reads it: undefined when the policy has a `selector`
 * (any, even empty) or no `mtls`; `UNSET` when `mtls` has no mode.
 */
export function wideMtlsMode(pa: Manifest): string | undefined {
  if (pa.spec?.selector !== undefined && pa.spec?.selector !== null) return undefined;
  const mtls = pa.spec?.mtls;
  if (!mtls || typeof mtls !== 'object') return undefined;
  return typeof mtls.mode === 'string' ? mtls.mode : 'UNSET';
}

/** Kiali counts a PeerAuthentication as enabling mTLS when its mode is STRICT or PERMISSIVE. */
export function enablesMtls(mode: string | undefined): boolean {
  return mode === 'STRICT' || mode === 'PERMISSIVE';
}

/** PeerAuthentications by namespace, in manifest order. The root namespace's are the mesh-wide ones. */
export function peerAuthenticationsByNamespace(index: ManifestIndex): Map<string, Manifest[]> {
  return cached(index, 'peerAuthenticationsByNamespace', () => {
    const byNs = new Map<string, Manifest[]>();
    for (const pa of index.ofKind(ISTIO_SECURITY, 'PeerAuthentication')) {
      push(byNs, index.namespaceOf(pa), pa);
    }
    return byNs;
  });
}

/** The mesh-wide PeerAuthentications: those in Istio's root namespace. */
export function meshPeerAuthentications(index: ManifestIndex): Manifest[] {
  return peerAuthenticationsByNamespace(index).get(index.istioRootNamespace) ?? [];
}

/** The first mesh-wide PeerAuthentication in STRICT mode, if any. */
export function strictMeshPeerAuthentication(index: ManifestIndex): Manifest | undefined {
  return meshPeerAuthentications(index).find(pa => wideMtlsMode(pa) === 'STRICT');
}

/** The first mesh-wide PeerAuthentication that enables mTLS (STRICT or PERMISSIVE), if any. */
export function enablingMeshPeerAuthentication(index: ManifestIndex): Manifest | undefined {
  return meshPeerAuthentications(index).find(pa => enablesMtls(wideMtlsMode(pa)));
}

/**
 * Whether Istio's auto mTLS is on, as Kiali reads it from the mesh config (`enableAutoMtls`, default true).
 * Offline, the mesh config is only known when the manifests carry it: the `istio` ConfigMap (or a revision's
 * `istio-<rev>`) in the root namespace (`data.mesh`), or an IstioOperator's `spec.meshConfig`.
 */
export function autoMtlsEnabled(index: ManifestIndex): boolean {
  return cached(index, 'autoMtlsEnabled', () => {
    for (const op of index.ofKind('install.istio.io', 'IstioOperator')) {
      if (op.spec?.meshConfig?.enableAutoMtls === false) return false;
    }
    for (const cm of index.ofKind('', 'ConfigMap')) {
      const name = cm.metadata?.name ?? '';
      if (index.namespaceOf(cm) !== index.istioRootNamespace || !(name === 'istio' || name.startsWith('istio-'))) continue;
      const mesh = cm.data?.mesh;
      if (typeof mesh !== 'string') continue;
      const doc = yamlPackage().parseDocument(mesh);
      if (doc.errors.length > 0) continue; // not a mesh config Istio could read: it states nothing
      const config = doc.toJS();
      if (config && typeof config === 'object' && config.enableAutoMtls === false) return false;
    }
    return true;
  });
}

/**
 * The namespaces known from the manifests: Namespace objects, the namespaces objects live in, Istio's root
 * namespace and the namespaces every cluster has. Undefined when the manifests contain no Namespace object:
 * then nothing can be said about which namespaces exist.
 */
export function knownNamespaces(index: ManifestIndex): Set<string> | undefined {
  return cached(index, 'knownNamespaces', () => {
    if (!index.has('', 'Namespace')) return undefined;
    return new Set<string>([...BUILT_IN_NAMESPACES, index.istioRootNamespace, ...index.mentionedNamespaces()]);
  });
}

/**
 * ServiceAccount names by namespace, for the namespaces where the manifests contain at least one
 * ServiceAccount. Every such namespace also has `default`, which Kubernetes creates.
 */
export function serviceAccountsByNamespace(index: ManifestIndex): Map<string, Set<string>> {
  return cached(index, 'serviceAccountsByNamespace', () => {
    const byNs = new Map<string, Set<string>>();
    for (const sa of index.ofKind('', 'ServiceAccount')) {
      const ns = index.namespaceOf(sa);
      let names = byNs.get(ns);
      if (!names) byNs.set(ns, names = new Set(['default']));
      names.add(sa.metadata?.name ?? '');
    }
    return byNs;
  });
}

/** Whether a (possibly wildcard) namespace pattern matches any of `known`; O(known) only for wildcards. */
export function matchesKnownNamespace(pattern: string, known: Set<string>): boolean {
  if (!pattern.includes('*')) return known.has(pattern);
  for (const ns of known) if (policyStringMatches(pattern, ns)) return true;
  return false;
}

/** Each `rules[i].from[j].source` of an AuthorizationPolicy, with its path. */
export function* policySources(ap: Manifest): Generator<{ path: string; source: any }> {
  for (const { path, value } of ruleEntries(ap, 'from', 'source')) yield { path, source: value };
}

/** Each `rules[i].to[j].operation` of an AuthorizationPolicy, with its path. */
export function* policyOperations(ap: Manifest): Generator<{ path: string; operation: any }> {
  for (const { path, value } of ruleEntries(ap, 'to', 'operation')) yield { path, operation: value };
}

/** Each object `rules[i].<clause>[j].<field>` of an AuthorizationPolicy, with its path. */
function* ruleEntries(ap: Manifest, clause: string, field: string): Generator<{ path: string; value: any }> {
  const rules = list(ap.spec?.rules);
  for (let i = 0; i < rules.length; i++) {
    const entries = list(rules[i]?.[clause]);
    for (let j = 0; j < entries.length; j++) {
      const value = entries[j]?.[field];
      if (value && typeof value === 'object') yield { path: `spec.rules[${i}].${clause}[${j}].${field}`, value };
    }
  }
}

/**
 * A DestinationRule or VirtualService host as Kiali's `GetHost` resolves it in a config of `namespace`: a
 * short name becomes `<name>.<namespace>.svc.<clusterDomain>`; `<name>.<ns>`, where `<ns>` is a namespace of
 * the manifests, becomes `<name>.<ns>.svc.<clusterDomain>`; anything else is taken as written.
 */
export function kialiFqdn(index: ManifestIndex, host: string, namespace: string): string {
  const parts = host.split('.');
  if (parts.length === 2 && !host.includes('*') && index.mentionedNamespaces().has(parts[1])) {
    return `${host}.svc.${index.clusterDomain}`;
  }
  return index.fqdn(host, namespace);
}

/** The DestinationRules that set a TLS mode, by host, as the mTLS checks look them up. */
export interface DrTlsByHost {
  /** Per host, the first rule (manifest order) with tls.mode ISTIO_MUTUAL, MUTUAL or DISABLE. */
  readonly firstDecisive: Map<string, { readonly dr: Manifest; readonly mode: string }>;
  /** Per host, the first rule with tls.mode ISTIO_MUTUAL (what Kiali calls "enabling mTLS"). */
  readonly firstIstioMutual: Map<string, Manifest>;
  /** Per host, the first rule with tls.mode ISTIO_MUTUAL or MUTUAL. */
  readonly firstMutual: Map<string, { readonly dr: Manifest; readonly mode: string }>;
}

/** DestinationRule TLS modes by exact `spec.host` (as written: Kiali compares `*.local`, `*.<ns>.svc.<domain>`). */
export function drTlsByHost(index: ManifestIndex): DrTlsByHost {
  return cached(index, 'drTlsByHost', () => {
    const firstDecisive = new Map<string, { dr: Manifest; mode: string }>();
    const firstIstioMutual = new Map<string, Manifest>();
    const firstMutual = new Map<string, { dr: Manifest; mode: string }>();
    for (const dr of destinationRules(index)) {
      const host = dr.spec?.host;
      const mode = drTlsMode(dr);
      if (typeof host !== 'string' || !mode) continue;
      if (['ISTIO_MUTUAL', 'MUTUAL', 'DISABLE'].includes(mode) && !firstDecisive.has(host)) firstDecisive.set(host, { dr, mode });
      if (mode === 'ISTIO_MUTUAL' && !firstIstioMutual.has(host)) firstIstioMutual.set(host, dr);
      if ((mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL') && !firstMutual.has(host)) firstMutual.set(host, { dr, mode });
    }
    return { firstDecisive, firstIstioMutual, firstMutual };
  });
}

/** Which Kiali check a DestinationRule that disables mTLS fails, and the PeerAuthentication it conflicts with. */
export interface DisabledMtlsConflict {
  readonly code: 'KIA0207' | 'KIA0208';
  readonly peerAuthentication: Manifest;
  /** `mesh-wide` (`*.local`) or `namespace-wide`. */
  readonly scope: string;
}

/**
 * Kiali's `DisabledNamespaceWideMTLSChecker` and `DisabledMeshWideMTLSChecker`: a DestinationRule with
 * tls.mode DISABLE for its namespace (`*.<ns>.svc.<domain>`) or the mesh (`*.local`) while a PeerAuthentication
 * without selector is STRICT. For a namespace-wide rule, the namespace's own policies decide first: STRICT gives
 * KIA0207, PERMISSIVE or DISABLE end the check; with none of those, a STRICT mesh-wide policy gives KIA0208.
 * For a mesh-wide rule, a STRICT mesh-wide policy gives KIA0208.
 */
export function disabledMtlsConflict(index: ManifestIndex, dr: Manifest): DisabledMtlsConflict | undefined {
  if (drTlsMode(dr) !== 'DISABLE') return undefined;
  const ns = index.namespaceOf(dr);
  if (dr.spec?.host === namespaceWideDrHost(index, ns)) {
    let nsDisabled = false;
    for (const pa of peerAuthenticationsByNamespace(index).get(ns) ?? []) {
      const mode = wideMtlsMode(pa);
      if (mode === 'STRICT') return { code: 'KIA0207', peerAuthentication: pa, scope: 'namespace-wide' };
      if (mode === 'PERMISSIVE') return undefined;
      if (mode === 'DISABLE') nsDisabled = true;
    }
    const mesh = nsDisabled ? undefined : strictMeshPeerAuthentication(index);
    return mesh && { code: 'KIA0208', peerAuthentication: mesh, scope: 'namespace-wide' };
  }
  if (dr.spec?.host === MESH_WIDE_DR_HOST) {
    const mesh = strictMeshPeerAuthentication(index);
    return mesh && { code: 'KIA0208', peerAuthentication: mesh, scope: 'mesh-wide' };
  }
  return undefined;
}

/** How to resolve a `disabledMtlsConflict` (KIA0207, KIA0208). */
export function disabledMtlsFix(index: ManifestIndex, conflict: DisabledMtlsConflict): string {
  return `remove the DestinationRule's tls.mode DISABLE (auto mTLS then sends mTLS), or set PeerAuthentication ${index.ref(conflict.peerAuthentication)} `
    + 'to PERMISSIVE while clients still send plain text';
}
