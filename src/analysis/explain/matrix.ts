import { authorizationPolicies, authzRules, principalParts } from '../authz-semantics';
import { ManifestIndexOptions } from '../index-options';
import { Manifest, ManifestIndex, Workload } from '../manifest-index';
import { compare, list, unique } from '../util';
import {
  ApplicablePolicy, AuthorizationPolicyIndex, conditionMismatch, IstioRequest, SOURCE_IDENTITY_CONDITION_KEYS, sourceMismatch,
} from './istio-authz';
import { evaluateLinkerd, linkerdMeshed, usesLinkerd } from './linkerd-authz';

/** What a caller may do to a workload. */
export enum AccessDecision {
  /** Every request is allowed. */
  ALLOW = 'allow',
  /** Some requests are allowed: the cell's summary says which. */
  CONDITIONAL = 'conditional',
  /** Every request is denied. */
  DENY = 'deny',
}

/** One cell of the matrix. */
export interface AccessMatrixCell {
  /** Caller identity `namespace/serviceAccount` (`namespace/*`: any other service account of the namespace). */
  readonly caller: string;
  /** Workload `namespace/name`. */
  readonly workload: string;
  /** allow, conditional or deny. */
  readonly decision: AccessDecision;
  /** `allow`, `deny`, or the L7 conditions (`POST /api/payments,/api/payments/*`), with deciding policies. */
  readonly summary: string;
}

/** Who may call what. */
export interface AccessMatrixResult {
  /** Rows: caller identities, sorted. */
  readonly callers: string[];
  /** Columns: workloads, sorted. */
  readonly workloads: string[];
  /** Cells, row by row (callers × workloads). */
  readonly cells: AccessMatrixCell[];
}

/** How to render the matrix. */
export enum MatrixFormat {
  /** A text table: callers down, workloads across. */
  TABLE = 'table',
  /** A Mermaid flowchart (allowed edges; conditional edges labelled). */
  MERMAID = 'mermaid',
  /** A Graphviz DOT digraph (allowed edges; conditional edges dashed and labelled). */
  DOT = 'dot',
}

/**
 * The access matrix of Istio AuthorizationPolicies: for every caller identity (the service accounts of the
 * workloads in the manifests, those named in policies, and `namespace/*` for namespaces policies name) and
 * every workload, whether requests are allowed, denied, or allowed under L7 conditions. Computed with the
 * same rule matching as `AuthzExplainer` (DENY before ALLOW; no ALLOW policy: allowed; allow-nothing).
 *
 * The policies of each workload are found once (from policies indexed by namespace) and each policy's rules are
 * read once; a cell then decides only the rules that apply to its workload, each rule once per caller, so the
 * work is O(callers × workloads × rules that apply) rather than a scan of every policy per cell.
 */
export class AccessMatrix {
  /** Computes the matrix. */
  public static compute(manifests: any[], options: ManifestIndexOptions = {}): AccessMatrixResult {
    const index = new ManifestIndex(manifests, options);
    const id = (w: Workload) => index.ref(w.object);
    const workloads = [...index.allWorkloads()].sort((a, b) => compare(id(a), id(b)));
    const callers = callerIdentities(index, workloads);
    const policyIndex = new AuthorizationPolicyIndex(index);
    const compiled = new Map<Manifest, CompiledPolicy>();
    const linkerd = linkerdGoverned(index);
    const columns = workloads.map(w => ({
      workload: id(w),
      linkerd: linkerd(w) ? w : undefined,
      policies: workloadPolicies(policyIndex.applicable(w.namespace, w.podLabels, []), compiled),
    }));
    const cells: AccessMatrixCell[] = [];
    for (const caller of callers) {
      const [ns, sa] = splitCaller(caller);
      const req: IstioRequest = { sourceNamespace: ns, sourceServiceAccount: sa, method: '', path: '', port: 0, headers: {} };
      // A rule of a namespace-wide or root-namespace policy applies to many workloads: decide it once per caller.
      const decided = new Map<CompiledRule, string | undefined>();
      const condition = (rule: CompiledRule) => {
        if (!decided.has(rule)) decided.set(rule, ruleCondition(rule, req));
        return decided.get(rule);
      };
      for (const column of columns) {
        const result = column.linkerd ? linkerdCell(index, column.linkerd, ns, sa) : cell(column.policies, condition);
        cells.push({ caller, workload: column.workload, ...result });
      }
    }
    return { callers, workloads: columns.map(c => c.workload), cells };
  }

  /** Renders the matrix as a table, a Mermaid flowchart or a DOT graph. */
  public static render(matrix: AccessMatrixResult, format: MatrixFormat = MatrixFormat.TABLE): string {
    switch (format) {
      case MatrixFormat.MERMAID: return mermaid(matrix);
      case MatrixFormat.DOT: return dot(matrix);
      default: return table(matrix);
    }
  }
}

/**
 * Which workloads Linkerd's inbound policy governs: those with the proxy injected (pod template or Namespace
 * `linkerd.io/inject: enabled`), and every workload when the manifests hold Linkerd objects and no Istio
 * security objects (a Linkerd-only app whose injection is set outside the files).
 */
function linkerdGoverned(index: ManifestIndex): (w: Workload) => boolean {
  const linkerdOnly = usesLinkerd(index) && !index.has('security.istio.io', 'AuthorizationPolicy') && !index.has('security.istio.io', 'PeerAuthentication');
  return w => linkerdOnly || linkerdMeshed(index, w);
}

/**
 * A cell under Linkerd: the meshed caller's `GET /` to every container port of the workload (the default
 * inbound policy, Servers, AuthorizationPolicies and their authentications); a port whose Server has HTTPRoutes
 * makes the cell conditional, since the routes then decide per request.
 */
function linkerdCell(index: ManifestIndex, w: Workload, ns: string, sa: string): { decision: AccessDecision; summary: string } {
  const containers: any[] = w.object.spec?.template?.spec?.containers ?? w.object.spec?.containers ?? [];
  const ports = unique(containers.flatMap(c => list(c?.ports).map((p: any) => p?.containerPort)).filter((p: any) => typeof p === 'number')).sort((a, b) => a - b);
  const results = (ports.length ? ports : [0]).map(port => ({
    port,
    r: evaluateLinkerd(index, {
      sourceNamespace: ns,
      sourceServiceAccount: sa,
      targetNamespace: w.namespace,
      labels: w.podLabels,
      workload: w,
      port,
      request: { method: 'GET', path: '/', headers: {} },
    }),
  }));
  const routed = results.filter(x => x.r.notes.some(n => n.startsWith('request matches HTTPRoute')) || x.r.reason.startsWith('HTTPRoutes are attached'));
  const allowed = results.filter(x => x.r.decision === 'ALLOW');
  const by = unique(results.map(x => x.r.decidedBy));
  const portText = (xs: typeof results) => xs.map(x => x.port).join(',');
  if (routed.length === 0 && allowed.length === results.length) return { decision: AccessDecision.ALLOW, summary: `allow (Linkerd: ${by.join(', ')})` };
  if (routed.length === 0 && allowed.length === 0) return { decision: AccessDecision.DENY, summary: `deny (Linkerd: ${by.join(', ')})` };
  const parts = [
    ...(allowed.length ? [`ports ${portText(allowed)}`] : []),
    ...(routed.length ? [`HTTPRoutes decide on ports ${portText(routed)}`] : []),
  ];
  return { decision: AccessDecision.CONDITIONAL, summary: `${parts.join('; ')} (Linkerd: ${by.join(', ')})` };
}

/** A policy with its rules read once. */
interface CompiledPolicy {
  readonly id: string;
  readonly action: string;
  readonly rules: CompiledRule[];
}

/** The policies that apply to one workload, by action (computed once per workload). */
interface WorkloadPolicies {
  readonly custom: boolean;
  readonly denies: CompiledPolicy[];
  readonly allows: CompiledPolicy[];
}

function workloadPolicies(applicable: ApplicablePolicy[], compiled: Map<Manifest, CompiledPolicy>): WorkloadPolicies {
  const policies = applicable.map(p => {
    let c = compiled.get(p.object);
    if (!c) compiled.set(p.object, c = { id: p.id, action: p.action, rules: authzRules(p.object).map(compileRule) });
    return c;
  });
  return {
    custom: policies.some(p => p.action === 'CUSTOM'),
    denies: policies.filter(p => p.action === 'DENY'),
    allows: policies.filter(p => p.action === 'ALLOW'),
  };
}

function cell(policies: WorkloadPolicies, condition: (rule: CompiledRule) => string | undefined): { decision: AccessDecision; summary: string } {
  const custom = policies.custom ? ' (+ext-authz)' : '';
  const denies: string[] = [];
  for (const p of policies.denies) {
    for (const rule of p.rules) {
      const cond = condition(rule);
      if (cond === undefined) continue;
      if (cond === '') return { decision: AccessDecision.DENY, summary: `deny (${p.id})` };
      denies.push(cond);
    }
  }
  const except = denies.length ? `; except ${unique(denies).join(' | ')}` : '';
  if (policies.allows.length === 0) {
    return denies.length
      ? { decision: AccessDecision.CONDITIONAL, summary: `allow${except}${custom}` }
      : { decision: AccessDecision.ALLOW, summary: `allow${custom}` };
  }
  const conds: string[] = [];
  const by: string[] = [];
  for (const p of policies.allows) {
    for (const rule of p.rules) {
      const cond = condition(rule);
      if (cond === undefined) continue;
      if (!by.includes(p.id)) by.push(p.id);
      if (cond === '' && denies.length === 0) return { decision: AccessDecision.ALLOW, summary: `allow (${p.id})${custom}` };
      conds.push(cond === '' ? 'any request' : cond);
    }
  }
  if (conds.length === 0) return { decision: AccessDecision.DENY, summary: 'deny' };
  return { decision: AccessDecision.CONDITIONAL, summary: `${unique(conds).join(' | ')}${except} (${by.join(', ')})${custom}` };
}

/** Source fields the caller's identity does not decide (JWT and IP): they become conditions in the summary. */
const SOURCE_CONDITION_FIELDS = ['requestPrincipals', 'notRequestPrincipals', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'];

/** A rule read once: what the caller's identity decides, and the caller-independent conditions as text. */
interface CompiledRule {
  /** The `from` entries (undefined: no `from`, any source): identity fields to evaluate, the other fields as text. */
  readonly from?: { readonly identity: any; readonly text: string }[];
  /** The `when` conditions on the caller's identity. */
  readonly identityConditions: any[];
  /** The operations and the other `when` conditions, as text ('' when they always hold). */
  readonly text: string;
}

function compileRule(rule: any): CompiledRule {
  const from = list(rule?.from).map(f => {
    const identity = { ...(f?.source ?? {}) };
    const text: string[] = [];
    for (const k of SOURCE_CONDITION_FIELDS) {
      if (Array.isArray(identity[k]) && identity[k].length) text.push(`${k} ${identity[k].join(',')}`);
      delete identity[k];
    }
    return { identity, text: text.join(' ') };
  });
  const identityConditions: any[] = [];
  const when: string[] = [];
  for (const c of list(rule?.when)) {
    if (SOURCE_IDENTITY_CONDITION_KEYS.has(c?.key)) identityConditions.push(c);
    else when.push(`when ${c?.key}${c?.values ? ` in ${list(c.values).join(',')}` : ''}${c?.notValues ? ` not in ${list(c.notValues).join(',')}` : ''}`);
  }
  const ops = list(rule?.to).map(t => describeOperation(t?.operation ?? {}));
  return {
    from: from.length > 0 ? from : undefined,
    identityConditions,
    text: [ops.includes('') ? '' : ops.join(' or '), when.join(' ')].filter(p => p !== '').join(' '),
  };
}

/**
 * The L7 condition under which a rule matches requests of the caller: undefined if it never does, '' if it
 * always does. Source fields and `when` conditions the caller's identity decides (`source.principal`,
 * `source.namespace`, `source.serviceAccount`) are evaluated; JWT, IP, header and other conditions stay as text.
 */
function ruleCondition(rule: CompiledRule, req: IstioRequest): string | undefined {
  let sourceText = '';
  if (rule.from) {
    const matching = rule.from.filter(f => sourceMismatch(f.identity, req, []) === undefined);
    if (matching.length === 0) return undefined;
    if (!matching.some(f => f.text === '')) sourceText = matching.map(f => f.text).join(' or ');
  }
  if (rule.identityConditions.some(c => conditionMismatch(c, req, []) !== undefined)) return undefined;
  return [sourceText, rule.text].filter(p => p !== '').join(' ');
}

function describeOperation(op: any): string {
  const parts: string[] = [];
  const add = (label: string, v: any) => {
    if (Array.isArray(v) && v.length) parts.push(label ? `${label} ${v.join(',')}` : v.join(','));
  };
  add('', op.methods);
  add('not', op.notMethods);
  add('', op.paths);
  add('not', op.notPaths);
  add('ports', op.ports);
  add('not ports', op.notPorts);
  add('hosts', op.hosts);
  add('not hosts', op.notHosts);
  return parts.join(' ');
}

function callerIdentities(index: ManifestIndex, workloads: Workload[]): string[] {
  const ids = new Set(workloads.map(w => `${w.namespace}/${w.serviceAccount}`));
  const named = new Set<string>();
  for (const p of authorizationPolicies(index)) {
    for (const rule of authzRules(p)) {
      for (const f of list(rule?.from)) {
        const s = f?.source ?? {};
        for (const pr of [...list(s.principals), ...list(s.notPrincipals)]) {
          const parts = principalParts(String(pr));
          if (parts?.serviceAccount !== undefined) ids.add(`${parts.namespace}/${parts.serviceAccount}`);
        }
        for (const x of [...list(s.serviceAccounts), ...list(s.notServiceAccounts)]) ids.add(String(x));
        for (const n of [...list(s.namespaces), ...list(s.notNamespaces)]) {
          if (!String(n).includes('*')) named.add(String(n));
        }
      }
    }
  }
  // Linkerd: identities of MeshTLSAuthentications (`<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`,
  // `*.<ns>.…` for any of a namespace), their ServiceAccount and Namespace identityRefs, and ServiceAccounts that
  // AuthorizationPolicies require directly, so a caller only Linkerd policies name gets a row.
  for (const mta of index.ofKind('policy.linkerd.io', 'MeshTLSAuthentication')) {
    for (const identity of list(mta.spec?.identities)) {
      const m = /^([^.]+)\.([^.]+)\.serviceaccount\.identity\./.exec(String(identity));
      if (!m) continue;
      if (m[1] === '*') named.add(m[2]);
      else ids.add(`${m[2]}/${m[1]}`);
    }
    for (const r of list(mta.spec?.identityRefs)) {
      if (typeof r?.name !== 'string' || r.name === '*') continue;
      if (r.kind === 'ServiceAccount') ids.add(`${r.namespace ?? index.namespaceOf(mta)}/${r.name}`);
      if (r.kind === 'Namespace') named.add(r.name);
    }
  }
  for (const ap of index.ofKind('policy.linkerd.io', 'AuthorizationPolicy')) {
    for (const r of list(ap.spec?.requiredAuthenticationRefs)) {
      if (r?.kind === 'ServiceAccount' && typeof r.name === 'string') ids.add(`${r.namespace ?? index.namespaceOf(ap)}/${r.name}`);
    }
  }
  // A named namespace with no known caller identity gets one row for "any service account of it".
  const namespacesWithCallers = new Set([...ids].filter(i => i.includes('/')).map(i => splitCaller(i)[0]));
  for (const n of named) {
    if (!namespacesWithCallers.has(n)) ids.add(`${n}/*`);
  }
  return [...ids].sort(compare);
}

function splitCaller(caller: string): [string, string] {
  const i = caller.indexOf('/');
  return [caller.slice(0, i), caller.slice(i + 1)];
}

function table(m: AccessMatrixResult): string {
  const header = ['caller \\ workload', ...m.workloads];
  const byKey = new Map(m.cells.map(x => [`${x.caller}\u0000${x.workload}`, x.summary]));
  const rows = m.callers.map(c => [c, ...m.workloads.map(w => byKey.get(`${c}\u0000${w}`) ?? '')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(header), widths.map(w => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n') + '\n';
}

function mermaid(m: AccessMatrixResult): string {
  const lines = ['flowchart LR'];
  const esc = (s: string) => s.replace(/"/g, '#quot;');
  m.callers.forEach((c, i) => lines.push(`  c${i}(["${esc(c)}"])`));
  m.workloads.forEach((w, i) => lines.push(`  w${i}["${esc(w)}"]`));
  for (const x of m.cells) {
    if (x.decision === AccessDecision.DENY) continue;
    const from = `c${m.callers.indexOf(x.caller)}`;
    const to = `w${m.workloads.indexOf(x.workload)}`;
    lines.push(x.decision === AccessDecision.ALLOW ? `  ${from} --> ${to}` : `  ${from} -.->|"${esc(x.summary)}"| ${to}`);
  }
  return lines.join('\n') + '\n';
}

function dot(m: AccessMatrixResult): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph access {', '  rankdir=LR;'];
  for (const c of m.callers) lines.push(`  ${q(`sa:${c}`)} [shape=ellipse, label=${q(c)}];`);
  for (const w of m.workloads) lines.push(`  ${q(w)} [shape=box];`);
  for (const x of m.cells) {
    if (x.decision === AccessDecision.DENY) continue;
    const attrs = x.decision === AccessDecision.ALLOW ? '' : ` [style=dashed, label=${q(x.summary)}]`;
    lines.push(`  ${q(`sa:${x.caller}`)} -> ${q(x.workload)}${attrs};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
