import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { meshError, shown } from '../../core/errors';
import { isDnsLabel, isDnsSubdomain } from '../../core/names';
import { requireDnsLabel } from '../../core/service-resolution';
import { merge } from '../../private/merge';

/** The parts of a route the shared checks need. */
export interface RouteShape {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly port?: number;
  readonly namespace?: string;
  readonly sectionName?: string;
}

/** The fields of a `RouteParent` the routes read. */
export interface RouteParentFields {
  readonly _group: string;
  readonly _kind: string;
  readonly _name: string;
  readonly _port?: number;
  readonly _namespace?: string;
  readonly _sectionName?: string;
}

/** A route's parents, rendered and sorted out. */
export interface RouteParents {
  /** `spec.parentRefs`. */
  readonly parentRefs: any[];
  /** The Service parents (GAMMA). */
  readonly services: RouteShape[];
  /** Whether a Server is among the parents (the route then describes inbound traffic). */
  readonly hasServerParent: boolean;
}

/** Renders a route's `parents` (see `renderParents`) and picks out its Service and Server parents. */
export function renderRouteParents(scope: IConstruct, namespace: string, parents: RouteParentFields[] | undefined): RouteParents {
  const shapes = (parents ?? []).map(p => ({
    group: p._group, kind: p._kind, name: p._name, port: p._port, namespace: p._namespace, sectionName: p._sectionName,
  }));
  return {
    parentRefs: renderParents(scope, namespace, shapes),
    services: shapes.filter(p => p.kind === 'Service'),
    hasServerParent: shapes.some(p => p.kind === 'Server'),
  };
}

/**
 * The catch-all rule that sends every request no other rule matches to the only Service parent and its port, or
 * undefined when `catchAll` is false (by default it is on for a route with exactly one Service parent).
 */
export function renderCatchAllRule(scope: IConstruct, services: RouteShape[], catchAll: boolean | undefined): any | undefined {
  if (!(catchAll ?? services.length === 1)) return undefined;
  if (services.length !== 1 || services[0].port === undefined) {
    throw meshError(scope, 'catchAll', `needs exactly one Service parent with a port, got ${shown(services.map(s => `${s.name}:${s.port ?? '?'}`))}`,
      'Give the parent a port with RouteParent.service(name, port), or set catchAll: false and add your own last rule');
  }
  return { backendRefs: [{ name: services[0].name, port: services[0].port }] };
}

/** The metadata of a route: the user's, in `namespace`, with the retry and timeout annotations added. */
export function routeMetadata(metadata: ApiObjectMetadata | undefined, namespace: string, annotations: Record<string, string>): ApiObjectMetadata {
  return merge(metadata, { namespace, annotations: merge(metadata?.annotations, annotations) });
}

/** `spec.rules`, rendered lazily: the rules added so far, then the catch-all rule if any. */
export function lazyRules(rules: any[], catchAllRule: any | undefined): any {
  return Lazy.any({ produce: () => [...rules, ...(catchAllRule ? [catchAllRule] : [])] });
}

/** Refuses a rule beyond the CRD's limit of 16 per route, the catch-all included; `route` is `a GRPCRoute` or `an HTTPRoute`. */
export function requireRuleCapacity(scope: IConstruct, prop: string, route: string, rules: number, hasCatchAll: boolean): void {
  if (rules + (hasCatchAll ? 1 : 0) >= 16) {
    throw meshError(scope, prop, `must not be added: ${route} has at most 16 rules (the CRD's limit)${hasCatchAll ? ', the catch-all included' : ''}`,
      'Merge rules with the same backends and filters, or split the route');
  }
}

/** Renders parentRefs, refusing parents of another namespace. */
export function renderParents(scope: IConstruct, namespace: string, parents: RouteShape[]): any[] {
  if (!Array.isArray(parents) || parents.length === 0) throw meshError(scope, 'parents', `must list at least one parent, got ${shown(parents)}`);
  // The CRD's CEL rule: references to the same parent all name a listener (sectionName) or none does.
  const parentKey = (p: RouteShape) => `${p.group}/${p.kind}/${p.namespace ?? namespace}/${p.name}`;
  parents.forEach((p, i) => {
    const j = parents.findIndex(q => parentKey(q) === parentKey(p));
    if (j !== i && (p.sectionName === undefined) !== (parents[j].sectionName === undefined)) {
      throw meshError(scope, `parents[${i}]`, `must name a sectionName as parents[${j}] does, or neither may: both reference ${p.kind} ${shown(p.name)}`,
        'The API server refuses references to the same parent where only some name a section');
    }
  });
  const seen = new Set<string>();
  return parents.map((p, i) => {
    const key = `${p.group}/${p.kind}/${p.namespace ?? namespace}/${p.name}/${p.sectionName ?? ''}`;
    if (seen.has(key)) {
      throw meshError(scope, `parents[${i}]`, `repeats the ${p.kind} ${shown(p.name)}${p.sectionName ? ` (section ${shown(p.sectionName)})` : ''} of an earlier parent`,
        'List each parent once (the Gateway API refuses the same parent twice without distinct sectionNames)');
    }
    seen.add(key);
    const gateway = p.kind === 'Gateway';
    if (p.namespace !== undefined && p.namespace !== namespace && !gateway) {
      throw meshError(scope, `parents[${i}]`, `must be in the route's namespace ${shown(namespace)}, got ${p.kind} ${shown(`${p.namespace}/${p.name}`)}`);
    }
    if (!isDnsLabel(p.name)) {
      throw meshError(scope, `parents[${i}].name`, `must be the name of a ${p.kind} (a DNS-1123 label), got ${shown(p.name)}`);
    }
    if (p.port !== undefined && (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)) {
      throw meshError(scope, `parents[${i}].port`, `must be a port from 1 to 65535, got ${shown(p.port)}`);
    }
    if (gateway && p.namespace !== undefined && !isDnsLabel(p.namespace)) {
      throw meshError(scope, `parents[${i}].namespace`, `must be a namespace (a DNS-1123 label), got ${shown(p.namespace)}`);
    }
    if (p.sectionName !== undefined && !isDnsSubdomain(p.sectionName)) {
      throw meshError(scope, `parents[${i}].sectionName`, `must be a listener name (a DNS-1123 subdomain), got ${shown(p.sectionName)}`);
    }
    return {
      group: p.group,
      kind: p.kind,
      name: p.name,
      ...(gateway && p.namespace !== undefined && p.namespace !== namespace ? { namespace: p.namespace } : {}),
      ...(p.sectionName !== undefined ? { sectionName: p.sectionName } : {}),
      ...(p.port !== undefined ? { port: p.port } : {}),
    };
  });
}

/** Renders backendRefs. */
export function renderBackends(scope: IConstruct, prop: string, backends: any[] | undefined): any[] | undefined {
  if (backends === undefined) return undefined;
  if (!Array.isArray(backends) || backends.length > 16) {
    throw meshError(scope, prop, `must be a list of at most 16 backends (the CRD's limit), got ${Array.isArray(backends) ? backends.length : shown(backends)}`);
  }
  return backends.map((b, i) => {
    requireDnsLabel(scope, `${prop}[${i}].name`, b?.name);
    if (!Number.isInteger(b.port) || b.port < 1 || b.port > 65535) {
      throw meshError(scope, `${prop}[${i}].port`, `must be a port from 1 to 65535, got ${shown(b.port)}`, 'Linkerd refuses a Service backend without a port');
    }
    if (b.weight !== undefined && (!Number.isInteger(b.weight) || b.weight < 0 || b.weight > 1_000_000)) {
      throw meshError(scope, `${prop}[${i}].weight`, `must be an integer from 0 to 1000000, got ${shown(b.weight)}`);
    }
    return { name: b.name, port: b.port, ...(b.weight !== undefined ? { weight: b.weight } : {}) };
  });
}
