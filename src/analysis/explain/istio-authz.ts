/**
 * Istio's AuthorizationPolicy evaluation for one request, as a sidecar does it (MESH-FACTS Istio 8–11):
 * CUSTOM, then DENY, then ALLOW; a workload no ALLOW policy applies to allows; `spec: {}` allows nothing;
 * `from` entries OR'ed, fields inside one AND'ed, values OR'ed, `notX` negated; string values match exactly,
 * by prefix `abc*`, by suffix `*abc` or by presence `*`.
 */
import { authorizationPolicies, authzAction, hasTargetRefs, policyStringMatches } from '../authz-semantics';
import { ManifestIndex, Manifest, selects } from '../manifest-index';
import { compare, list, push, plainValue } from '../util';
import { cidrContains } from './cidr';

/** A request as the server-side sidecar sees it. */
export interface IstioRequest {
  readonly sourceNamespace: string;
  readonly sourceServiceAccount: string;
  readonly method: string;
  /** The path, with or without a query string (policies match the path without it). */
  readonly path: string;
  /** The workload (container) port the request arrives on. */
  readonly port: number;
  readonly host?: string;
  /** Header names lower-case. */
  readonly headers: Record<string, string>;
  /** The JWT principal (`iss/sub`) of `request.auth.principal`, if the request carries a validated token. */
  readonly requestPrincipal?: string;
  /** A caller without mTLS (unmeshed or plaintext): no principal, namespace or service account. */
  readonly plaintext?: boolean;
  /** The caller's IP, for `ipBlocks` and `remoteIpBlocks` (no trusted proxies: the remote IP is the peer's). */
  readonly sourceIp?: string;
  /** The mesh's trust domain (`MeshConfig.trustDomain`); default `cluster.local`. */
  readonly trustDomain?: string;
  /** Trust domains treated as the mesh's (`MeshConfig.trustDomainAliases`). */
  readonly trustDomainAliases?: string[];
}

/** The outcome of matching one rule. */
export interface RuleOutcome {
  readonly matched: boolean;
  /** Why not (the first field that did not match), or what the match depended on. */
  readonly detail: string;
  /** Facts we could not know offline (source IP, SNI, JWT claims) and what was assumed. */
  readonly assumptions: string[];
}

/** An AuthorizationPolicy that applies to the target workload. */
export interface ApplicablePolicy {
  readonly object: Manifest;
  /** `namespace/name`. */
  readonly id: string;
  readonly action: string;
}

/** The principal Istio derives from a peer certificate (`<trust-domain>/ns/<ns>/sa/<sa>`). */
export function istioPrincipal(namespace: string, serviceAccount: string, trustDomain: string = 'cluster.local'): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * Policy principals as istiod rewrites them for the mesh's trust domain (MESH-FACTS Istio 9): a leading
 * `cluster.local/` or `<alias>/` stands for the local trust domain.
 */
function localPrincipals(patterns: unknown, req: IstioRequest): unknown {
  const td = req.trustDomain ?? 'cluster.local';
  const local = new Set(['cluster.local', td, ...req.trustDomainAliases ?? []]);
  if (!Array.isArray(patterns)) return patterns;
  return patterns.map(p => {
    if (typeof p !== 'string') return p;
    const slash = p.indexOf('/');
    return slash > 0 && local.has(p.slice(0, slash)) ? `${td}${p.slice(slash)}` : p;
  });
}

/**
 * Istio's string match for policy values of a request (`policyStringMatches`), where `*` is presence: an
 * absent or empty value matches nothing. Path templates `{*}` (one segment) and `{**}` (any rest) are also
 * honoured.
 */
export function policyValueMatches(pattern: string, value: string | undefined, caseInsensitive = false): boolean {
  if (value === undefined || value === '') return false;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  if (p === '*') return true;
  if (p.includes('{*}') || p.includes('{**}')) {
    const re = p.split(/(\{\*\*\}|\{\*\})/).map(part =>
      part === '{**}' ? '.*' : part === '{*}' ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('');
    return new RegExp(`^${re}$`).test(v);
  }
  return policyStringMatches(p, v);
}

/**
 * AuthorizationPolicies indexed once by namespace, so the policies of one workload are found among those of its
 * namespace and the root namespace instead of by a scan of every policy (the access matrix asks for every workload).
 */
export class AuthorizationPolicyIndex {
  /** Per namespace, the policies with their position among all policies (to keep manifest order across namespaces). */
  private readonly byNamespace = new Map<string, { policy: Manifest; position: number }[]>();

  constructor(private readonly index: ManifestIndex) {
    authorizationPolicies(index).forEach((policy, position) => push(this.byNamespace, index.namespaceOf(policy), { policy, position }));
  }

  /** The policies Istio applies to a workload: its namespace's and the root namespace's, selector matching. */
  public applicable(namespace: string, labels: Record<string, string>, notes: string[]): ApplicablePolicy[] {
    const root = this.index.istioRootNamespace;
    const candidates = [...this.byNamespace.get(namespace) ?? [], ...namespace === root ? [] : this.byNamespace.get(root) ?? []]
      .sort((a, b) => a.position - b.position);
    const out: ApplicablePolicy[] = [];
    for (const { policy: p } of candidates) {
      const id = this.index.ref(p);
      if (hasTargetRefs(p)) {
        notes.push(`${id} has targetRef(s): it applies to gateways and waypoints, not to sidecars; ignored`);
        continue;
      }
      if (!selects(p.spec?.selector?.matchLabels, labels)) continue;
      out.push({ object: p, id, action: authzAction(p) });
    }
    return out.sort((a, b) => compare(a.id, b.id));
  }
}

/** The policies Istio applies to a workload: its namespace's and the root namespace's, selector matching. */
export function applicablePolicies(index: ManifestIndex, namespace: string, labels: Record<string, string>, notes: string[]): ApplicablePolicy[] {
  return new AuthorizationPolicyIndex(index).applicable(namespace, labels, notes);
}

/** Matches one rule (`{from, to, when}`) against a request. */
export function matchRule(rule: any, req: IstioRequest): RuleOutcome {
  const assumptions: string[] = [];
  const from = list(rule?.from);
  const to = list(rule?.to);
  const when = list(rule?.when);
  if (from.length > 0) {
    const misses: string[] = [];
    if (!from.some((f, i) => {
      const miss = sourceMismatch(f?.source ?? {}, req, assumptions);
      if (miss) misses.push(`from[${i}].source.${miss}`);
      return !miss;
    })) return { matched: false, detail: misses.join('; '), assumptions };
  }
  if (to.length > 0) {
    const misses: string[] = [];
    if (!to.some((t, i) => {
      const miss = operationMismatch(t?.operation ?? {}, req, assumptions);
      if (miss) misses.push(`to[${i}].operation.${miss}`);
      return !miss;
    })) return { matched: false, detail: misses.join('; '), assumptions };
  }
  for (let i = 0; i < when.length; i++) {
    const miss = conditionMismatch(when[i] ?? {}, req, assumptions);
    if (miss) return { matched: false, detail: `when[${i}]: ${miss}`, assumptions };
  }
  const parts = [from.length ? 'source matches' : 'any source', to.length ? 'operation matches' : 'any operation'];
  if (when.length) parts.push('conditions hold');
  return { matched: true, detail: parts.join(', '), assumptions };
}

/** The first field of a `source` the caller does not match, or undefined when it matches. */
export function sourceMismatch(source: any, req: IstioRequest, assumptions: string[]): string | undefined {
  // A plaintext caller has no peer identity: `principals` (and namespaces, serviceAccounts) never match it, and
  // `notPrincipals: ["*"]` does, which is how Istio's docs deny plaintext.
  const principal = req.plaintext ? undefined : istioPrincipal(req.sourceNamespace, req.sourceServiceAccount, req.trustDomain);
  const sa = req.plaintext ? undefined : `${req.sourceNamespace}/${req.sourceServiceAccount}`;
  return field('principals', localPrincipals(source.principals, req), localPrincipals(source.notPrincipals, req), principal)
    ?? field('namespaces', source.namespaces, source.notNamespaces, req.plaintext ? undefined : req.sourceNamespace)
    ?? exactField('serviceAccounts', source.serviceAccounts, source.notServiceAccounts, sa)
    ?? field('requestPrincipals', source.requestPrincipals, source.notRequestPrincipals, req.requestPrincipal)
    ?? ipField('ipBlocks', source.ipBlocks, source.notIpBlocks, req.sourceIp, 'source IP', assumptions)
    ?? ipField('remoteIpBlocks', source.remoteIpBlocks, source.notRemoteIpBlocks, req.sourceIp, 'remote IP', assumptions);
}

/** The first field of an `operation` the request does not match, or undefined when it matches. */
export function operationMismatch(op: any, req: IstioRequest, assumptions: string[]): string | undefined {
  const path = req.path.split('?')[0];
  if ((nonEmpty(op.hosts) || nonEmpty(op.notHosts)) && req.host === undefined) {
    assumptions.push('request host unknown: assumed to match no `hosts` value');
  }
  return field('hosts', op.hosts, op.notHosts, req.host, true)
    ?? field('ports', op.ports, op.notPorts, String(req.port))
    ?? field('methods', op.methods, op.notMethods, req.method)
    ?? field('paths', op.paths, op.notPaths, path);
}

/** `when` keys whose value the caller's identity (its peer certificate) alone decides. */
export const SOURCE_IDENTITY_CONDITION_KEYS: ReadonlySet<string> = new Set(['source.principal', 'source.namespace', 'source.serviceAccount']);

/** Why a `when` condition does not hold for the request, or undefined when it holds. */
export function conditionMismatch(c: any, req: IstioRequest, assumptions: string[]): string | undefined {
  const key: string = c.key ?? '';
  if ((key === 'source.ip' || key === 'remote.ip') && req.sourceIp !== undefined) {
    return ipField(key, c.values, c.notValues, req.sourceIp, key, assumptions);
  }
  const known = conditionValue(key, req);
  if (!known.known) assumptions.push(`${key} unknown offline: assumed to match no value`);
  const local = key === 'source.principal';
  return field(key, local ? localPrincipals(c.values, req) : c.values, local ? localPrincipals(c.notValues, req) : c.notValues, known.value);
}

/** The value of a `when` key for the request; `request.auth.*` is absent (no validated JWT offline). */
function conditionValue(key: string, req: IstioRequest): { known: boolean; value?: string } {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) return { known: true, value: req.headers[header[1].toLowerCase()] };
  switch (key) {
    case 'source.namespace': return { known: true, value: req.plaintext ? undefined : req.sourceNamespace };
    case 'source.principal': return { known: true, value: req.plaintext ? undefined : istioPrincipal(req.sourceNamespace, req.sourceServiceAccount, req.trustDomain) };
    case 'source.serviceAccount': return { known: true, value: req.plaintext ? undefined : `${req.sourceNamespace}/${req.sourceServiceAccount}` };
    case 'destination.port': return { known: true, value: String(req.port) };
    case 'source.ip':
    case 'remote.ip': return { known: req.sourceIp !== undefined, value: req.sourceIp };
    case 'request.auth.principal': return { known: true, value: req.requestPrincipal };
    default: return { known: key.startsWith('request.auth.') };
  }
}

/** `values` OR'ed (if given), then none of `notValues`; returns a description of the mismatch. */
function field(name: string, values: any, notValues: any, actual: string | undefined, ci = false): string | undefined {
  const pos = nonEmpty(values);
  const neg = nonEmpty(notValues);
  if (pos && !pos.some(p => policyValueMatches(String(p), actual, ci))) {
    return `${name}: ${show(actual)} matches none of ${plainValue(pos)}`;
  }
  const hit = neg?.find(p => policyValueMatches(String(p), actual, ci));
  if (hit !== undefined) return `not${cap(name)}: ${show(actual)} matches ${plainValue(hit)}`;
  return undefined;
}

/** `serviceAccounts` takes no wildcards. */
function exactField(name: string, values: any, notValues: any, actual: string | undefined): string | undefined {
  const pos = nonEmpty(values);
  const neg = nonEmpty(notValues);
  if (pos && (actual === undefined || !pos.includes(actual))) return `${name}: ${show(actual)} is none of ${plainValue(pos)}`;
  if (actual !== undefined && neg?.includes(actual)) return `not${cap(name)}: ${show(actual)} is listed`;
  return undefined;
}

/** An IP field: decided when the caller's IP is given, else assumed outside (as before). */
function ipField(name: string, values: any, notValues: any, ip: string | undefined, what: string, assumptions: string[]): string | undefined {
  if (ip === undefined) return unknownField(name, values, notValues, what, assumptions);
  const pos = nonEmpty(values);
  const neg = nonEmpty(notValues);
  if (pos && !pos.some(c => cidrContains(c, ip))) return `${name}: ${ip} is in none of ${plainValue(pos)}`;
  const hit = neg?.find(c => cidrContains(c, ip));
  if (hit !== undefined) return `not${cap(name)}: ${ip} is in ${plainValue(hit)}`;
  return undefined;
}

function unknownField(name: string, values: any, notValues: any, what: string, assumptions: string[]): string | undefined {
  if (nonEmpty(values)) {
    assumptions.push(`${what} unknown: assumed outside ${name}`);
    return `${name}: ${what} unknown offline, assumed outside ${plainValue(nonEmpty(values))}`;
  }
  if (nonEmpty(notValues)) assumptions.push(`${what} unknown: assumed outside not${cap(name)}`);
  return undefined;
}

/** A policy field's values as strings, or undefined when the field is absent or empty (it then constrains nothing). */
function nonEmpty(v: unknown): string[] | undefined {
  const values = list(v);
  return values.length > 0 ? values.map(String) : undefined;
}

function show(v: string | undefined): string {
  return v === undefined ? '(absent)' : plainValue(v);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
