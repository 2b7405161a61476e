/**
 * Where a route sends traffic (`Destination`), with its share of the route's traffic.
 */
export interface RouteDestination {
  /**
   * The service name from the registry: a Kubernetes short name (resolved in the VirtualService's
   * namespace), a FQDN such as `reviews.default.svc.cluster.local`, or a ServiceEntry host.
   */
  readonly host: string;

  /**
   * A subset of the host, defined in a DestinationRule for that host (istioctl analyze IST0101 if none).
   *
   * @default - every endpoint of the host
   */
  readonly subset?: string;

  /**
   * The port on the host (1–65535). Required when the host exposes several ports.
   *
   * @default - the host's only port
   */
  readonly port?: number;

  /**
   * Share of the route's traffic in percent: a non-negative integer, rendered as given. The weights of a
   * route must sum to 100 (a lone destination's weight, if set, must be 100); other totals are refused with
   * the same shares in percent as the fix (60 + 60: write 50 + 50), never rescaled. Istio 1.15+ itself reads
   * weight / sum. A weight of 0 is kept (Istio sends it no traffic); a total of 0 is refused.
   *
   * @default - required when the route has several destinations; a single destination gets all traffic
   * and no `weight` field is emitted
   */
  readonly weight?: number;

  /**
   * Header changes applied only when this destination is chosen.
   *
   * @default - none
   */
  readonly headers?: HeaderManipulation;
}

/**
 * Header operations on requests or responses.
 */
export interface HeaderOperations {
  /**
   * Headers to overwrite.
   *
   * @default - none
   */
  readonly set?: { [name: string]: string };

  /**
   * Headers to append to.
   *
   * @default - none
   */
  readonly add?: { [name: string]: string };

  /**
   * Headers to remove.
   *
   * @default - none
   */
  readonly remove?: string[];
}

/**
 * Header manipulation rules (`Headers` in Istio).
 */
export interface HeaderManipulation {
  /**
   * Operations on the request before it is forwarded.
   *
   * @default - none
   */
  readonly request?: HeaderOperations;

  /**
   * Operations on the response before it is returned.
   *
   * @default - none
   */
  readonly response?: HeaderOperations;
}
