/**
 * Linkerd's rendering of a `ZeroTrustAuthz` (MESH-FACTS Linkerd 6): a Server per target and port, and an
 * AuthorizationPolicy with one MeshTLSAuthentication per set of callers.
 *
 * Where rules name methods or paths, the Server gets `policy.linkerd.io` HTTPRoutes. Linkerd picks one route
 * per request (Gateway API precedence: exact path, then the longest prefix, then a method match) and applies
 * only that route's policies, whereas Istio allows a request when any rule matches it. So the routes are cut
 * into cells, one per (method or none, path) of the rules' vocabulary, and each cell is authorized for exactly
 * the rules that cover it: for every request, the cell precedence picks is covered by exactly the rules that
 * match the request on Istio. Cells with the same callers share a route and its policy.
 */
import { Construct } from 'constructs';
import { unsupported } from './mesh-support';
import { IstioPath, labelsWithin, NormalizedRule, TargetModel } from './zta-model';
import { HttpMethod } from '../../core/http-method';
import { HTTP_METHODS } from '../../core/http-methods';
import { Identity } from '../../core/identity';
import { Mesh } from '../../core/mesh';
import { HttpRouteMatch, PathMatch } from '../../gateway-api/http-route-match';
import { RouteParent } from '../../gateway-api/route-parent';
import { AuthenticationRef, AuthorizationPolicy, PolicyTarget } from '../../linkerd/authorization-policy';
import { HttpRoute, HttpRouteApiGroup } from '../../linkerd/http-route';
import { MeshTlsAuthentication } from '../../linkerd/meshtls-authentication';
import { LabelSelectorOperator, Server, ServerPort } from '../../linkerd/server';

/** `policy.linkerd.io/v1beta3` HTTPRoute limits (its CRD): matches per rule, rules per route. */
const MATCHES_PER_RULE = 8;
const RULES_PER_ROUTE = 16;

/** The Gateway API's CEL rule on Exact and PathPrefix values. */
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/** A path condition of a cell: `Exact` or element-wise `PathPrefix` (`value` without its trailing `/`, or `/`). */
interface CellPath {
  readonly kind: 'Exact' | 'PathPrefix';
  readonly value: string;
  /** The value rendered: `/x/` for Istio's `/x/*`. */
  readonly rendered: string;
}

interface Cell {
  readonly method?: string;
  readonly path: CellPath;
}

/** `/x/` -> `/x`; `/` stays. */
function trimSlash(value: string): string {
  return value.length > 1 ? value.replace(/\/+$/, '') : value;
}

/** Whether the element-wise prefix `outer` contains `inner` (`/a` contains `/a` and `/a/b`, not `/ab`). */
function containsPrefix(outer: string, inner: string): boolean {
  return outer === '/' || inner === outer || inner.startsWith(`${outer}/`);
}

/**
 * Throws unless every path of the rule has a faithful Gateway API form: exact paths, and prefixes whose `*`
 * follows a `/`. Called where the rule arrives.
 */
export function checkLinkerdPaths(scope: Construct, mesh: Mesh, at: string, paths: IstioPath[]): void {
  paths.forEach((p, i) => {
    const prop = `${at}.paths[${i}]`;
    if (p.kind === 'suffix') {
      throw unsupported(scope, mesh, prop, `${JSON.stringify(p.text)} is a suffix match, and HTTPRoute paths match exactly or by prefix (a RegularExpression would take another precedence than Istio's rule, so decisions could differ)`,
        'List the exact paths, or a prefix such as "/static/*"');
    }
    if (p.kind === 'prefix' && !p.value.endsWith('/')) {
      throw unsupported(scope, mesh, prop, `${JSON.stringify(p.text)} is a string prefix (on Istio it also matches ${JSON.stringify(`${p.value}x`)}), and an HTTPRoute PathPrefix matches whole path segments`,
        `Write ${JSON.stringify(p.value)} and ${JSON.stringify(`${p.value}/*`)}, which mean the same on both meshes`);
    }
    const value = p.kind === 'prefix' ? p.value : p.text;
    const bad = ['//', '/./', '/../', '%2f', '%2F'].find(s => value.includes(s)) ?? (/\/\.\.?$/.test(value) ? 'a trailing dot segment' : undefined);
    if (value.length > 1024 || bad !== undefined || !PATH_CHARS.test(value)) {
      throw unsupported(scope, mesh, prop, `${JSON.stringify(p.text)} is not a normalized path of at most 1024 URL characters${bad ? ` (it has ${bad})` : ''}, which the Gateway API requires of HTTPRoute paths`,
        'Write the path as the server sees it after normalization: no empty or dot segments, no encoded slashes');
    }
  });
}

/** The cell paths of a rule: exact paths, `/x/*` as PathPrefix `/x` plus Exact `/x`, no paths as PathPrefix `/`. */
function cellPathsOf(rule: NormalizedRule): CellPath[] {
  if (rule.paths.length === 0) return [{ kind: 'PathPrefix', value: '/', rendered: '/' }];
  return rule.paths.flatMap((p): CellPath[] => {
    if (p.kind === 'exact') return [{ kind: 'Exact', value: p.value, rendered: p.value }];
    const value = trimSlash(p.value);
    return value === '/' ? [{ kind: 'PathPrefix', value, rendered: '/' }]
      // Gateway API's PathPrefix ignores a trailing '/', so PathPrefix /x/ also matches /x, which Istio's /x/* does
      // not: the Exact /x cell, which wins over any prefix, carries the rules that do match /x.
      : [{ kind: 'PathPrefix', value, rendered: p.value }, { kind: 'Exact', value, rendered: value }];
  });
}

/** Whether a rule matches every request whose best cell is `cell` (and so, by construction, any of them). */
function covers(rule: NormalizedRule, cell: Cell): boolean {
  if (rule.methods.length > 0 && (cell.method === undefined || !rule.methods.includes(cell.method))) return false;
  if (rule.paths.length === 0) return true;
  const v = cell.path.value;
  return rule.paths.some(p => cell.path.kind === 'Exact'
    ? (p.kind === 'exact' ? p.value === v : p.kind === 'prefix' && v.startsWith(p.value))
    : p.kind === 'prefix' && containsPrefix(trimSlash(p.value), v));
}

/** Whether `outer` matches every request `inner` matches and loses to it on precedence. */
function catches(outer: Cell, inner: Cell): boolean {
  if (outer === inner) return false;
  if (outer.method !== undefined && outer.method !== inner.method) return false;
  const samePath = outer.path.kind === inner.path.kind && outer.path.value === inner.path.value;
  if (samePath) return outer.method === undefined && inner.method !== undefined;
  return outer.path.kind === 'PathPrefix' && containsPrefix(outer.path.value, inner.path.value);
}

function identitiesOf(rules: NormalizedRule[]): Identity[] {
  const seen = new Map<string, Identity>();
  for (const r of rules) for (const s of r.sources) if (!seen.has(s.toString())) seen.set(s.toString(), s);
  return [...seen.values()].sort((a, b) => (a.toString() < b.toString() ? -1 : a.toString() > b.toString() ? 1 : 0));
}

function meshTls(scope: Construct, id: string, mesh: Mesh, namespace: string, identities: Identity[]): MeshTlsAuthentication {
  return new MeshTlsAuthentication(scope, id, {
    metadata: { namespace },
    identities: [...new Set(identities.map(i => i.linkerdIdentity(mesh.trustDomain, mesh.controlPlaneNamespace)))],
  });
}

/**
 * The Servers of a target, one per port. A Server on a port also carries the rules of broader targets
 * (fewer labels) on that port, since Linkerd lets one Server describe a pod port; and a broader target's
 * Server leaves out the pods of narrower ones (`NotIn` on the one label that tells them apart).
 */
export function renderLinkerdTarget(scope: Construct, mesh: Mesh, namespace: string, target: TargetModel, all: TargetModel[]): void {
  const ports = [...new Set(target.rules.flatMap(r => r.ports))].sort((a, b) => a - b);
  for (const port of ports) {
    const onPort = (t: TargetModel) => t.rules.some(r => r.ports.includes(port));
    const rules = all.filter(t => labelsWithin(target.labels, t.labels)).flatMap(t => t.rules.filter(r => r.ports.includes(port)));
    const narrower = all.filter(t => t !== target && onPort(t) && labelsWithin(t.labels, target.labels));
    // Only the outermost narrower targets need leaving out (the others are inside them). One label more is always
    // outermost, so the quadratic look for a target in between is only done for the rest.
    const extraCount = (n: TargetModel) => Object.keys(n.labels).length - Object.keys(target.labels).length;
    const minimal = narrower.filter(n => extraCount(n) === 1 || !narrower.some(m => m !== n && labelsWithin(n.labels, m.labels)));
    const notIn = new Map<string, string[]>();
    for (const n of minimal) {
      const extra = Object.keys(n.labels).filter(k => !(k in target.labels));
      if (extra.length !== 1) {
        throw unsupported(scope, mesh, `${n.rules[0].at}.to.labels`,
          `the pods of ${JSON.stringify(n.labels)} are among those of ${JSON.stringify(target.labels)} on port ${port}, and Linkerd lets only one Server describe a pod port: the broader Server must leave them out, which a label selector can do only when one label tells them apart`,
          `Give the narrower target exactly one label more than ${JSON.stringify(target.labels)}, or use different ports`);
      }
      notIn.set(extra[0], [...(notIn.get(extra[0]) ?? []), n.labels[extra[0]]]);
    }
    const portScope = new Construct(scope, `Port${port}`);
    const server = new Server(portScope, 'Server', {
      metadata: { namespace },
      ...(notIn.size === 0 || Object.keys(target.labels).length > 0 ? { podSelector: { ...target.labels } } : {}),
      ...(notIn.size > 0 ? {
        podSelectorExpressions: [...notIn.keys()].sort().map(key => ({
          key, operator: LabelSelectorOperator.NOT_IN, values: [...new Set(notIn.get(key))].sort(),
        })),
      } : {}),
      port: ServerPort.number(port),
    });
    if (!rules.some(r => r.methods.length > 0 || r.paths.length > 0)) {
      const mta = meshTls(portScope, 'Callers', mesh, namespace, identitiesOf(rules));
      new AuthorizationPolicy(portScope, 'Authz', {
        metadata: { namespace }, target: PolicyTarget.server(server), requiredAuthentications: [AuthenticationRef.meshTls(mta)],
      });
      continue;
    }
    renderRoutes(portScope, mesh, namespace, server, rules);
  }
}

/** The cells of the rules' vocabulary, grouped by callers into routes, each with its policy. */
function renderRoutes(scope: Construct, mesh: Mesh, namespace: string, server: Server, rules: NormalizedRule[]): void {
  const paths = new Map<string, CellPath>();
  for (const r of rules) for (const p of cellPathsOf(r)) if (!paths.has(`${p.kind} ${p.value}`)) paths.set(`${p.kind} ${p.value}`, p);
  const methods = HTTP_METHODS.filter(m => rules.some(r => r.methods.includes(m)));
  const ordered = [...paths.values()].sort((a, b) => (a.kind === b.kind ? (a.value < b.value ? -1 : 1) : a.kind === 'Exact' ? -1 : 1));
  const cells: Cell[] = ordered.flatMap(path => [...methods.map(method => ({ method, path })), { path }]);
  const callers = new Map<Cell, NormalizedRule[]>(cells.map(c => [c, rules.filter(r => covers(r, c))]));
  // A cell no rule covers denies; it is needed only where a covered cell would otherwise catch its requests.
  const kept = cells.filter(c => callers.get(c)!.length > 0 || cells.some(o => callers.get(o)!.length > 0 && catches(o, c)));
  const groups = new Map<string, { identities: Identity[]; cells: Cell[] }>();
  for (const c of kept) {
    const identities = identitiesOf(callers.get(c)!);
    const key = identities.map(i => i.toString()).join(',');
    const group = groups.get(key) ?? { identities, cells: [] };
    group.cells.push(c);
    groups.set(key, group);
  }
  [...groups.values()].forEach((group, g) => {
    const mta = group.identities.length > 0 ? meshTls(scope, `Callers${g}`, mesh, namespace, group.identities) : undefined;
    const perRoute = MATCHES_PER_RULE * RULES_PER_ROUTE;
    for (let start = 0, k = 0; start < group.cells.length; start += perRoute, k++) {
      const chunk = group.cells.slice(start, start + perRoute);
      const routeRules = [];
      for (let i = 0; i < chunk.length; i += MATCHES_PER_RULE) {
        routeRules.push({ matches: chunk.slice(i, i + MATCHES_PER_RULE).map(matchOf) });
      }
      const suffix = k === 0 ? `${g}` : `${g}-${k}`;
      const route = new HttpRoute(scope, `Route${suffix}`, {
        metadata: { namespace },
        apiGroup: HttpRouteApiGroup.POLICY,
        parents: [RouteParent.server(server)],
        rules: routeRules,
        // An inbound route describes requests for authorization; Linkerd's inbound proxy applies no route timeouts.
        unsafeNoTimeout: true,
      });
      if (mta) {
        new AuthorizationPolicy(scope, `Authz${suffix}`, {
          metadata: { namespace }, target: PolicyTarget.httpRoute(route), requiredAuthentications: [AuthenticationRef.meshTls(mta)],
        });
      }
    }
  });
}

function matchOf(cell: Cell): HttpRouteMatch {
  return {
    path: cell.path.kind === 'Exact' ? PathMatch.exact(cell.path.rendered) : PathMatch.prefix(cell.path.rendered),
    ...(cell.method !== undefined ? { method: cell.method as HttpMethod } : {}),
  };
}
