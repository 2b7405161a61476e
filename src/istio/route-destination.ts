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
   * Relative share of the route's traffic: a non-negative integer. The weights of a route are normalised
   * to sum to 100 by the largest-remainder method (floor of each share; the points left over go to the
   * largest remainders, ties to the earlier destination), so 1:1:1 renders 34, 33, 33. Weights that already
   * sum to 100 are unchanged. A weight of 0 is kept (Istio sends it no traffic); a total of 0 is refused.
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
