import { Server } from './server';

/** What a route attaches to (`parentRefs[]`), in the route's namespace. */
export class RouteParent {
  /**
   * A Service (GAMMA): the route applies to meshed clients calling it. Headless Services are not valid parents.
   *
   * @param port the Service port; needed for the catch-all rule's backend
   */
  public static service(name: string, port?: number): RouteParent {
    return new RouteParent('', 'Service', name, port);
  }

  /** A Linkerd Server: the route describes inbound traffic, for AuthorizationPolicies. */
  public static server(server: Server): RouteParent {
    return new RouteParent('policy.linkerd.io', 'Server', server.name, undefined, server.namespace);
  }

  /** A Linkerd Server by name. */
  public static serverNamed(name: string): RouteParent {
    return new RouteParent('policy.linkerd.io', 'Server', name);
  }

  private constructor(
    /** @internal */ public readonly _group: string,
    /** @internal */ public readonly _kind: string,
    /** @internal */ public readonly _name: string,
    /** @internal */ public readonly _port?: number,
    /** @internal */ public readonly _namespace?: string) {}
}

/** A Service a rule sends requests to (`backendRefs[]`). */
export interface RouteBackend {
  /** The Service's name (a DNS label), in the route's namespace. */
  readonly name: string;

  /** The Service port (Linkerd refuses a Service backend without one). */
  readonly port: number;

  /**
   * The relative weight, an integer from 0 to 1000000 (the CRD's limit): the backend gets weight / sum of
   * the rule's weights of the requests; 0 sends it none. At most 16 backends per rule.
   *
   * @default - not rendered: the API server sets 1
   */
  readonly weight?: number;
}
