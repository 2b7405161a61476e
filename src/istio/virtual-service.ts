import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRoute } from './http-route';
import { HttpRouteOptions } from './http-route-options';
import { TcpRoute, TcpRouteOptions, TlsRoute, TlsRouteOptions } from './tcp-route';
import { addMeshValidation, meshError } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { IMeshResource } from '../core/resource';
import { compact, requireNonEmptyStrings, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { checkProps } from '../core/strict-props';

/** Properties for `VirtualService`. */
export interface VirtualServiceProps {
  /**
   * Object metadata (name, namespace, labels).
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The hosts this VirtualService routes: Kubernetes short names (resolved in this namespace), FQDNs,
   * wildcard prefixes (`*.example.com`) or `*` on gateways. At least one, unless `isDelegate` is set.
   *
   * @default - none, which is only allowed with `isDelegate: true`
   */
  readonly hosts?: string[];

  /**
   * Make this a delegate VirtualService: it has no hosts (which is how Istio recognises a delegate), no
   * gateways and only HTTP routes, and its routes take effect only through a root route that names it
   * (`HttpRouteOptions.delegate`). Delegate routes cannot delegate again, and neither side may use regex
   * matches. Delegate routes render no default timeout: one without `timeout` takes the root route's.
   *
   * @default false
   */
  readonly isDelegate?: boolean;

  /**
   * Gateways (`<namespace>/<name>`, or a name in this namespace) whose traffic the routes apply to. The
   * reserved name `mesh` (`VirtualService.MESH_GATEWAY`) stands for every sidecar in the mesh.
   *
   * @default - `mesh` only (Istio's default when the field is absent); list `mesh` explicitly to route both
   * gateway and mesh traffic
   */
  readonly gateways?: string[];

  /**
   * Namespaces the VirtualService is visible to (`.` this one, `*` all).
   *
   * @default - every namespace (Istio's default, unless the mesh config sets defaultVirtualServiceExportTo)
   */
  readonly exportTo?: string[];

  /**
   * HTTP routes, in order; the same as calling `addHttpRoute()` for each.
   *
   * @default - none
   */
  readonly httpRoutes?: HttpRouteOptions[];

  /**
   * TCP routes, in order; the same as calling `addTcpRoute()` for each.
   *
   * @default - none
   */
  readonly tcpRoutes?: TcpRouteOptions[];

  /**
   * TLS passthrough routes, in order; the same as calling `addTlsRoute()` for each.
   *
   * @default - none
   */
  readonly tlsRoutes?: TlsRouteOptions[];

  /**
   * The API version to emit.
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/**
 * An Istio VirtualService: ordered routing rules for the traffic to a set of hosts.
 *
 * Routes keep the order in which they are added (the first match wins). Safe defaults: every HTTP route
 * that can match POST or PATCH renders `retries: { attempts: 0 }`, every forwarding route gets a 15s
 * timeout (except in a delegate VirtualService, whose routes take the root route's), weights are rendered
 * as given and must sum to 100, and fault injection is never emitted unless asked for.
 */
export class VirtualService extends Construct implements IMeshResource {
  /** The reserved gateway name for the sidecars of the mesh. */
  public static readonly MESH_GATEWAY = 'mesh';

  /** The generated API object (child `Resource`), for escape hatches. */
  public readonly apiObject: ApiObject;

  /** The object's name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /**
   * The object's namespace.
   *
   * @default - none when the chart has no namespace
   */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }
  /** The hosts this VirtualService routes (empty for a delegate). */
  public readonly hosts: string[];
  /** Whether this is a delegate VirtualService, reached only through a root route's `delegate`. */
  public readonly isDelegate: boolean;

  private readonly httpRoutes: HttpRoute[] = [];
  private readonly tcpRoutes: TcpRoute[] = [];
  private readonly tlsRoutes: TlsRoute[] = [];

  public constructor(scope: Construct, id: string, props: VirtualServiceProps) {
    super(scope, id);
    props = checkProps(this, 'istio.VirtualService', props);
    this.isDelegate = props.isDelegate === true;
    if (this.isDelegate) {
      for (const [field, value] of [['hosts', props.hosts], ['gateways', props.gateways], ['tcpRoutes', props.tcpRoutes], ['tlsRoutes', props.tlsRoutes]] as const) {
        if (value !== undefined) {
          throw meshError(this, field, 'must be absent in a delegate VirtualService (isDelegate: true): Istio takes hosts, gateways and TCP/TLS routes from the root only',
            `Remove ${field}, or remove isDelegate`);
        }
      }
    } else {
      requireNonEmptyStrings(this, 'hosts', props.hosts);
      if (props.hosts === undefined) throw meshError(this, 'hosts', 'is required', 'List at least one host, or set isDelegate: true for a delegate VirtualService');
    }
    requireNonEmptyStrings(this, 'gateways', props.gateways);
    requireNonEmptyStrings(this, 'exportTo', props.exportTo);
    this.hosts = [...props.hosts ?? []];
    const version = resolveApiVersion(this, props.apiVersion);
    const gvk = version === 'v1beta1' ? GVKS['networking.istio.io'].VirtualServiceV1Beta1 : GVKS['networking.istio.io'].VirtualService;
    // The rendering keeps what it renders, not the props: a construct per service adds up (issue 9).
    const gateways = props.gateways === undefined ? undefined : [...props.gateways];
    const exportTo = props.exportTo === undefined ? undefined : [...props.exportTo];
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => compact({
      hosts: this.isDelegate ? undefined : this.hosts,
      gateways,
      exportTo,
      http: this.httpRoutes.length ? this.httpRoutes.map(r => r._render()) : undefined,
      tls: this.tlsRoutes.length ? this.tlsRoutes.map(r => r._render()) : undefined,
      tcp: this.tcpRoutes.length ? this.tcpRoutes.map(r => r._render()) : undefined,
    }));
    // Items of props were checked with the props: the public add*() checks its argument, these do not again.
    for (const r of props.httpRoutes ?? []) this.appendHttpRoute(r);
    for (const r of props.tcpRoutes ?? []) this.appendTcpRoute(r);
    for (const r of props.tlsRoutes ?? []) this.appendTlsRoute(r);
    addMeshValidation(this, this.routesProblems);
  }

  /**
   * Appends an HTTP route after the existing ones (first match wins) and returns it.
   */
  public addHttpRoute(options: HttpRouteOptions): HttpRoute {
    return this.appendHttpRoute(checkProps(this, 'istio.VirtualService.addHttpRoute', options, 'addHttpRoute()'));
  }

  private appendHttpRoute(options: HttpRouteOptions): HttpRoute {
    const route = HttpRoute._create(this, `httpRoutes[${this.httpRoutes.length}]`, options, this.isDelegate);
    this.httpRoutes.push(route);
    return route;
  }

  /** Appends a TCP route after the existing ones and returns it. */
  public addTcpRoute(options: TcpRouteOptions): TcpRoute {
    return this.appendTcpRoute(checkProps(this, 'istio.VirtualService.addTcpRoute', options, 'addTcpRoute()'));
  }

  private appendTcpRoute(options: TcpRouteOptions): TcpRoute {
    this.refuseInDelegate('addTcpRoute');
    const route = TcpRoute._create(this, `tcpRoutes[${this.tcpRoutes.length}]`, options);
    this.tcpRoutes.push(route);
    return route;
  }

  /** Appends a TLS route after the existing ones and returns it. */
  public addTlsRoute(options: TlsRouteOptions): TlsRoute {
    return this.appendTlsRoute(checkProps(this, 'istio.VirtualService.addTlsRoute', options, 'addTlsRoute()'));
  }

  private appendTlsRoute(options: TlsRouteOptions): TlsRoute {
    this.refuseInDelegate('addTlsRoute');
    const route = TlsRoute._create(this, `tlsRoutes[${this.tlsRoutes.length}]`, options);
    this.tlsRoutes.push(route);
    return route;
  }

  /** The validation: a VirtualService needs routes. */
  private routesProblems(): string[] {
    return this.httpRoutes.length + this.tcpRoutes.length + this.tlsRoutes.length === 0
      ? [(this.isDelegate
        ? meshError(this, 'httpRoutes', 'must not be empty in a delegate VirtualService (it has no other routes to offer the root), got 0 routes', 'Call addHttpRoute()')
        : meshError(this, 'httpRoutes, tcpRoutes and tlsRoutes', 'must not all be empty (Istio rejects a VirtualService without http, tcp or tls routes), got 0 routes',
          'Call addHttpRoute(), addTcpRoute() or addTlsRoute()')).message]
      : [];
  }

  private refuseInDelegate(method: string): void {
    if (this.isDelegate) {
      throw meshError(this, method, 'is not available on a delegate VirtualService: Istio delegates HTTP routes only', 'Add TCP and TLS routes to the root VirtualService');
    }
  }
}
