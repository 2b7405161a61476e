/**
 * How Istio reads an AuthorizationPolicy, shared by the rules (MESH1xx, Kiali) and `explain`. Facts from
 * ../shared/MESH-FACTS.md (Istio 1.30, section "Istio" 8, 9, 10 and 14) and the ambient L4 policy docs
 * (istio.io docs/ambient/usage/l4-policy).
 */
import { ISTIO_SECURITY } from './istio-semantics';
import { Manifest, ManifestIndex, nonEmptyLabels } from './manifest-index';
import { list } from './util';

/** Every AuthorizationPolicy. */
export function authorizationPolicies(index: ManifestIndex): Manifest[] {
  return index.ofKind(ISTIO_SECURITY, 'AuthorizationPolicy');
}

/** The policy's action: `ALLOW` when the field is absent. */
export function authzAction(policy: Manifest): string {
  return typeof policy.spec?.action === 'string' ? policy.spec.action : 'ALLOW';
}

/** The policy's rules (`spec.rules`), or an empty list. */
export function authzRules(policy: Manifest): any[] {
  return list(policy.spec?.rules);
}

/** `spec.selector.matchLabels`, or undefined when the policy has no selector (or an empty one). */
export function authzSelector(policy: Manifest): Record<string, string> | undefined {
  return nonEmptyLabels(policy.spec?.selector?.matchLabels);
}

/**
 * Whether the policy is bound by `targetRef`/`targetRefs` (to a Gateway, waypoint or Service) rather than by
 * selector: such a policy does not apply to sidecars or ztunnel by selector.
 */
export function hasTargetRefs(policy: Manifest): boolean {
  const refs = policy.spec?.targetRefs;
  return !!policy.spec?.targetRef || (Array.isArray(refs) && refs.length > 0);
}

/**
 * An allow-nothing policy (`spec: {}`, or ALLOW with no rules): once it applies to a workload, a request is
 * allowed only if another ALLOW policy's rule matches it.
 */
export function isAllowNothing(policy: Manifest): boolean {
  return authzAction(policy) === 'ALLOW' && authzRules(policy).length === 0 && !hasTargetRefs(policy) && !policy.spec?.provider;
}

/**
 * Istio's policy string match (MESH-FACTS Istio 10) of `pattern` against `value`: presence `*`, suffix `*abc`,
 * prefix `abc*`, otherwise exact.
 */
export function policyStringMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return pattern === value;
}

/** The namespace and service account a principal names, where it names them without wildcards. */
export interface PrincipalParts {
  /** The namespace, if the principal names one without a wildcard. */
  readonly namespace?: string;
  /** The service account, if the principal names one without a wildcard. */
  readonly serviceAccount?: string;
}

/**
 * Parses a principal `<trust-domain>/ns/<ns>/sa/<sa>` (MESH-FACTS Istio 9), allowing Istio's leading `*` (in
 * place of the trust domain) or trailing `*` (in place of the service account). Returns undefined for anything
 * else (`*`, other shapes).
 */
export function principalParts(principal: string): PrincipalParts | undefined {
  const inner = principal.replace(/^\*/, '').replace(/\*$/, '');
  if (inner.includes('*')) return undefined;
  const parts = principal.split('/');
  if (parts.length < 3 || parts[1] !== 'ns' || parts[2] === '' || parts[2].includes('*')) return undefined;
  if (parts.length === 3) return { namespace: parts[2] };
  if (parts[3] === '*' && parts.length === 4) return { namespace: parts[2] };
  if (parts[3] !== 'sa' || parts.length !== 5) return undefined;
  const sa = parts[4];
  return sa === '' || sa.includes('*') ? { namespace: parts[2] } : { namespace: parts[2], serviceAccount: sa };
}

/** Condition keys (`when[].key`) that constrain who the caller is. */
const SOURCE_CONDITION_PREFIXES = ['source.', 'remote.ip', 'request.auth.'];

/**
 * Whether a rule constrains the source: a non-empty `from` whose every entry has a non-empty `source`
 * (entries are OR'ed, so one empty source lets anyone in), or a `when` condition on the caller.
 */
export function ruleConstrainsSource(rule: any): boolean {
  const from = list(rule?.from);
  const fromConstrains = from.length > 0 && from.every(f => f?.source && typeof f.source === 'object' && Object.keys(f.source).length > 0);
  const when = list(rule?.when);
  const whenConstrains = when.some(c => typeof c?.key === 'string' && SOURCE_CONDITION_PREFIXES.some(p => c.key.startsWith(p)));
  return fromConstrains || whenConstrains;
}

/** Whether a rule is empty (`{}`): it matches every request. */
export function isEmptyRule(rule: any): boolean {
  if (!rule || typeof rule !== 'object') return true;
  return ['from', 'to', 'when'].every(k => !Array.isArray(rule[k]) || rule[k].length === 0);
}

/** Source fields ztunnel cannot evaluate (they need the HTTP request). */
const L7_SOURCE_FIELDS = ['requestPrincipals', 'notRequestPrincipals'];
/** Operation fields ztunnel cannot evaluate; `ports`/`notPorts` are L4. */
const L7_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
/** Condition keys ztunnel evaluates; every other key (`request.headers[...]`, `request.auth.*`, `connection.sni`) needs L7. */
const L4_CONDITION_KEYS = new Set(['source.ip', 'source.namespace', 'source.principal', 'source.serviceAccount', 'remote.ip', 'destination.ip', 'destination.port']);

/**
 * The attributes of a rule that ztunnel (L4 only) cannot enforce, as paths relative to the rule
 * (`to[0].operation.paths`, `when[1] (request.headers[x-user])`).
 */
export function l7Attributes(rule: any): string[] {
  const found: string[] = [];
  list(rule?.from).forEach((f, j) => {
    for (const field of L7_SOURCE_FIELDS) if (f?.source?.[field] !== undefined) found.push(`from[${j}].source.${field}`);
  });
  list(rule?.to).forEach((t, j) => {
    for (const field of L7_OPERATION_FIELDS) if (t?.operation?.[field] !== undefined) found.push(`to[${j}].operation.${field}`);
  });
  list(rule?.when).forEach((c, j) => {
    if (typeof c?.key === 'string' && !L4_CONDITION_KEYS.has(c.key)) found.push(`when[${j}] (${c.key})`);
  });
  return found;
}

/** Whether a namespace's labels enrol it in ambient mode (`istio.io/dataplane-mode: ambient`). */
export function isAmbient(labels: Record<string, string> | undefined): boolean {
  return labels?.['istio.io/dataplane-mode'] === 'ambient';
}
