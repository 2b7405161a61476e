/**
 * Linkerd's inbound authorization for one request (MESH-FACTS Linkerd 6): the Server that selects the pod and
 * port, the AuthorizationPolicies (and legacy ServerAuthorizations) that target it, its namespace or one of
 * its HTTPRoutes, and the default inbound policy when no Server selects the port.
 */
import { bestRouteRule, describeHttpMatch, httpRoutes, HttpRequestShape } from '../gateway-api';
import { ManifestIndex, Manifest, Workload, groupOf } from '../manifest-index';
import { compare, list } from '../util';
import { cidrContains } from './cidr';
import { policyValueMatches } from './istio-authz';

/** The annotation that sets the default inbound policy (on a Namespace or a pod template). */
export const DEFAULT_INBOUND_POLICY_ANNOTATION = 'config.linkerd.io/default-inbound-policy';

/** The cluster-wide default inbound policy Linkerd installs with. */
export const CLUSTER_DEFAULT_INBOUND_POLICY = 'all-unauthenticated';

export interface LinkerdInbound {
  readonly decision: 'ALLOW' | 'DENY';
  /** `namespace/name` of the Server, if one selects the port. */
  readonly server?: string;
  /** The object that decided (`AuthorizationPolicy ns/name`), or the default policy. */
  readonly decidedBy: string;
  readonly reason: string;
  readonly notes: string[];
}

/** The identity Linkerd gives a meshed pod's service account. */
export function linkerdIdentity(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `${serviceAccount}.${namespace}.serviceaccount.identity.linkerd.${trustDomain}`;
}

/** True when the manifests contain any Linkerd configuration (a `*.linkerd.io` object or an inject annotation). */
export function usesLinkerd(index: ManifestIndex): boolean {
  return index.all.some(m => groupOf(m).endsWith('linkerd.io')
    || m.metadata?.annotations?.['linkerd.io/inject'] !== undefined
    || m.spec?.template?.metadata?.annotations?.['linkerd.io/inject'] !== undefined);
}

/** The default inbound policies that admit a caller without mTLS (plaintext, or from an unmeshed pod). */
const UNAUTHENTICATED_POLICIES = new Set(['all-unauthenticated', 'cluster-unauthenticated', 'audit']);

/** The default inbound policy of a workload: its pod annotation, else its Namespace's, else the cluster's. */
export function defaultInboundPolicy(index: ManifestIndex, namespace: string, workload?: Workload): { policy: string; source: string } {
  const podPolicy = workload?.object.spec?.template?.metadata?.annotations?.[DEFAULT_INBOUND_POLICY_ANNOTATION]
    ?? (workload?.object.kind === 'Pod' ? workload.object.metadata?.annotations?.[DEFAULT_INBOUND_POLICY_ANNOTATION] : undefined);
  const nsPolicy = index.get('', 'Namespace', '', namespace)?.metadata?.annotations?.[DEFAULT_INBOUND_POLICY_ANNOTATION];
  const policy = podPolicy ?? nsPolicy ?? CLUSTER_DEFAULT_INBOUND_POLICY;
  const source = podPolicy ? 'pod annotation' : nsPolicy ? `namespace ${namespace} annotation` : 'cluster default';
  return { policy, source };
}

/** Whether Linkerd's proxy is injected into a workload (`linkerd.io/inject: enabled` on the pod template or its Namespace). */
export function linkerdMeshed(index: ManifestIndex, workload: Workload): boolean {
  const o = workload.object;
  const pod = o.spec?.template?.metadata?.annotations?.['linkerd.io/inject'] ?? (o.kind === 'Pod' ? o.metadata?.annotations?.['linkerd.io/inject'] : undefined);
  if (pod !== undefined) return pod === 'enabled' || pod === 'ingress';
  return index.get('', 'Namespace', '', workload.namespace)?.metadata?.annotations?.['linkerd.io/inject'] === 'enabled';
}

/** Evaluates Linkerd's inbound policy for a caller: meshed (mTLS with its identity) unless `meshed` is false. */
export function evaluateLinkerd(index: ManifestIndex, args: {
  sourceNamespace: string;
  sourceServiceAccount: string;
  targetNamespace: string;
  labels: Record<string, string>;
  workload?: Workload;
  port: number;
  request: HttpRequestShape;
  /** False for a plaintext caller (unmeshed pod, or outside the mesh): no identity. @default true */
  meshed?: boolean;
  /** The caller's IP, for NetworkAuthentications and the cluster-* policies. @default - unknown */
  sourceIp?: string;
}): LinkerdInbound {
  const notes: string[] = [];
  const meshed = args.meshed !== false;
  const identity = meshed ? linkerdIdentity(args.sourceNamespace, args.sourceServiceAccount, index.clusterDomain) : '(no identity: plaintext)';
  const callerText = meshed ? 'a meshed caller' : 'a plaintext caller';
  const servers = index.ofKind('policy.linkerd.io', 'Server')
    .filter(s => index.namespaceOf(s) === args.targetNamespace)
    .filter(s => podSelectorMatches(s.spec?.podSelector, args.labels))
    .filter(s => portMatches(s.spec?.port, args.port, args.workload))
    .sort((a, b) => compare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  if (servers.length === 0) {
    const { policy, source } = defaultInboundPolicy(index, args.targetNamespace, args.workload);
    const allowed = policyAdmits(policy, meshed, args.sourceIp, notes);
    return {
      decision: allowed ? 'ALLOW' : 'DENY',
      decidedBy: `default inbound policy ${policy} (${source})`,
      reason: `no Server selects port ${args.port}: the default inbound policy ${policy} ${allowed ? 'admits' : 'refuses'} ${callerText}`,
      notes,
    };
  }
  if (servers.length > 1) notes.push(`Servers ${servers.map(s => s.metadata?.name).join(', ')} all select the port: Linkerd uses one; ${servers[0].metadata?.name} assumed`);
  const server = servers[0];
  const serverId = `${args.targetNamespace}/${server.metadata?.name}`;

  // Routes attached to the Server: a request must match one of them.
  const routes = httpRoutes(index)
    .filter(r => index.namespaceOf(r) === args.targetNamespace)
    .filter(r => list(r.spec?.parentRefs).some(p => p?.kind === 'Server' && p?.name === server.metadata?.name));
  let route: Manifest | undefined;
  if (routes.length > 0) {
    const best = bestRouteRule(routes, args.request, m => index.namespaceOf(m));
    if (!best) {
      return { decision: 'DENY', server: serverId, decidedBy: `Server ${serverId}`, reason: `HTTPRoutes are attached to Server ${serverId} and none matches ${args.request.method} ${args.request.path} (404)`, notes };
    }
    route = best.route;
    notes.push(`request matches HTTPRoute ${args.targetNamespace}/${route.metadata?.name} rules[${best.ruleIndex}] (${describeHttpMatch(best.matchIndex < 0 ? undefined : best.rule.matches[best.matchIndex])})`);
  }

  for (const ap of index.ofKind('policy.linkerd.io', 'AuthorizationPolicy').filter(p => index.namespaceOf(p) === args.targetNamespace)
    .sort((a, b) => compare(a.metadata?.name ?? '', b.metadata?.name ?? ''))) {
    const t = ap.spec?.targetRef ?? {};
    const targetsServer = t.kind === 'Server' && t.name === server.metadata?.name;
    const targetsNamespace = t.kind === 'Namespace' && (t.name ?? args.targetNamespace) === args.targetNamespace;
    const targetsRoute = route !== undefined && t.kind === 'HTTPRoute' && t.name === route.metadata?.name;
    if (!targetsServer && !targetsNamespace && !targetsRoute) continue;
    const refs = list(ap.spec?.requiredAuthenticationRefs);
    const caller = { identity, namespace: args.sourceNamespace, serviceAccount: args.sourceServiceAccount, meshed, ip: args.sourceIp };
    const unmet = refs.find(ref => !authenticationSatisfied(index, ref, args.targetNamespace, caller, notes));
    if (!unmet) {
      const id = `AuthorizationPolicy ${args.targetNamespace}/${ap.metadata?.name}`;
      return { decision: 'ALLOW', server: serverId, decidedBy: id, reason: `${id} targets ${t.kind} ${t.name ?? args.targetNamespace} and ${refs.length ? `the caller ${meshed ? identity : '(plaintext)'} meets its requiredAuthenticationRefs` : 'requires no authentication'}`, notes };
    }
  }
  for (const sa of index.ofKind('policy.linkerd.io', 'ServerAuthorization').filter(p => index.namespaceOf(p) === args.targetNamespace)
    .sort((a, b) => compare(a.metadata?.name ?? '', b.metadata?.name ?? ''))) {
    const target = sa.spec?.server ?? {};
    const applies = target.name ? target.name === server.metadata?.name : podSelectorMatches(target.selector, server.metadata?.labels ?? {});
    if (!applies) continue;
    if (serverAuthorizationAdmits(sa.spec?.client ?? {}, meshed ? identity : undefined, args.sourceNamespace, args.sourceServiceAccount, notes)) {
      const id = `ServerAuthorization ${args.targetNamespace}/${sa.metadata?.name}`;
      return { decision: 'ALLOW', server: serverId, decidedBy: id, reason: `${id} admits ${identity}`, notes };
    }
  }
  const access = server.spec?.accessPolicy ?? 'deny';
  if (policyAdmits(access, meshed, args.sourceIp, notes)) {
    return { decision: 'ALLOW', server: serverId, decidedBy: `Server ${serverId} accessPolicy ${access}`, reason: `no authorization matches; the Server's accessPolicy ${access} admits ${callerText}`, notes };
  }
  return { decision: 'DENY', server: serverId, decidedBy: `Server ${serverId}`, reason: `Server ${serverId} selects port ${args.port} and no AuthorizationPolicy or ServerAuthorization admits ${identity} (accessPolicy ${access})`, notes };
}

/** Whether a default inbound policy or Server accessPolicy admits the caller. */
function policyAdmits(policy: string, meshed: boolean, ip: string | undefined, notes: string[]): boolean {
  if (policy === 'deny') return false;
  if (meshed) return true;
  if (!UNAUTHENTICATED_POLICIES.has(policy)) return false;
  if (policy === 'cluster-unauthenticated' && ip === undefined) notes.push('cluster-unauthenticated admits plaintext only from the cluster networks: the caller IP is unknown, assumed inside');
  return true;
}

function authenticationSatisfied(
  index: ManifestIndex, ref: any, ns: string,
  caller: { identity: string; namespace: string; serviceAccount: string; meshed: boolean; ip?: string }, notes: string[],
): boolean {
  const { identity, namespace: srcNs, serviceAccount: srcSa } = caller;
  const refNs = ref?.namespace ?? ns;
  if (!caller.meshed && (ref?.kind === 'ServiceAccount' || ref?.kind === 'MeshTLSAuthentication')) return false;
  if (ref?.kind === 'ServiceAccount') return ref.name === srcSa && refNs === srcNs;
  if (ref?.kind === 'MeshTLSAuthentication') {
    const mta = index.get('policy.linkerd.io', 'MeshTLSAuthentication', refNs, ref.name);
    if (!mta) {
      notes.push(`MeshTLSAuthentication ${refNs}/${ref.name} is not among the manifests: treated as unmet`);
      return false;
    }
    if ((mta.spec?.identities ?? []).some((p: string) => policyValueMatches(p, identity))) return true;
    return (mta.spec?.identityRefs ?? []).some((r: any) => {
      const rNs = r?.namespace ?? refNs;
      if (r?.kind === 'Namespace') return r.name === srcNs;
      if (r?.kind === 'ServiceAccount') return (r.name === srcSa || r.name === '*') && rNs === srcNs;
      return false;
    });
  }
  if (ref?.kind === 'NetworkAuthentication') {
    const na = index.get('policy.linkerd.io', 'NetworkAuthentication', refNs, ref.name);
    if (!na) {
      notes.push(`NetworkAuthentication ${refNs}/${ref.name} is not among the manifests: treated as unmet`);
      return false;
    }
    if (caller.ip !== undefined) {
      const inside = list(na.spec?.networks).some((n: any) => cidrContains(n?.cidr, caller.ip!)
        && !list(n?.except).some((e: any) => cidrContains(String(e), caller.ip!)));
      notes.push(`NetworkAuthentication ${refNs}/${ref.name}: ${caller.ip} is ${inside ? 'inside' : 'outside'} its networks`);
      return inside;
    }
    const everywhere = (na?.spec?.networks ?? []).some((n: any) => (n?.cidr === '0.0.0.0/0' || n?.cidr === '::/0') && !(n?.except?.length));
    if (!everywhere) notes.push(`NetworkAuthentication ${refNs}/${ref.name}: the caller's IP is unknown offline, assumed outside its networks`);
    return everywhere;
  }
  notes.push(`requiredAuthenticationRef kind ${ref?.kind} is not understood: treated as unmet`);
  return false;
}

function serverAuthorizationAdmits(client: any, identity: string | undefined, srcNs: string, srcSa: string, notes: string[]): boolean {
  if (client.unauthenticated === true) {
    if (client.networks?.length) notes.push('ServerAuthorization client.networks: the caller IP is not checked here, assumed inside');
    return true;
  }
  const tls = client.meshTLS;
  if (!tls || identity === undefined) return false;
  if (tls.unauthenticatedTLS === true) return true;
  if ((tls.identities ?? []).some((p: string) => policyValueMatches(p, identity))) return true;
  return (tls.serviceAccounts ?? []).some((s: any) => s?.name === srcSa && (s?.namespace ?? srcNs) === srcNs);
}

/** A label selector (`matchLabels` and `matchExpressions`); a missing selector selects nothing, `{}` everything. */
export function podSelectorMatches(selector: any, labels: Record<string, string>): boolean {
  if (!selector || typeof selector !== 'object') return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values: string[] = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** A Server `port`: a number, or a container port name resolved through the workload's containers. */
function portMatches(port: any, number: number, workload: Workload | undefined): boolean {
  if (typeof port === 'number') return port === number;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port) === number;
  const containers: any[] = workload?.object.spec?.template?.spec?.containers ?? workload?.object.spec?.containers ?? [];
  return containers.some(c => (c?.ports ?? []).some((p: any) => p?.name === port && p?.containerPort === number));
}

