import { parentServices, splitQuery } from '../gateway-api';
import { ManifestIndexOptions } from '../index-options';
import {
  ISTIO_NETWORKING, boundToMesh, effectiveRetries, exportedTo, hostSpecificity, nonIdempotentMethodsMatched, stringMatches,
} from '../istio-semantics';
import { ManifestIndex, createdAt, selects } from '../manifest-index';
import { OutboundTrafficPolicyMode } from '../mesh-config';
import { compare, list, lowerCaseKeys, round2, plainValue } from '../util';
import { destinationPolicy } from './destination-rule-lookup';
import { usesLinkerd } from './linkerd-authz';
import { explainLinkerdRoute } from './linkerd-routing';
import { linkerdPathNote, normalizeIstioPath } from './path-normalization';

/** A request to explain: from a client namespace to a host. */
export interface RouteRequest {
  /** Namespace of the calling pod (short hosts resolve in it; its DestinationRules are looked up first). */
  readonly namespace: string;
  /** Host the client calls (`payment-api`, `payment-api.production.svc.cluster.local`, `api.example.com`). */
  readonly host: string;
  /** HTTP method. */
  readonly method: string;
  /** Path, with an optional query string (matched by `queryParams`). */
  readonly path: string;
  /**
   * Request headers.
   * @default - none
   */
  readonly headers?: Record<string, string>;
  /**
   * The Service port called (for `match.port`, `parentRefs.port` and `portLevelSettings`).
   * @default - the port of `host:port`, or the Service's only port, or unknown
   */
  readonly port?: number;
  /**
   * Labels of the calling pod, for `match.sourceLabels`.
   * @default - unknown: matches with `sourceLabels` do not apply
   */
  readonly sourceLabels?: Record<string, string>;
}

/** A VirtualService destination and its share of the traffic. */
export interface RouteDestination {
  /** Destination host (FQDN for a Service). */
  readonly host: string;
  /**
   * Subset.
   * @default - none: every endpoint of the host
   */
  readonly subset?: string;
  /**
   * Port.
   * @default - the port called
   */
  readonly port?: number;
  /** The weight as written (100 for a single destination without one). */
  readonly weight: number;
  /** Share of requests, in percent: weight / sum of weights (weights are relative since Istio 1.15). */
  readonly percent: number;
}

/** The retries Istio makes for a route. */
export interface RouteRetries {
  /** Retries after the first attempt (0: none). */
  readonly attempts: number;
  /**
   * Retry conditions.
   * @default - none (no retries)
   */
  readonly retryOn?: string;
  /**
   * Per-try timeout.
   * @default - the route timeout
   */
  readonly perTryTimeout?: string;
  /** True when the route has no `retries` field and Istio's mesh default policy applies. */
  readonly fromIstioDefault: boolean;
}

/** One field group of the effective traffic policy and where it comes from. */
export interface TrafficPolicyField {
  /** `connectionPool`, `outlierDetection`, `tls`, ... */
  readonly field: string;
  /** The value, as the DestinationRule has it (an object or a list; `format` renders it). */
  readonly value: any;
  /** The path it was taken from (`spec.subsets[1].trafficPolicy`). */
  readonly source: string;
}

/** The DestinationRule policy applied to one route destination. */
export interface DestinationPolicy {
  /** The destination host (FQDN). */
  readonly host: string;
  /**
   * The subset the route names.
   * @default - none
   */
  readonly subset?: string;
  /**
   * `namespace/name` of the DestinationRule Istio uses for the host.
   * @default - none: no DestinationRule, so Istio's defaults apply (auto mTLS, round robin, no outlier detection)
   */
  readonly destinationRule?: string;
  /**
   * Labels of the subset.
   * @default - no subset
   */
  readonly subsetLabels?: Record<string, string>;
  /** The effective traffic policy, by field group. */
  readonly policy: TrafficPolicyField[];
  /** Problems (a subset the DestinationRule does not define: 503 NR) and assumptions. */
  readonly notes: string[];
}

/** A weighted backend, in percent of the traffic. */
export interface WeightedBackend {
  /** Service name or authority. */
  readonly host: string;
  /**
   * Port.
   * @default - the request's port
   */
  readonly port?: number;
  /** The weight as written (default 1 for backendRefs). */
  readonly weight: number;
  /** Share of requests, in percent (weight / sum of weights). */
  readonly percent: number;
}

/** Linkerd's answer for a request to a Service. */
export interface LinkerdRouteExplanation {
  /** `namespace/name` of the Service. */
  readonly service: string;
  /**
   * `namespace/name` of the ServiceProfile in effect.
   * @default - none
   */
  readonly serviceProfile?: string;
  /**
   * `namespace/name` of the HTTPRoute whose rule matched.
   * @default - none
   */
  readonly httpRoute?: string;
  /** The matched route: `routes[i] "name"` of the profile, `rules[i]` of the HTTPRoute, or the default route. */
  readonly rule: string;
  /** Where the requests go. */
  readonly backends: WeightedBackend[];
  /** Retries: `isRetryable` and the budget, or the annotations. */
  readonly retries: string;
  /** The timeout that applies. */
  readonly timeout: string;
  /** Everything else worth knowing: ignored configuration, 404s, assumptions. */
  readonly notes: string[];
}

/** Istio's answer. */
export interface IstioRouteExplanation {
  /** The host as Istio resolves it (FQDN for a Service). */
  readonly host: string;
  /**
   * `namespace/name` of the VirtualService sidecars use for the host.
   * @default - none: the default route to the host
   */
  readonly virtualService?: string;
  /**
   * Index of the matching rule in `spec.http`.
   * @default - no rule matched, or no VirtualService
   */
  readonly ruleIndex?: number;
  /**
   * `name` of the matching rule.
   * @default - unnamed
   */
  readonly ruleName?: string;
  /** What matched (`match[0]: uri prefix /api, method exact POST`) or why nothing did. */
  readonly match: string;
  /** Where the requests go, with their share. */
  readonly destinations: RouteDestination[];
  /**
   * The retries.
   * @default - no route: nothing is sent
   */
  readonly retries?: RouteRetries;
  /** The route timeout, or `disabled`. */
  readonly timeout: string;
  /** The DestinationRule policy applied to each destination. */
  readonly destinationPolicies: DestinationPolicy[];
  /** Other things the route does (fault injection, mirroring, rewrite, redirect, direct response). */
  readonly actions: string[];
  /** Warnings and assumptions. */
  readonly notes: string[];
}

/** The answer to "where does this request go, and how?". */
export interface RouteExplanation {
  /** Istio's routing. */
  readonly istio: IstioRouteExplanation;
  /**
   * Linkerd's routing.
   * @default - none: no Linkerd configuration in the manifests, or the host is not a cluster Service
   */
  readonly linkerd?: LinkerdRouteExplanation;
}

/**
 * Explains offline how a sidecar routes a request (what `istioctl x describe` and the Envoy route table would
 * show): the VirtualService rule that matches, destinations and weights, effective retries (Istio's default
 * policy when `retries` is absent), the timeout and the DestinationRule policy; plus Linkerd's routing.
 */
export class RouteExplainer {
  /** Explains `request` against the VirtualServices, DestinationRules, HTTPRoutes and ServiceProfiles in `manifests`. */
  public static explain(manifests: any[], request: RouteRequest, options: ManifestIndexOptions = {}): RouteExplanation {
    const index = new ManifestIndex(manifests, options);
    const hostPort = /^(.*):(\d+)$/.exec(request.host);
    const host = hostPort ? hostPort[1] : request.host;
    const headers = lowerCaseKeys(request.headers ?? {});
    const fqdn = index.fqdn(host, request.namespace);
    const port = request.port ?? (hostPort ? Number(hostPort[2]) : singleServicePort(index, fqdn));
    // Sidecars normalize the path before routing (MeshConfig pathNormalization, BASE by default).
    const req: Req = { ...request, host, headers, port, path: normalizeIstioPath(request.path, index.mesh.pathNormalization) };
    const routed = explainIstio(index, fqdn, req);
    const istio = req.path === request.path ? routed
      : { ...routed, notes: [`Istio routes the path ${req.path}: ${request.path} as normalized by pathNormalization ${index.mesh.pathNormalization}`, ...routed.notes] };
    const linkerdRoute = usesLinkerd(index) || index.has('gateway.networking.k8s.io', 'HTTPRoute')
      ? explainLinkerdRoute(index, { namespace: request.namespace, host, method: request.method, path: request.path, headers, port })
      : undefined;
    const pathNote = linkerdPathNote(request.path);
    const linkerd = linkerdRoute && pathNote ? { ...linkerdRoute, notes: [pathNote, ...linkerdRoute.notes] } : linkerdRoute;
    return { istio, linkerd };
  }

  /** Renders an explanation as text. */
  public static format(e: RouteExplanation): string {
    const i = e.istio;
    const lines = [`Istio: ${i.host}`];
    lines.push(`  VirtualService: ${i.virtualService ?? 'none (default route to the host)'}`);
    if (i.virtualService) lines.push(`  rule: ${i.ruleIndex === undefined ? 'none' : `http[${i.ruleIndex}]${i.ruleName ? ` "${i.ruleName}"` : ''}`}`);
    lines.push(`  match: ${i.match}`);
    if (i.destinations.length > 0) lines.push('  destinations:');
    for (const d of i.destinations) {
      lines.push(`    ${d.percent}% -> ${d.host}${d.port ? `:${d.port}` : ''}${d.subset ? ` subset ${d.subset}` : ''} (weight ${d.weight})`);
    }
    if (i.retries) {
      const r = i.retries;
      const retryText = r.attempts === 0 ? 'none (attempts 0)'
        : `${r.attempts} attempts on ${r.retryOn}${r.perTryTimeout ? `, perTryTimeout ${r.perTryTimeout}` : ', perTryTimeout = route timeout'}`;
      lines.push(`  retries: ${retryText}${r.fromIstioDefault ? ' (Istio default policy: the route has no retries field)' : ''}`);
    }
    lines.push(`  timeout: ${i.timeout}`);
    for (const a of i.actions) lines.push(`  ${a}`);
    for (const p of i.destinationPolicies) {
      const target = `${p.host}${p.subset ? ` subset ${p.subset}` : ''}`;
      lines.push(`  DestinationRule for ${target}: ${p.destinationRule ?? 'none (Istio defaults)'}`);
      if (p.subsetLabels) lines.push(`    subset labels: ${Object.entries(p.subsetLabels).map(([k, v]) => `${k}=${v}`).join(',') || '(none)'}`);
      for (const f of p.policy) lines.push(`    ${f.field}: ${plainValue(f.value)} (from ${f.source})`);
      for (const n of p.notes) lines.push(`    note: ${n}`);
    }
    for (const n of i.notes) lines.push(`  note: ${n}`);
    if (e.linkerd) {
      const l = e.linkerd;
      lines.push('', `Linkerd: Service ${l.service}`);
      if (l.serviceProfile) lines.push(`  ServiceProfile: ${l.serviceProfile}`);
      if (l.httpRoute) lines.push(`  HTTPRoute: ${l.httpRoute}`);
      lines.push(`  route: ${l.rule}`);
      if (l.backends.length > 0) lines.push('  backends:');
      for (const b of l.backends) lines.push(`    ${b.percent}% -> ${b.host}${b.port ? `:${b.port}` : ''} (weight ${b.weight})`);
      lines.push(`  retries: ${l.retries}`);
      lines.push(`  timeout: ${l.timeout}`);
      for (const n of l.notes) lines.push(`  note: ${n}`);
    }
    return lines.join('\n') + '\n';
  }
}

interface Req {
  readonly namespace: string;
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly port?: number;
  readonly sourceLabels?: Record<string, string>;
}

function explainIstio(index: ManifestIndex, fqdn: string, req: Req): IstioRouteExplanation {
  const notes: string[] = [];
  const gamma = index.ofKind('gateway.networking.k8s.io', 'HTTPRoute')
    .filter(r => parentServices(r, index).some(p => index.serviceFqdn(p.name, p.namespace) === fqdn));
  if (gamma.length > 0) {
    notes.push(`HTTPRoutes ${gamma.map(r => index.ref(r)).join(', ')} attach to the Service: Istio (GAMMA) applies them too; not modelled here (the Linkerd section shows how they match)`);
  }
  const vss = index.ofKind(ISTIO_NETWORKING, 'VirtualService')
    .map(vs => ({ vs, ns: index.namespaceOf(vs) }))
    .filter(({ vs, ns }) => exportedTo(vs.spec?.exportTo, ns, req.namespace) && boundToMesh(vs))
    .map(({ vs, ns }) => ({
      vs,
      ns,
      specificity: Math.max(-1, ...list(vs.spec?.hosts).map(h => hostSpecificity(index.fqdn(String(h), ns), fqdn))),
    }))
    .filter(c => c.specificity >= 0)
    .sort((a, b) => b.specificity - a.specificity
      || compare(createdAt(a.vs), createdAt(b.vs))
      || compare(a.vs.metadata?.name ?? '', b.vs.metadata?.name ?? '') || compare(a.ns, b.ns));
  if (vss.length === 0) {
    const retries = effectiveRetries(undefined, index.mesh.defaultRetries);
    // an external host (not <svc>.<ns>.svc.<domain>) with no ServiceEntry: the outbound traffic policy decides
    if (!index.serviceOfFqdn(fqdn) && !index.ofKind(ISTIO_NETWORKING, 'ServiceEntry').some(se => list(se.spec?.hosts).some(h => hostSpecificity(index.fqdn(String(h), index.namespaceOf(se)), fqdn) >= 0))) {
      notes.push(index.mesh.outboundTrafficPolicy === OutboundTrafficPolicyMode.REGISTRY_ONLY
        ? `no ServiceEntry among the manifests defines ${fqdn}: with outboundTrafficPolicy REGISTRY_ONLY the sidecar answers 502 (BlackHoleCluster) unless the host is registered in the cluster`
        : `no ServiceEntry among the manifests defines ${fqdn}: with outboundTrafficPolicy ALLOW_ANY the sidecar passes the request through to the address dialled (PassthroughCluster), without mesh routing, unless the host is registered in the cluster`);
    }
    if (retries.attempts > 0 && nonIdempotentMethodsMatched(undefined).includes(req.method)) notes.push(`Istio's default retry policy retries ${req.method} too: a retried ${req.method} can be applied twice`);
    return {
      host: fqdn,
      match: 'no VirtualService for the host (gateways: mesh): default route',
      destinations: [{ host: fqdn, port: req.port, weight: 100, percent: 100 }],
      retries,
      timeout: 'disabled (Istio default)',
      destinationPolicies: [destinationPolicy(index, fqdn, undefined, req.port, req.namespace)],
      actions: [],
      notes,
    };
  }
  const chosen = vss[0];
  const vsId = index.ref(chosen.vs);
  for (const other of vss.slice(1).filter(o => o.specificity === chosen.specificity)) {
    notes.push(`VirtualService ${index.ref(other.vs)} also binds ${fqdn} to the mesh gateway: sidecars do not merge VirtualServices, only ${vsId} is used (IST0109)`);
  }
  const http = list(chosen.vs.spec?.http);
  for (let ruleIndex = 0; ruleIndex < http.length; ruleIndex++) {
    const route = http[ruleIndex];
    const matched = routeMatch(route, req, notes);
    if (matched === undefined) continue;
    return describeRoute(index, chosen.ns, vsId, fqdn, ruleIndex, route, matched, req, notes);
  }
  return {
    host: fqdn,
    virtualService: vsId,
    match: `no rule of ${vsId} matches ${req.method} ${req.path}: the sidecar answers 404 (NR)`,
    destinations: [],
    timeout: 'none',
    destinationPolicies: [],
    actions: [],
    notes,
  };
}

function describeRoute(
  index: ManifestIndex, vsNs: string, vsId: string, fqdn: string, ruleIndex: number, route: any, match: string, req: Req, notes: string[],
): IstioRouteExplanation {
  const actions: string[] = [];
  const base = { host: fqdn, virtualService: vsId, ruleIndex, ruleName: route.name, match };
  if (route.redirect) actions.push(`redirect: ${plainValue(route.redirect)}`);
  if (route.directResponse) actions.push(`directResponse: ${plainValue(route.directResponse)}`);
  if (route.redirect || route.directResponse) {
    return { ...base, destinations: [], timeout: 'none', destinationPolicies: [], actions, notes };
  }
  if (route.fault) actions.push(`fault: ${plainValue(route.fault)}`);
  if (route.mirror) actions.push(`mirror: ${plainValue(route.mirror)} (${route.mirrorPercentage?.value ?? 100}%)`);
  for (const m of route.mirrors ?? []) actions.push(`mirror: ${plainValue(m)}`);
  if (route.rewrite) actions.push(`rewrite: ${plainValue(route.rewrite)}`);
  const dests = list(route.route);
  const weighted = dests.map(d => ({
    host: index.fqdn(String(d?.destination?.host ?? ''), vsNs),
    subset: d?.destination?.subset as string | undefined,
    port: d?.destination?.port?.number as number | undefined,
    weight: typeof d?.weight === 'number' ? d.weight : dests.length === 1 ? 100 : 0,
  }));
  const kept = weighted.filter(d => d.weight > 0);
  if (kept.length < weighted.length) notes.push(`${weighted.length - kept.length} destination(s) with weight 0 (or none) receive no traffic`);
  const sum = kept.reduce((s, d) => s + d.weight, 0);
  const retries = effectiveRetries(route, index.mesh.defaultRetries);
  if (retries.attempts > 0 && nonIdempotentMethodsMatched(route).includes(req.method)) {
    notes.push(`this rule retries ${req.method}${retries.fromIstioDefault ? ' through Istio\'s default policy' : ''}: a retried ${req.method} can be applied twice; render retries.attempts: 0 for it`);
  }
  const timeout = typeof route.timeout === 'string' && !/^0+(\.0+)?s?$/.test(route.timeout) ? route.timeout : 'disabled (Istio default)';
  return {
    ...base,
    destinations: kept.map(d => ({ host: d.host, subset: d.subset, port: d.port, weight: d.weight, percent: round2((d.weight / sum) * 100) })),
    retries: {
      attempts: retries.attempts,
      retryOn: retries.attempts > 0 ? retries.retryOn ?? 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes (default)' : undefined,
      perTryTimeout: retries.perTryTimeout,
      fromIstioDefault: retries.fromIstioDefault,
    },
    timeout,
    destinationPolicies: kept.map(d => destinationPolicy(index, d.host, d.subset, d.port ?? req.port, req.namespace)),
    actions,
    notes,
  };
}

/** The description of the first `match` entry that matches, or undefined when the rule does not match. */
function routeMatch(route: any, req: Req, notes: string[]): string | undefined {
  const matches = list(route?.match);
  if (matches.length === 0) return 'no match conditions (matches every request)';
  for (let i = 0; i < matches.length; i++) {
    if (matchRequest(matches[i] ?? {}, req, notes)) return `match[${i}]: ${describeMatch(matches[i] ?? {})}`;
  }
  return undefined;
}

function matchRequest(m: any, req: Req, notes: string[]): boolean {
  if (Array.isArray(m.gateways) && m.gateways.length > 0 && !m.gateways.includes('mesh')) return false;
  const [path, query] = splitQuery(req.path);
  if (m.uri) {
    const ci = m.ignoreUriCase === true;
    const sm = ci ? lowerMatch(m.uri) : m.uri;
    if (!stringMatches(sm, ci ? path.toLowerCase() : path)) return false;
  }
  if (m.scheme && !stringMatches(m.scheme, 'http')) return false;
  if (m.method && !stringMatches(m.method, req.method)) return false;
  if (m.authority && !stringMatches(m.authority, req.host)) return false;
  for (const [k, sm] of Object.entries(m.headers ?? {})) {
    const v = req.headers[k.toLowerCase()];
    if (v === undefined || !stringMatches(sm, v)) return false;
  }
  for (const [k, sm] of Object.entries(m.withoutHeaders ?? {})) {
    const v = req.headers[k.toLowerCase()];
    if (v !== undefined && stringMatches(sm, v)) return false;
  }
  for (const [k, sm] of Object.entries(m.queryParams ?? {})) {
    const v = query.get(k);
    if (v === null || !stringMatches(sm, v)) return false;
  }
  if (m.port !== undefined) {
    if (req.port === undefined) {
      notes.push(`a match on port ${m.port} was assumed to hold: the port is unknown (give --port)`);
    } else if (m.port !== req.port) {return false;}
  }
  if (m.sourceNamespace !== undefined && m.sourceNamespace !== req.namespace) return false;
  if (m.sourceLabels !== undefined) {
    if (req.sourceLabels === undefined) {
      notes.push('a match on sourceLabels was assumed not to hold: the caller\'s labels are unknown');
      return false;
    }
    if (!selects(m.sourceLabels, req.sourceLabels)) return false;
  }
  return true;
}

function describeMatch(m: any): string {
  const parts: string[] = [];
  const sm = (s: any) => Object.entries(s ?? {}).map(([k, v]) => `${k} ${v}`).join(' ') || 'present';
  if (m.uri) parts.push(`uri ${sm(m.uri)}`);
  if (m.method) parts.push(`method ${sm(m.method)}`);
  if (m.authority) parts.push(`authority ${sm(m.authority)}`);
  for (const [k, v] of Object.entries(m.headers ?? {})) parts.push(`header ${k} ${sm(v)}`);
  for (const [k, v] of Object.entries(m.withoutHeaders ?? {})) parts.push(`without header ${k} ${sm(v)}`);
  for (const [k, v] of Object.entries(m.queryParams ?? {})) parts.push(`query ${k} ${sm(v)}`);
  if (m.port !== undefined) parts.push(`port ${m.port}`);
  if (m.sourceNamespace !== undefined) parts.push(`sourceNamespace ${m.sourceNamespace}`);
  if (m.sourceLabels !== undefined) parts.push(`sourceLabels ${plainValue(m.sourceLabels)}`);
  return parts.join(', ') || 'empty match (matches every request)';
}

function lowerMatch(sm: any): any {
  const out: any = { ...sm };
  if (typeof out.exact === 'string') out.exact = out.exact.toLowerCase();
  if (typeof out.prefix === 'string') out.prefix = out.prefix.toLowerCase();
  return out;
}

/** The only port of the Service behind an FQDN, if the manifests contain it with exactly one port. */
function singleServicePort(index: ManifestIndex, fqdn: string): number | undefined {
  const service = index.serviceOfFqdn(fqdn);
  if (!service) return undefined;
  const ports = index.get('', 'Service', service.namespace, service.name)?.spec?.ports;
  return Array.isArray(ports) && ports.length === 1 && typeof ports[0]?.port === 'number' ? ports[0].port : undefined;
}
