/**
 * How Linkerd routes a request to a Service (MESH-FACTS Linkerd 1–3, GAMMA 1–3): a ServiceProfile, when one
 * exists, takes precedence over HTTPRoutes; otherwise the GAMMA HTTPRoutes attached to the Service (consumer
 * routes in the client's namespace before producer routes), with retry and timeout annotations.
 */
import { ServiceName, resolveServiceHost } from '../../core/names';
import { bestRouteRule, describeHttpMatch, fullRegex, httpRoutes, parentServices, splitQuery } from '../gateway-api';
import {
  LINKERD_DEFAULT_RETRY_BUDGET, LINKERD_DEFAULT_ROUTE_TIMEOUT, describeRetryBudget, isRetryOrTimeoutAnnotation,
} from '../linkerd-semantics';
import { ManifestIndex, Manifest } from '../manifest-index';
import { compare, list, round2, plainValue } from '../util';

/** A weighted backend (the public shape is `WeightedBackend`). */
export interface Backend {
  readonly host: string;
  readonly port?: number;
  readonly weight: number;
  readonly percent: number;
}

/** Linkerd's routing (the public shape is `LinkerdRouteExplanation`). */
export interface LinkerdRouting {
  readonly service: string;
  readonly serviceProfile?: string;
  readonly httpRoute?: string;
  readonly rule: string;
  readonly backends: Backend[];
  readonly retries: string;
  readonly timeout: string;
  readonly notes: string[];
}

export function explainLinkerdRoute(index: ManifestIndex, req: {
  namespace: string; host: string; method: string; path: string; headers: Record<string, string>; port?: number;
}): LinkerdRouting | undefined {
  const svc = resolveServiceHost(req.host, req.namespace, index.clusterDomain);
  if (!svc) return undefined;
  const service = index.get('', 'Service', svc.namespace, svc.name);
  const serviceId = `${svc.namespace}/${svc.name}`;
  const notes: string[] = [];
  const profileName = index.serviceFqdn(svc.name, svc.namespace);
  const profile = index.get('linkerd.io', 'ServiceProfile', req.namespace, profileName) ?? index.get('linkerd.io', 'ServiceProfile', svc.namespace, profileName);
  const routes = attachedRoutes(index, svc, req);
  if (profile) {
    if (routes.length > 0) notes.push(`HTTPRoutes ${routes.map(r => r.metadata?.name).join(', ')} are ignored: a ServiceProfile for the Service takes precedence`);
    return { service: serviceId, ...explainProfile(index, profile, req, notes), notes };
  }
  if (index.ofKind('linkerd.io', 'ServiceProfile').some(p => p.metadata?.name === svc.name && index.namespaceOf(p) === svc.namespace)) {
    notes.push(`ServiceProfile ${svc.namespace}/${svc.name} has a short name: Linkerd only reads a profile named ${profileName}, so it is ignored`);
  }
  const annotations = { ...retryAnnotations(service) };
  if (routes.length === 0) {
    return {
      service: serviceId,
      rule: 'default route (no HTTPRoute or ServiceProfile for the Service)',
      backends: [{ host: svc.name, port: req.port, weight: 1, percent: 100 }],
      retries: describeAnnotations(annotations, 'Service'),
      timeout: describeTimeouts(undefined, annotations),
      notes,
    };
  }
  const best = bestRouteRule(routes, req, m => index.namespaceOf(m));
  if (!best) {
    notes.push('HTTPRoutes are attached to the Service and no rule matches: the request fails (404); add a catch-all rule');
    return { service: serviceId, httpRoute: routes.map(r => index.ref(r)).join(', '), rule: 'none', backends: [], retries: 'none', timeout: 'none', notes };
  }
  const routeId = index.ref(best.route);
  Object.assign(annotations, retryAnnotations(best.route));
  if (best.rule?.retry) notes.push(`rules[${best.ruleIndex}].retry is the experimental Gateway API field: Linkerd configures retries with retry.linkerd.io annotations`);
  const refs = list(best.rule?.backendRefs);
  const weighted = refs.map(r => ({ host: r.namespace && r.namespace !== svc.namespace ? `${r.name}.${r.namespace}` : String(r.name), port: r.port, weight: typeof r.weight === 'number' ? r.weight : 1 }));
  if (refs.length === 0) notes.push(`rules[${best.ruleIndex}] has no backendRefs: the request fails (500)`);
  return {
    service: serviceId,
    httpRoute: routeId,
    rule: `rules[${best.ruleIndex}] (${describeHttpMatch(best.matchIndex < 0 ? undefined : best.rule.matches[best.matchIndex])})`,
    backends: percentages(weighted, notes),
    retries: describeAnnotations(annotations, 'Service and HTTPRoute'),
    timeout: describeTimeouts(best.rule?.timeouts, annotations),
    notes,
  };
}

function explainProfile(index: ManifestIndex, profile: Manifest, req: { method: string; path: string }, notes: string[]) {
  const profileId = index.ref(profile);
  const routes = list(profile.spec?.routes);
  const [path] = splitQuery(req.path);
  const i = routes.findIndex(r => conditionMatches(r?.condition, req.method, path));
  const budget = profile.spec?.retryBudget;
  routes.forEach((r, j) => {
    if (r?.retryBudget !== undefined) notes.push(`routes[${j}].retryBudget is not a route field: the API server prunes it; the budget is spec.retryBudget, per profile`);
  });
  const dst = list(profile.spec?.dstOverrides);
  const backends = dst.length > 0
    ? percentages(dst.map(d => ({ host: String(d.authority), weight: quantity(d.weight) })), notes)
    : [{ host: String(profile.metadata?.name ?? '').split('.')[0], weight: 1, percent: 100 }];
  const budgetText = budget
    ? `budget spec.retryBudget: ${describeRetryBudget(budget)}`
    : `budget (Linkerd default, no spec.retryBudget): ${describeRetryBudget(LINKERD_DEFAULT_RETRY_BUDGET)}`;
  if (i < 0) {
    return { serviceProfile: profileId, rule: 'no profile route matches: default route', backends, retries: 'none (no route, so not retryable)', timeout: 'none' };
  }
  const r = routes[i];
  const retryable = r.isRetryable === true;
  return {
    serviceProfile: profileId,
    rule: `routes[${i}] ${plainValue(r.name ?? '')}`,
    backends,
    retries: retryable ? `isRetryable: true; ${budgetText}` : 'isRetryable: false (no retries)',
    timeout: r.timeout ?? `${LINKERD_DEFAULT_ROUTE_TIMEOUT} (ServiceProfile route default)`,
  };
}

/** A ServiceProfile `RequestMatch`: method, pathRegex (whole path), all/any/not. */
export function conditionMatches(c: any, method: string, path: string): boolean {
  if (!c || typeof c !== 'object') return false;
  if (c.method !== undefined && c.method !== method) return false;
  if (c.pathRegex !== undefined && !fullRegex(c.pathRegex, path)) return false;
  if (Array.isArray(c.all) && !c.all.every((x: any) => conditionMatches(x, method, path))) return false;
  if (Array.isArray(c.any) && !c.any.some((x: any) => conditionMatches(x, method, path))) return false;
  if (c.not !== undefined && conditionMatches(c.not, method, path)) return false;
  return true;
}

/** GAMMA routes whose parentRef is the Service: consumer routes (client namespace) win over producer routes. */
function attachedRoutes(index: ManifestIndex, svc: ServiceName, req: { namespace: string; port?: number }): Manifest[] {
  const attached = httpRoutes(index).filter(r => parentServices(r, index).some(p =>
    p.name === svc.name && p.namespace === svc.namespace && (p.port === undefined || req.port === undefined || p.port === req.port)));
  const consumer = attached.filter(r => index.namespaceOf(r) === req.namespace && req.namespace !== svc.namespace);
  const chosen = consumer.length > 0 ? consumer : attached.filter(r => index.namespaceOf(r) === svc.namespace);
  return chosen.sort((a, b) => compare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
}

function retryAnnotations(m: Manifest | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m?.metadata?.annotations ?? {})) {
    if (isRetryOrTimeoutAnnotation(k)) out[k] = String(v);
  }
  return out;
}

function describeAnnotations(a: Record<string, string>, from: string): string {
  const http = a['retry.linkerd.io/http'];
  const grpc = a['retry.linkerd.io/grpc'];
  if (!http && !grpc) return `none (no retry.linkerd.io annotations on the ${from})`;
  const parts = [];
  if (http) parts.push(`http ${http}`);
  if (grpc) parts.push(`grpc ${grpc}`);
  parts.push(`limit ${a['retry.linkerd.io/limit'] ?? '1 (default)'}`);
  if (a['retry.linkerd.io/timeout']) parts.push(`per-try timeout ${a['retry.linkerd.io/timeout']}`);
  return `${parts.join(', ')} (annotations; bodies over 64 KiB are not retried)`;
}

function describeTimeouts(timeouts: any, a: Record<string, string>): string {
  const parts: string[] = [];
  if (timeouts?.request) parts.push(`request ${timeouts.request}`);
  if (timeouts?.backendRequest) parts.push(`backendRequest ${timeouts.backendRequest}`);
  for (const k of ['request', 'response', 'idle']) {
    const v = a[`timeout.linkerd.io/${k}`];
    if (v) parts.push(`${k} ${v} (annotation)`);
  }
  return parts.length ? parts.join(', ') : 'none';
}

function percentages(items: { host: string; port?: number; weight: number }[], notes: string[]): Backend[] {
  const kept = items.filter(i => i.weight > 0);
  if (kept.length < items.length) notes.push(`${items.length - kept.length} backend(s) with weight 0 receive no traffic`);
  const sum = kept.reduce((s, i) => s + i.weight, 0);
  return kept.map(i => ({ ...i, percent: round2((i.weight / sum) * 100) }));
}

/** A Kubernetes quantity as a number (`500m` → 0.5). */
function quantity(v: any): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(v ?? ''));
  return m ? parseFloat(m[1]) / (m[2] ? 1000 : 1) : 0;
}
