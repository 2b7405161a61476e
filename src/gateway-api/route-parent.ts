import { IMeshResource } from '../core/resource';
import { checkStaticArguments } from '../core/strict-props';

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

  /**
   * A Gateway API Gateway (north-south): the route applies to requests its listeners accept. The Gateway may
   * be in another namespace when its listeners' `allowedRoutes` admit the route's.
   *
   * @param namespace the Gateway's namespace; by default the route's
   * @param sectionName the listener to attach to; by default every listener that admits the route
   */
  public static gateway(name: string, namespace?: string, sectionName?: string): RouteParent {
    return new RouteParent('gateway.networking.k8s.io', 'Gateway', name, undefined, namespace, sectionName);
  }

  /**
   * A Linkerd Server (`linkerd.Server`): the route describes inbound traffic, for AuthorizationPolicies.
   * Only Linkerd's HTTPRoute (`linkerd.HttpRoute`) takes it.
   */
  public static server(server: IMeshResource): RouteParent {
    return new RouteParent('policy.linkerd.io', 'Server', server.name, undefined, server.apiObject.metadata.namespace);
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
    /** @internal */ public readonly _namespace?: string,
    /** @internal */ public readonly _sectionName?: string) {}
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

checkStaticArguments(RouteParent, 'gatewayApi.RouteParent');
