import { authzRules, isAllowNothing } from '../authz-semantics';
import { ManifestIndexOptions } from '../index-options';
import { ManifestIndex, Workload, selects } from '../manifest-index';
import { compare, lowerCaseKeys } from '../util';
import { applicablePolicies, ApplicablePolicy, IstioRequest, istioPrincipal, matchRule } from './istio-authz';
import { evaluateLinkerd, linkerdIdentity, usesLinkerd } from './linkerd-authz';
import { linkerdPathNote, normalizeIstioPath } from './path-normalization';

/** A request to explain: who calls which workload, how. */
export interface AuthzRequest {
  /** Namespace of the calling workload. */
  readonly sourceNamespace: string;
  /** Service account of the calling workload (its mTLS identity). */
  readonly sourceServiceAccount: string;
  /** Namespace of the called workload. */
  readonly targetNamespace: string;
  /**
   * Pod labels of the called workload. When they select exactly one workload of the manifests, that
   * workload's full pod labels are used (a policy may select on a label not given here).
   * @default - use `targetWorkload`
   */
  readonly targetLabels?: Record<string, string>;
  /**
   * Name of the called workload (Deployment, StatefulSet, ...) in `targetNamespace`.
   * @default - use `targetLabels`
   */
  readonly targetWorkload?: string;
  /** HTTP method (`GET`, `POST`). */
  readonly method: string;
  /** Request path; a query string is ignored by policy matching, as Istio matches the path only. */
  readonly path: string;
  /** The workload (container) port the request arrives on: policies match workload ports, not Service ports. */
  readonly port: number;
  /**
   * The Host (`:authority`) header, for `to.operation.hosts`.
   * @default - unknown: `hosts` rules do not match
   */
  readonly host?: string;
  /**
   * Request headers, for `when` conditions on `request.headers[...]`.
   * @default - none
   */
  readonly headers?: Record<string, string>;
  /**
   * The validated JWT principal (`<iss>/<sub>`), for `requestPrincipals`.
   * @default - the request carries no validated token
   */
  readonly requestPrincipal?: string;
  /**
   * The caller sends plaintext (an unmeshed pod, or a client outside the mesh): it has no mTLS identity, so
   * `sourceNamespace`/`sourceServiceAccount` name no principal. Istio: `principals`, `namespaces`,
   * `serviceAccounts` never match it and `notPrincipals: ["*"]` does (a PeerAuthentication STRICT refuses it
   * before authorization); Linkerd: only `all-unauthenticated`/`cluster-unauthenticated` policies, Servers with
   * such an `accessPolicy`, and AuthorizationPolicies with no MeshTLS or ServiceAccount reference admit it.
   * @default false: a meshed caller with the service account's identity
   */
  readonly plaintext?: boolean;
  /**
   * The caller's IP address, for Istio `ipBlocks`/`remoteIpBlocks` (and `source.ip`/`remote.ip` conditions;
   * with no trusted proxies the remote IP is the peer's) and Linkerd NetworkAuthentication `networks`.
   * @default - unknown: IP fields are assumed not to match, and the explanation says so
   */
  readonly sourceIp?: string;
}

/** A decision. */
export enum AuthzDecision {
  /** The request is let through. */
  ALLOW = 'ALLOW',
  /** The request is refused (HTTP 403 from the sidecar). */
  DENY = 'DENY',
}

/** One rule of an applicable policy, as evaluated. */
export interface AuthzRuleEvaluation {
  /** `namespace/name` of the AuthorizationPolicy. */
  readonly policy: string;
  /** `ALLOW`, `DENY`, `CUSTOM` or `AUDIT`. */
  readonly action: string;
  /**
   * Index in `spec.rules`.
   * @default - the policy has no rules
   */
  readonly ruleIndex?: number;
  /** Whether the rule matches the request. */
  readonly matched: boolean;
  /** Why (the first field that did not match, or what matched). */
  readonly detail: string;
}

/** Istio's answer. */
export interface IstioAuthzResult {
  /** ALLOW or DENY. */
  readonly decision: AuthzDecision;
  /**
   * `namespace/name` of the deciding policy.
   * @default - none: no policy decided (no ALLOW policy applies, so the request is allowed)
   */
  readonly policy?: string;
  /**
   * The deciding rule's index in `spec.rules`.
   * @default - none (an allow-nothing policy, or no deciding policy)
   */
  readonly ruleIndex?: number;
  /** One sentence: why. */
  readonly reason: string;
  /** ext-authz providers of CUSTOM policies whose rules match: they are consulted first and may still deny. */
  readonly customProviders: string[];
  /** Every rule of every policy that applies to the workload, as evaluated. */
  readonly evaluations: AuthzRuleEvaluation[];
  /** What could not be known offline and what was assumed; policies skipped and why. */
  readonly notes: string[];
}

/** Linkerd's answer. */
export interface LinkerdAuthzResult {
  /** ALLOW or DENY. */
  readonly decision: AuthzDecision;
  /**
   * `namespace/name` of the Server that selects the port.
   * @default - none: the default inbound policy applies
   */
  readonly server?: string;
  /** The object or default that decided. */
  readonly decidedBy: string;
  /** One sentence: why. */
  readonly reason: string;
  /** Assumptions and conflicts. */
  readonly notes: string[];
}

/** The answer to "may this caller make this request?". */
export interface AuthzExplanation {
  /** The caller's Istio principal (`cluster.local/ns/<ns>/sa/<sa>`). */
  readonly principal: string;
  /** The caller's Linkerd identity (`<sa>.<ns>.serviceaccount.identity.linkerd.cluster.local`). */
  readonly linkerdIdentity: string;
  /** Whether the caller was evaluated as plaintext (no mTLS identity: `principal` and `linkerdIdentity` unused). */
  readonly plaintext: boolean;
  /**
   * The caller's IP address.
   * @default - unknown
   */
  readonly sourceIp?: string;
  /** Namespace of the called workload. */
  readonly targetNamespace: string;
  /**
   * `namespace/name` of the called workload.
   * @default - the labels select no single workload of the manifests
   */
  readonly targetWorkload?: string;
  /** The pod labels policies were matched against. */
  readonly targetLabels: Record<string, string>;
  /** Istio's decision. */
  readonly istio: IstioAuthzResult;
  /**
   * Linkerd's decision.
   * @default - none: the manifests contain no Linkerd configuration
   */
  readonly linkerd?: LinkerdAuthzResult;
}

/**
 * Explains an authorization decision offline, as `istioctl x authz check` would on a live pod: the policies
 * that apply, CUSTOM then DENY then ALLOW, and the policy and rule that decide; plus Linkerd's answer.
 */
export class AuthzExplainer {
  /** Evaluates `request` against the AuthorizationPolicies (and Linkerd policies) in `manifests`. */
  public static explain(manifests: any[], request: AuthzRequest, options: ManifestIndexOptions = {}): AuthzExplanation {
    const index = new ManifestIndex(manifests, options);
    const { workload, labels, notes } = resolveTarget(index, request);
    const headers = lowerCaseKeys(request.headers ?? {});
    // Sidecars normalize the path before authorization (MeshConfig pathNormalization, BASE by default).
    const istioPath = normalizeIstioPath(request.path, index.mesh.pathNormalization);
    if (istioPath !== request.path) notes.push(`Istio decides the path ${istioPath}: ${request.path} as normalized by pathNormalization ${index.mesh.pathNormalization}`);
    const istioReq: IstioRequest = {
      sourceNamespace: request.sourceNamespace,
      sourceServiceAccount: request.sourceServiceAccount,
      method: request.method,
      path: istioPath,
      port: request.port,
      host: request.host,
      headers,
      requestPrincipal: request.requestPrincipal,
      plaintext: request.plaintext === true,
      sourceIp: request.sourceIp,
      trustDomain: index.mesh.trustDomain,
      trustDomainAliases: index.mesh.trustDomainAliases,
    };
    const istio = evaluateIstio(index, request.targetNamespace, labels, istioReq, notes);
    let linkerd: LinkerdAuthzResult | undefined;
    if (usesLinkerd(index)) {
      const l = evaluateLinkerd(index, {
        sourceNamespace: request.sourceNamespace,
        sourceServiceAccount: request.sourceServiceAccount,
        targetNamespace: request.targetNamespace,
        labels,
        workload,
        port: request.port,
        request: { method: request.method, path: request.path, headers },
        meshed: request.plaintext !== true,
        sourceIp: request.sourceIp,
      });
      const pathNote = linkerdPathNote(request.path);
      linkerd = { ...l, decision: l.decision === 'ALLOW' ? AuthzDecision.ALLOW : AuthzDecision.DENY, notes: pathNote ? [pathNote, ...l.notes] : l.notes };
    }
    return {
      principal: istioPrincipal(request.sourceNamespace, request.sourceServiceAccount, index.mesh.trustDomain),
      linkerdIdentity: linkerdIdentity(request.sourceNamespace, request.sourceServiceAccount, index.clusterDomain),
      plaintext: request.plaintext === true,
      ...(request.sourceIp !== undefined ? { sourceIp: request.sourceIp } : {}),
      targetNamespace: request.targetNamespace,
      targetWorkload: workload ? index.ref(workload.object) : undefined,
      targetLabels: labels,
      istio,
      linkerd,
    };
  }

  /** Renders an explanation as text, one fact per line. */
  public static format(e: AuthzExplanation): string {
    const lines: string[] = [];
    const ip = e.sourceIp !== undefined ? ` from ${e.sourceIp}` : '';
    lines.push(e.plaintext ? `caller: plaintext, no mTLS identity${ip}` : `caller: ${e.principal}${ip}`);
    lines.push(e.targetWorkload
      ? `target: ${e.targetWorkload} (labels ${formatLabels(e.targetLabels)})`
      : `target: pods in ${e.targetNamespace} labelled ${formatLabels(e.targetLabels)}`);
    lines.push('');
    const i = e.istio;
    lines.push(`Istio: ${i.decision}${i.policy ? ` by ${i.policy}${i.ruleIndex !== undefined ? ` rules[${i.ruleIndex}]` : ''}` : ''}`);
    lines.push(`  ${i.reason}`);
    for (const p of i.customProviders) lines.push(`  CUSTOM: ext-authz provider ${p} is consulted first and may deny`);
    if (i.evaluations.length > 0) lines.push('  evaluated:');
    for (const ev of i.evaluations) {
      const rule = ev.ruleIndex === undefined ? '(no rules)' : `rules[${ev.ruleIndex}]`;
      lines.push(`    ${ev.action.padEnd(6)} ${ev.policy} ${rule}: ${ev.matched ? 'match' : 'no match'}: ${ev.detail}`);
    }
    for (const n of i.notes) lines.push(`  note: ${n}`);
    if (e.linkerd) {
      const l = e.linkerd;
      lines.push('');
      lines.push(`Linkerd: ${l.decision} by ${l.decidedBy}`);
      lines.push(`  caller identity: ${e.linkerdIdentity}`);
      lines.push(`  ${l.reason}`);
      for (const n of l.notes) lines.push(`  note: ${n}`);
    }
    return lines.join('\n') + '\n';
  }
}

/** Istio's evaluation: CUSTOM (noted), DENY, then ALLOW. */
function evaluateIstio(
  index: ManifestIndex, namespace: string, labels: Record<string, string>, req: IstioRequest, notes: string[],
): IstioAuthzResult {
  const policies = applicablePolicies(index, namespace, labels, notes);
  const evaluations: AuthzRuleEvaluation[] = [];
  const matches = new Map<ApplicablePolicy, number>();
  for (const p of policies) {
    const rules = authzRules(p.object);
    if (rules.length === 0) {
      evaluations.push({ policy: p.id, action: p.action, matched: false, detail: p.action === 'ALLOW' ? 'allow-nothing: no rules, so no request matches' : `${p.action} without rules is rejected by Istio validation` });
      continue;
    }
    rules.forEach((rule, ruleIndex) => {
      const outcome = matchRule(rule, req);
      for (const a of outcome.assumptions) if (!notes.includes(a)) notes.push(a);
      evaluations.push({ policy: p.id, action: p.action, ruleIndex, matched: outcome.matched, detail: outcome.detail });
      if (outcome.matched && !matches.has(p)) matches.set(p, ruleIndex);
    });
  }
  const customProviders = policies.filter(p => p.action === 'CUSTOM' && matches.has(p))
    .map(p => `${p.object.spec?.provider?.name ?? '(no provider)'} (${p.id})`);
  const base = { customProviders, evaluations, notes };
  const deny = policies.find(p => p.action === 'DENY' && matches.has(p));
  if (deny) {
    return { ...base, decision: AuthzDecision.DENY, policy: deny.id, ruleIndex: matches.get(deny), reason: `DENY policy ${deny.id} rules[${matches.get(deny)}] matches (DENY is evaluated before ALLOW)` };
  }
  const allows = policies.filter(p => p.action === 'ALLOW');
  if (allows.length === 0) {
    return { ...base, decision: AuthzDecision.ALLOW, reason: 'no ALLOW policy applies to the workload, so Istio allows the request' };
  }
  const allow = allows.find(p => matches.has(p));
  if (allow) {
    return { ...base, decision: AuthzDecision.ALLOW, policy: allow.id, ruleIndex: matches.get(allow), reason: `ALLOW policy ${allow.id} rules[${matches.get(allow)}] matches` };
  }
  const nothing = allows.find(p => isAllowNothing(p.object));
  if (nothing) {
    return { ...base, decision: AuthzDecision.DENY, policy: nothing.id, reason: `ALLOW policies apply and none matches; ${nothing.id} allows nothing (spec without rules), so the request is denied` };
  }
  return { ...base, decision: AuthzDecision.DENY, reason: `ALLOW policies ${allows.map(a => a.id).join(', ')} apply and no rule of them matches, so the request is denied` };
}

function resolveTarget(index: ManifestIndex, request: AuthzRequest): { workload?: Workload; labels: Record<string, string>; notes: string[] } {
  const notes: string[] = [];
  const ws = index.workloads(request.targetNamespace);
  if (request.targetWorkload !== undefined) {
    const w = ws.find(x => x.name === request.targetWorkload);
    if (!w) {
      throw new Error(`no workload named ${request.targetWorkload} in namespace ${request.targetNamespace} among the manifests: give its pod labels instead`);
    }
    return { workload: w, labels: { ...w.podLabels, ...(request.targetLabels ?? {}) }, notes };
  }
  const given = request.targetLabels ?? {};
  const selected = ws.filter(w => selects(given, w.podLabels));
  if (selected.length === 1) return { workload: selected[0], labels: { ...selected[0].podLabels }, notes };
  if (selected.length > 1) {
    notes.push(`labels ${formatLabels(given)} select ${selected.length} workloads (${selected.map(w => w.name).sort(compare).join(', ')}): policies matched against the given labels only`);
  } else if (ws.length > 0 || index.allWorkloads().length > 0) {
    notes.push(`no workload in ${request.targetNamespace} has labels ${formatLabels(given)}: policies matched against the given labels`);
  }
  return { labels: { ...given }, notes };
}

function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => compare(a, b));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
}
