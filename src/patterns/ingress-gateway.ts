import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { requireMesh, requireNoDefaultRetries, unsupported } from './private/mesh-support';
import { meshError, shown } from '../core/errors';
import { IstioDialect, Mesh } from '../core/mesh';
import { isDnsLabel } from '../core/names';
import { IMeshResource } from '../core/resource';
import { checkProps } from '../core/strict-props';
import { DEFAULT_ROUTE_TIMEOUT } from '../core/timeouts';
import * as gatewayApi from '../gateway-api';
import * as istio from '../istio';

/** Where an `IngressGateway` sends the requests under one path prefix. */
export interface IngressRoute {
  /**
   * The path prefix, matched element by element as the Gateway API does: `/api` matches `/api` and
   * `/api/payments`, not `/apis`. Starts with `/`, no trailing `/` (except `/` itself), no `?` or `#`. The
   * longest matching prefix wins on every dialect; each prefix appears once.
   *
   * @default "/" - every path
   */
  readonly pathPrefix?: string;

  /** The Service that answers, in the chart's namespace (a DNS-1123 label). */
  readonly service: string;

  /** The Service port. */
  readonly port: number;

  /**
   * The request timeout.
   *
   * @default Duration.seconds(15)
   */
  readonly timeout?: Duration;
}

/** Properties for `IngressGateway`. */
export interface IngressGatewayProps {
  /** The mesh. Istio only: Linkerd has no ingress gateway of its own. */
  readonly mesh: Mesh;

  /** The name of the gateway and its route objects (a DNS-1123 label). */
  readonly name: string;

  /** The hosts served (`shop.example.com`, `*.example.com`). At least one, at most 16. */
  readonly hosts: string[];

  /** The routes, by path prefix. At least one. */
  readonly routes: IngressRoute[];

  /**
   * The TLS Secret (`kubernetes.io/tls`) the gateway terminates HTTPS on port 443 with. Istio classic: in the
   * namespace of the gateway's pods (`credentialName`); Gateway API: in the Gateway's namespace.
   *
   * @default - none: then `allowPlaintext` must be set
   */
  readonly tlsSecret?: string;

  /**
   * With `tlsSecret`, also listens on port 80 and answers every plain HTTP request with a 301 to HTTPS.
   *
   * @default true
   */
  readonly redirectHttp?: boolean;

  /**
   * Serves plain HTTP on port 80 without TLS: credentials and data cross the network unencrypted. Needed when
   * `tlsSecret` is not set.
   *
   * @default false
   */
  readonly allowPlaintext?: boolean;

  /**
   * Istio classic: the labels of the ingress gateway pods the Gateway configures.
   *
   * @default { istio: 'ingressgateway' }
   */
  readonly gatewaySelector?: { [key: string]: string };

  /**
   * Istio on the Gateway API: the GatewayClass of the Gateway (Istio deploys one named `<name>-istio`).
   *
   * @default "istio"
   */
  readonly gatewayClassName?: string;
}

interface Route { readonly prefix: string; readonly service: string; readonly port: number; readonly timeout: Duration }

/**
 * North-south ingress for a set of hosts: TLS terminated at the gateway (or an explicit plaintext opt-in),
 * an HTTP to HTTPS redirect, and routes by path prefix to Services in the chart's namespace, each with a
 * timeout and no retries. Istio classic: an Istio `Gateway` plus a VirtualService bound to it, prefixes
 * rendered as `exact` plus `prefix: <p>/` so they match as the Gateway API's do, longest first. Istio on the
 * Gateway API: a `gateway.networking.k8s.io` Gateway plus HTTPRoutes attached to its listeners. Linkerd:
 * refused (it meshes the ingress controller you run; it has no gateway of its own).
 */
export class IngressGateway extends Construct {
  /** The gateway object (Istio `Gateway` or Gateway API `Gateway`). */
  public readonly gateway: IMeshResource;

  /** Every object the pattern rendered. */
  public readonly resources: IMeshResource[];

  constructor(scope: Construct, id: string, props: IngressGatewayProps) {
    super(scope, id);
    props = checkProps(this, 'IngressGateway', props);
    const mesh = requireMesh(this, props.mesh);
    if (mesh.isLinkerd) {
      throw unsupported(this, mesh, 'mesh', 'Linkerd has no ingress gateway of its own: it meshes the ingress controller you run',
        'Inject your ingress controller (linkerd.io/inject: enabled) and route with its own objects, or use Mesh.istio()');
    }
    if (!isDnsLabel(props.name)) throw meshError(this, 'name', `must be a DNS-1123 label, got ${shown(props.name)}`);
    if (!Array.isArray(props.hosts) || props.hosts.length === 0) throw meshError(this, 'hosts', `must list at least one host, got ${shown(props.hosts)}`);
    const tls = props.tlsSecret;
    if (tls === undefined && props.allowPlaintext !== true) {
      throw meshError(this, 'tlsSecret', 'is required: without it the gateway serves plain HTTP',
        'Name the TLS Secret the gateway terminates HTTPS with, or set allowPlaintext: true to serve HTTP on port 80 knowingly');
    }
    if (tls !== undefined && props.allowPlaintext === true) {
      throw meshError(this, 'allowPlaintext', 'must not be set with tlsSecret (HTTP on port 80 then only redirects to HTTPS)', 'Remove allowPlaintext, or set redirectHttp: false to listen on 443 only');
    }
    if (tls === undefined && props.redirectHttp !== undefined) {
      throw meshError(this, 'redirectHttp', 'needs tlsSecret: there is no HTTPS to redirect to');
    }
    const redirect = tls !== undefined && props.redirectHttp !== false;
    const routes = renderRoutes(this, props.routes);

    if (mesh.dialect === IstioDialect.CLASSIC) {
      if (props.gatewayClassName !== undefined) {
        throw meshError(this, 'gatewayClassName', 'is for Istio on the Gateway API; the classic dialect selects gateway pods', 'Use gatewaySelector, or Mesh.istio({ dialect: IstioDialect.GAMMA })');
      }
      const servers: istio.GatewayServer[] = [];
      if (tls !== undefined) {
        servers.push({ port: 443, protocol: istio.PortProtocol.HTTPS, portName: 'https', hosts: props.hosts, tls: { mode: istio.ServerTlsMode.SIMPLE, credentialName: tls } });
      }
      if (tls === undefined || redirect) {
        servers.push({ port: 80, protocol: istio.PortProtocol.HTTP, portName: 'http', hosts: props.hosts, httpsRedirect: redirect ? true : undefined });
      }
      const gateway = new istio.Gateway(this, 'Gateway', {
        metadata: { name: props.name },
        selector: props.gatewaySelector ?? { istio: 'ingressgateway' },
        servers,
        apiVersion: mesh.istioApiVersion,
      });
      const vs = new istio.VirtualService(this, 'VirtualService', {
        metadata: { name: props.name },
        hosts: props.hosts,
        gateways: [gateway.name],
        apiVersion: mesh.istioApiVersion,
      });
      // Istio takes the first route that matches: longest prefix first, as the Gateway API decides.
      for (const r of routes) {
        vs.addHttpRoute({
          name: routeName(r),
          matches: r.prefix === '/' ? [{ uri: istio.StringMatch.prefix('/') }] : [{ uri: istio.StringMatch.exact(r.prefix) }, { uri: istio.StringMatch.prefix(`${r.prefix}/`) }],
          destinations: [{ host: r.service, port: r.port }],
          timeout: r.timeout,
        });
      }
      this.gateway = gateway;
      this.resources = [gateway, vs];
      return;
    }

    requireNoDefaultRetries(this, mesh);
    if (props.gatewaySelector !== undefined) {
      throw meshError(this, 'gatewaySelector', 'is for the classic dialect; on the Gateway API, Istio deploys the gateway for the Gateway object', 'Use gatewayClassName, or Mesh.istio()');
    }
    const listeners: gatewayApi.GatewayListener[] = [];
    if (tls !== undefined) listeners.push({ name: 'https', port: 443, protocol: gatewayApi.ListenerProtocol.HTTPS, certificateRefs: [tls] });
    if (tls === undefined || redirect) listeners.push({ name: 'http', port: 80, protocol: gatewayApi.ListenerProtocol.HTTP });
    const gateway = new gatewayApi.Gateway(this, 'Gateway', {
      metadata: { name: props.name },
      gatewayClassName: props.gatewayClassName ?? 'istio',
      listeners,
    });
    const route = new gatewayApi.HttpRoute(this, 'HttpRoute', {
      metadata: { name: props.name },
      parents: [gatewayApi.RouteParent.gateway(gateway.name, undefined, tls !== undefined ? 'https' : 'http')],
      hostnames: props.hosts,
      catchAll: false,
    });
    for (const r of routes) {
      route.addRule({
        matches: [{ path: gatewayApi.PathMatch.prefix(r.prefix) }],
        backends: [{ name: r.service, port: r.port }],
        timeouts: { request: r.timeout },
      });
    }
    this.gateway = gateway;
    this.resources = [gateway, route];
    if (redirect) {
      const redirectRoute = new gatewayApi.HttpRoute(this, 'HttpsRedirect', {
        metadata: { name: `${props.name}-https-redirect` },
        parents: [gatewayApi.RouteParent.gateway(gateway.name, undefined, 'http')],
        hostnames: props.hosts,
        catchAll: false,
      });
      redirectRoute.addRule({ filters: [gatewayApi.HttpRouteFilter.requestRedirect({ scheme: gatewayApi.RedirectScheme.HTTPS, statusCode: 301 })] });
      this.resources.push(redirectRoute);
    }
  }
}

function routeName(r: Route): string {
  return r.prefix === '/' ? 'root' : `prefix${r.prefix.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

function renderRoutes(scope: Construct, routes: IngressRoute[]): Route[] {
  if (!Array.isArray(routes) || routes.length === 0) throw meshError(scope, 'routes', `must have at least one route, got ${shown(routes)}`);
  const seen = new Set<string>();
  const out = routes.map((r, i): Route => {
    const at = `routes[${i}]`;
    const prefix = r.pathPrefix ?? '/';
    if (typeof prefix !== 'string' || !prefix.startsWith('/') || /[?#\s]/.test(prefix) || prefix.includes('//') || (prefix.length > 1 && prefix.endsWith('/')) || prefix.length > 1024) {
      throw meshError(scope, `${at}.pathPrefix`, `must be a path starting with "/", without a trailing "/", "//", "?", "#" or spaces, got ${shown(prefix)}`,
        'For /api/ write /api: it matches /api and everything under it');
    }
    if (seen.has(prefix)) throw meshError(scope, `${at}.pathPrefix`, `repeats ${shown(prefix)}: each prefix routes to one Service`);
    seen.add(prefix);
    if (!isDnsLabel(r.service)) throw meshError(scope, `${at}.service`, `must be a Service name (a DNS-1123 label), got ${shown(r.service)}`);
    if (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535) throw meshError(scope, `${at}.port`, `must be a port from 1 to 65535, got ${shown(r.port)}`);
    return { prefix, service: r.service, port: r.port, timeout: r.timeout ?? DEFAULT_ROUTE_TIMEOUT };
  });
  // Longest prefix first; ties cannot happen (prefixes are unique), so the order is total and deterministic.
  return out.sort((a, b) => b.prefix.length - a.prefix.length || (a.prefix < b.prefix ? -1 : 1));
}
