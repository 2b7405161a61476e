import { authorizationPolicies, authzRules, principalParts } from '../authz-semantics';
import { ManifestIndexOptions } from '../index-options';
import { ManifestIndex, Workload } from '../manifest-index';
import { compare, list, unique } from '../util';
import { applicablePolicies, IstioRequest, sourceMismatch } from './istio-authz';

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
 */
export class AccessMatrix {
  /** Computes the matrix. */
  public static compute(manifests: any[], options: ManifestIndexOptions = {}): AccessMatrixResult {
    const index = new ManifestIndex(manifests, options);
    const id = (w: Workload) => index.ref(w.object);
    const workloads = [...index.allWorkloads()].sort((a, b) => compare(id(a), id(b)));
    const callers = callerIdentities(index, workloads);
    const cells: AccessMatrixCell[] = [];
    for (const caller of callers) {
      const [ns, sa] = splitCaller(caller);
      for (const w of workloads) cells.push({ caller, workload: id(w), ...cell(index, w, ns, sa) });
    }
    return { callers, workloads: workloads.map(id), cells };
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

function cell(index: ManifestIndex, w: Workload, ns: string, sa: string): { decision: AccessDecision; summary: string } {
  const policies = applicablePolicies(index, w.namespace, w.podLabels, []);
  const req: IstioRequest = { sourceNamespace: ns, sourceServiceAccount: sa, method: '', path: '', port: 0, headers: {} };
  const custom = policies.some(p => p.action === 'CUSTOM') ? ' (+ext-authz)' : '';
  const denies: string[] = [];
  for (const p of policies.filter(x => x.action === 'DENY')) {
    for (const rule of authzRules(p.object)) {
      const cond = ruleCondition(rule, req);
      if (cond === undefined) continue;
      if (cond === '') return { decision: AccessDecision.DENY, summary: `deny (${p.id})` };
      denies.push(cond);
    }
  }
  const allows = policies.filter(x => x.action === 'ALLOW');
  const except = denies.length ? `; except ${unique(denies).join(' | ')}` : '';
  if (allows.length === 0) {
    return denies.length
      ? { decision: AccessDecision.CONDITIONAL, summary: `allow${except}${custom}` }
      : { decision: AccessDecision.ALLOW, summary: `allow${custom}` };
  }
  const conds: string[] = [];
  const by: string[] = [];
  for (const p of allows) {
    for (const rule of authzRules(p.object)) {
      const cond = ruleCondition(rule, req);
      if (cond === undefined) continue;
      if (!by.includes(p.id)) by.push(p.id);
      if (cond === '' && denies.length === 0) return { decision: AccessDecision.ALLOW, summary: `allow (${p.id})${custom}` };
      conds.push(cond === '' ? 'any request' : cond);
    }
  }
  if (conds.length === 0) return { decision: AccessDecision.DENY, summary: 'deny' };
  return { decision: AccessDecision.CONDITIONAL, summary: `${unique(conds).join(' | ')}${except} (${by.join(', ')})${custom}` };
}

/**
 * The L7 condition under which `rule` matches requests of the caller: undefined if it never does, '' if it
 * always does. Source fields the caller's identity decides are evaluated; JWT and IP fields become conditions.
 */
function ruleCondition(rule: any, req: IstioRequest): string | undefined {
  const from = list(rule?.from);
  const sourceConds: string[] = [];
  if (from.length > 0) {
    let any = false;
    for (const f of from) {
      const s = { ...(f?.source ?? {}) };
      const extra: string[] = [];
      for (const k of ['requestPrincipals', 'notRequestPrincipals', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) {
        if (Array.isArray(s[k]) && s[k].length) extra.push(`${k} ${s[k].join(',')}`);
        delete s[k];
      }
      if (sourceMismatch(s, req, []) !== undefined) continue;
      any = true;
      sourceConds.push(extra.join(' '));
    }
    if (!any) return undefined;
    if (sourceConds.includes('')) sourceConds.length = 0;
  }
  const ops = list(rule?.to).map(t => describeOperation(t?.operation ?? {}));
  const when = list(rule?.when).map(c =>
    `when ${c.key}${c.values ? ` in ${c.values.join(',')}` : ''}${c.notValues ? ` not in ${c.notValues.join(',')}` : ''}`);
  const parts = [sourceConds.join(' or '), ops.includes('') ? '' : ops.join(' or '), when.join(' ')].filter(p => p !== '');
  return parts.join(' ');
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
  const namespacesWithCallers = new Set(workloads.map(w => w.namespace));
  const named = new Set<string>();
  for (const p of authorizationPolicies(index)) {
    for (const rule of authzRules(p)) {
      for (const f of rule?.from ?? []) {
        const s = f?.source ?? {};
        for (const pr of [...(s.principals ?? []), ...(s.notPrincipals ?? [])]) {
          const parts = principalParts(String(pr));
          if (parts?.serviceAccount !== undefined) ids.add(`${parts.namespace}/${parts.serviceAccount}`);
        }
        for (const x of [...(s.serviceAccounts ?? []), ...(s.notServiceAccounts ?? [])]) ids.add(String(x));
        for (const n of [...(s.namespaces ?? []), ...(s.notNamespaces ?? [])]) {
          if (!String(n).includes('*')) named.add(String(n));
        }
      }
    }
  }
  for (const n of named) {
    if (!namespacesWithCallers.has(n) && ![...ids].some(i => i.startsWith(`${n}/`))) ids.add(`${n}/*`);
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
