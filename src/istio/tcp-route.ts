import { IConstruct } from 'constructs';
import { L4MatchAttributes, TlsMatchAttributes } from './http-match';
import { RouteDestination } from './route-destination';
import { meshError } from '../core/errors';
import { renderWeightedDestinations } from './private/destinations';
import { compact, renderLabels, requireNonEmptyStrings, requirePort } from './private/render';

/** Options of a TCP route (`TCPRoute`), for `VirtualService.addTcpRoute()`. */
export interface TcpRouteOptions {
  /**
   * Conditions, OR'ed, under which the route applies.
   *
   * @default - all TCP traffic to the hosts
   */
  readonly matches?: L4MatchAttributes[];

  /** Where to send the connections, with weights normalised to 100 as for HTTP routes. */
  readonly destinations: RouteDestination[];
}

/** Options of a TLS passthrough route (`TLSRoute`), for `VirtualService.addTlsRoute()`. */
export interface TlsRouteOptions {
  /** Conditions, OR'ed, under which the route applies; Istio requires at least one, each with `sniHosts`. */
  readonly matches: TlsMatchAttributes[];

  /** Where to send the connections, with weights normalised to 100 as for HTTP routes. */
  readonly destinations: RouteDestination[];
}

/** A TCP route of a VirtualService, as returned by `VirtualService.addTcpRoute()`. */
export class TcpRoute {
  /** @internal */
  public static _create(scope: IConstruct, prop: string, options: TcpRouteOptions): TcpRoute {
    return new TcpRoute(compact({
      match: options.matches?.map((m, i) => renderL4Match(scope, `${prop}.matches[${i}]`, m)),
      route: renderWeightedDestinations(scope, `${prop}.destinations`, options.destinations, false),
    }));
  }

  private constructor(private readonly rendered: any) {}

  /** @internal */
  public _render(): any {
    return this.rendered;
  }
}

/** A TLS route of a VirtualService, as returned by `VirtualService.addTlsRoute()`. */
export class TlsRoute {
  /** @internal */
  public static _create(scope: IConstruct, prop: string, options: TlsRouteOptions): TlsRoute {
    if (!Array.isArray(options.matches) || options.matches.length === 0) {
      throw meshError(scope, `${prop}.matches`, 'must have at least one match (Istio requires it for TLS routes)', 'Add a match with sniHosts');
    }
    return new TlsRoute({
      match: options.matches.map((m, i) => {
        requireNonEmptyStrings(scope, `${prop}.matches[${i}].sniHosts`, m.sniHosts);
        if (m.sniHosts === undefined) throw meshError(scope, `${prop}.matches[${i}].sniHosts`, 'is required');
        return { sniHosts: m.sniHosts, ...renderL4Match(scope, `${prop}.matches[${i}]`, m) };
      }),
      route: renderWeightedDestinations(scope, `${prop}.destinations`, options.destinations, false),
    });
  }

  private constructor(private readonly rendered: any) {}

  /** @internal */
  public _render(): any {
    return this.rendered;
  }
}

function renderL4Match(scope: IConstruct, prop: string, m: L4MatchAttributes): any {
  requirePort(scope, `${prop}.port`, m.port);
  requireNonEmptyStrings(scope, `${prop}.destinationSubnets`, m.destinationSubnets);
  requireNonEmptyStrings(scope, `${prop}.gateways`, m.gateways);
  return compact({
    destinationSubnets: m.destinationSubnets,
    port: m.port,
    sourceLabels: renderLabels(scope, `${prop}.sourceLabels`, m.sourceLabels),
    sourceNamespace: m.sourceNamespace,
    gateways: m.gateways,
  });
}
