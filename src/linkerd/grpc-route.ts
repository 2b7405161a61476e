import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { RouteRetry, RouteTimeouts } from './route-annotations';
import { RouteBackend, RouteParent } from './route-parent';
import { ServiceProfile } from './service-profile';
import { GrpcRoute as GrpcRouteL1 } from '../imports/gateway.networking.k8s.io';
import { meshError, shown } from '../private/errors';
import { chartNamespace } from '../private/linkerd-names';
import { profileConflicts, renderBackends, renderParents, renderRouteAnnotations } from '../private/linkerd-route';

/** A condition of a GRPCRoute rule: the gRPC service and method (exact). */
export interface GrpcRouteMatch {
  /**
   * The fully qualified service, e.g. `payments.v1.Ledger`.
   *
   * @default - any service
   */
  readonly service?: string;

  /**
   * The method, e.g. `GetEntry`.
   *
   * @default - any method
   */
  readonly method?: string;
}

/** A rule of a GRPCRoute. */
export interface GrpcRouteRule {
  /**
   * The calls this rule matches; any of them.
   *
   * @default - every call
   */
  readonly matches?: GrpcRouteMatch[];

  /**
   * Where matching calls go.
   *
   * @default - not rendered: Linkerd sends them to the parent Service
   */
  readonly backends?: RouteBackend[];
}

/** Properties for `GrpcRoute`. */
export interface GrpcRouteProps {
  /**
   * Metadata of the route.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /** What the route attaches to: Services (GAMMA) or Linkerd Servers, in the route's namespace. */
  readonly parents: RouteParent[];

  /**
   * Rules, added in order through `addRule`.
   *
   * @default - none besides the catch-all
   */
  readonly rules?: GrpcRouteRule[];

  /**
   * Adds, last, a rule with no match to the parent Service and port.
   *
   * @default true for a route with one Service parent; false otherwise
   */
  readonly catchAll?: boolean;

  /**
   * Retries of every rule (`retry.linkerd.io/grpc|limit|timeout`). Retry only rpcs that are idempotent.
   *
   * @default - no retries
   */
  readonly retry?: RouteRetry;

  /**
   * Timeouts of every rule (`timeout.linkerd.io/*`).
   *
   * @default - no timeouts
   */
  readonly timeouts?: RouteTimeouts;
}

/** A Gateway API GRPCRoute (`gateway.networking.k8s.io/v1`) for Linkerd, with typed retry and timeout annotations. */
export class GrpcRoute extends Construct {
  /** The name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  private readonly rules: any[] = [];

  constructor(scope: Construct, id: string, props: GrpcRouteProps) {
    super(scope, id);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const parents = (props.parents ?? []).map(p => ({ group: p._group, kind: p._kind, name: p._name, port: p._port, namespace: p._namespace }));
    const parentRefs = renderParents(this, this.namespace, parents);
    const services = parents.filter(p => p.kind === 'Service');
    const annotations = renderRouteAnnotations(this, props.retry, props.timeouts, true);
    let catchAllRule: any;
    if (props.catchAll ?? services.length === 1) {
      if (services.length !== 1 || services[0].port === undefined) {
        throw meshError(this, 'catchAll', `needs exactly one Service parent with a port, got ${shown(services.map(s => `${s.name}:${s.port ?? '?'}`))}`,
          'Give the parent a port with RouteParent.service(name, port), or set catchAll: false and add your own last rule');
      }
      catchAllRule = { backendRefs: [{ name: services[0].name, port: services[0].port }] };
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      ...GrpcRouteL1.GVK,
      metadata: { ...props.metadata, namespace: this.namespace, annotations: { ...props.metadata?.annotations, ...annotations } },
      spec: { parentRefs, rules: Lazy.any({ produce: () => [...this.rules, ...(catchAllRule ? [catchAllRule] : [])] }) },
    });
    this.name = this.apiObject.name;
    for (const rule of props.rules ?? []) this.addRule(rule);
    this.node.addValidation({
      validate: () => (Object.keys(annotations).length > 0 ? profileConflicts(this, this.namespace, services.map(s => s.name), ServiceProfile) : []),
    });
  }

  /** Adds a rule before the catch-all. */
  public addRule(rule: GrpcRouteRule): GrpcRouteRule {
    const prop = `rules[${this.rules.length}]`;
    const matches = (rule.matches ?? []).map((m, i) => {
      if (!m.service && !m.method) {
        throw meshError(this, `${prop}.matches[${i}]`, 'must set service or method, got neither',
          'Linkerd\'s webhook refuses it ("at least one of GrpcMethodMatch.Service and GrpcMethodMatch.Method MUST be a non-empty string")');
      }
      return { method: { type: 'Exact', ...(m.service ? { service: m.service } : {}), ...(m.method ? { method: m.method } : {}) } };
    });
    const backendRefs = renderBackends(this, `${prop}.backends`, rule.backends);
    this.rules.push({ ...(matches.length > 0 ? { matches } : {}), ...(backendRefs ? { backendRefs } : {}) });
    return rule;
  }
}
