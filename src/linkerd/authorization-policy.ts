import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { GrpcRoute } from './grpc-route';
import { HttpRoute } from './http-route';
import { MeshTlsAuthentication } from './meshtls-authentication';
import { NetworkAuthentication } from './network-authentication';
import { serverInApp } from './private/route';
import { Server } from './server';
import { addMeshValidation, meshError, shown } from '../core/errors';
import { isDnsLabel, isDnsSubdomain } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace, requireDnsLabel } from '../core/service-resolution';
import { staticScope } from '../core/static-scope';
import { checkProps, checkStaticArguments } from '../core/strict-props';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

/** What an AuthorizationPolicy applies to (`targetRef`): an object of the policy's own namespace. */
export class PolicyTarget {
  /** A Server: all traffic to its port. */
  public static server(server: Server): PolicyTarget {
    return new PolicyTarget('policy.linkerd.io', 'Server', server.name, server.namespace);
  }

  /**
   * A Server of this app by name, in the policy's namespace. A name that no `linkerd.Server` of the app has
   * is refused at synthesis (a policy on a Server that does not exist authorizes nothing, silently); for a
   * Server that another app or chart creates, use `externalServer()`.
   */
  public static serverNamed(name: string): PolicyTarget {
    requireObjectName('PolicyTarget.serverNamed', 'name', name);
    return new PolicyTarget('policy.linkerd.io', 'Server', name, undefined, undefined, true);
  }

  /** A Server that this app does not define (another app or chart creates it), by name, in the policy's namespace. Not checked. */
  public static externalServer(name: string): PolicyTarget {
    requireObjectName('PolicyTarget.externalServer', 'name', name);
    return new PolicyTarget('policy.linkerd.io', 'Server', name);
  }

  /** A `policy.linkerd.io` HTTPRoute by name (attached to a Server), in the policy's namespace. */
  public static httpRouteNamed(name: string): PolicyTarget {
    requireObjectName('PolicyTarget.httpRouteNamed', 'name', name);
    return new PolicyTarget('policy.linkerd.io', 'HTTPRoute', name);
  }

  /**
   * An HTTPRoute of this library, Linkerd's (`policy.linkerd.io`) or the Gateway API's, both of which
   * Linkerd's inbound policy reads: the requests that match its rules. The route must have a Server parent
   * (`RouteParent.server()`): Linkerd authorizes inbound traffic per Server, and a route with only Service
   * parents describes outbound traffic, which no AuthorizationPolicy governs.
   */
  public static httpRoute(route: HttpRoute): PolicyTarget {
    return new PolicyTarget(route.apiObject.apiGroup, 'HTTPRoute', route.name, route.namespace, route._hasServerParent);
  }

  /** A Gateway API GRPCRoute by name (attached to a Server), in the policy's namespace. */
  public static grpcRouteNamed(name: string): PolicyTarget {
    requireObjectName('PolicyTarget.grpcRouteNamed', 'name', name);
    return new PolicyTarget('gateway.networking.k8s.io', 'GRPCRoute', name);
  }

  /**
   * A GRPCRoute of this library: the calls that match its rules. The route must have a Server parent, as
   * for `httpRoute()`.
   */
  public static grpcRoute(route: GrpcRoute): PolicyTarget {
    return new PolicyTarget('gateway.networking.k8s.io', 'GRPCRoute', route.name, route.namespace, route._hasServerParent);
  }

  /** The policy's own namespace: every Server in it. Linkerd refuses another namespace. */
  public static namespace(name: string): PolicyTarget {
    requireObjectName('PolicyTarget.namespace', 'name', name, true);
    return new PolicyTarget('', 'Namespace', name);
  }

  /**
   * A Namespace object (`kind: Namespace`, e.g. a cdk8s-plus `Namespace`'s `ApiObject.of(ns)`): every Server
   * in it. It must be the policy's own namespace; Linkerd refuses another.
   */
  public static namespaceObject(namespace: ApiObject): PolicyTarget {
    if (!(namespace instanceof ApiObject) || namespace.kind !== 'Namespace') {
      const value: unknown = namespace;
      const construct = value instanceof Construct ? value : undefined;
      const got = value instanceof ApiObject ? `a ${value.kind}` : construct ? `the construct ${construct.constructor.name}` : shown(value);
      throw meshError(construct ?? staticScope('PolicyTarget.namespaceObject'), 'namespace', `must be a Namespace ApiObject, got ${got}`,
        'Pass the Namespace\'s generated object (ApiObject.of(ns) for a cdk8s-plus Namespace), or name it with PolicyTarget.namespace(name)');
    }
    return new PolicyTarget('', 'Namespace', namespace.name);
  }

  private constructor(
    /** @internal */ public readonly _group: string,
    /** @internal */ public readonly _kind: string,
    /** @internal */ public readonly _name: string,
    /** @internal */ public readonly _namespace?: string,
    /** @internal */ public readonly _hasServerParent?: boolean,
    /** @internal */ public readonly _mustExistInApp?: boolean) {}
}

/** A client authentication an AuthorizationPolicy requires (`requiredAuthenticationRefs[]`). */
export class AuthenticationRef {
  /** Clients with one of these mTLS identities. */
  public static meshTls(authentication: MeshTlsAuthentication): AuthenticationRef {
    return new AuthenticationRef('policy.linkerd.io', 'MeshTLSAuthentication', authentication.name, authentication.namespace);
  }

  /**
   * Clients from one of these networks. Source addresses identify no client: a policy whose only required
   * authentication is a NetworkAuthentication admitting every address (`0.0.0.0/0`, `::/0`) is refused unless
   * `allowUnauthenticated`.
   */
  public static network(authentication: NetworkAuthentication): AuthenticationRef {
    return new AuthenticationRef('policy.linkerd.io', 'NetworkAuthentication', authentication.name, authentication.namespace, authentication._everyAddressOf);
  }

  /**
   * Meshed clients running as this ServiceAccount.
   *
   * @param namespace the ServiceAccount's namespace; defaults to the policy's
   */
  public static serviceAccount(name: string, namespace?: string): AuthenticationRef {
    requireObjectName('AuthenticationRef.serviceAccount', 'name', name);
    if (namespace !== undefined) requireObjectName('AuthenticationRef.serviceAccount', 'namespace', namespace, true);
    return new AuthenticationRef('', 'ServiceAccount', name, namespace);
  }

  private constructor(
    /** @internal */ public readonly _group: string,
    /** @internal */ public readonly _kind: string,
    /** @internal */ public readonly _name: string,
    /** @internal */ public readonly _namespace?: string,
    /** @internal */ public readonly _everyAddressOf?: string) {}
}

/** Properties for `AuthorizationPolicy`. */
export interface AuthorizationPolicyProps {
  /**
   * Metadata of the AuthorizationPolicy.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /** What the policy applies to, in the policy's namespace. */
  readonly target: PolicyTarget;

  /**
   * The authentications a client needs, all of them: at most one MeshTLSAuthentication or ServiceAccount,
   * and at most one NetworkAuthentication. Added through `addAuthentication`.
   *
   * @default - none, which is refused unless `allowUnauthenticated` is set
   */
  readonly requiredAuthentications?: AuthenticationRef[];

  /**
   * Acknowledges that the policy authorizes clients without identity, meshed or not: with no required
   * authentication, or with a NetworkAuthentication that admits every address (`0.0.0.0/0`, `::/0`) as its
   * only one.
   *
   * @default false
   */
  readonly allowUnauthenticated?: boolean;
}

/**
 * A Linkerd AuthorizationPolicy (`policy.linkerd.io/v1alpha1`): which clients may reach a Server, a route
 * or a namespace. Refuses what Linkerd's admission webhook refuses.
 */
export class AuthorizationPolicy extends Construct implements IMeshResource {
  /** The name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  private readonly refs: AuthenticationRef[] = [];

  constructor(scope: Construct, id: string, props: AuthorizationPolicyProps) {
    super(scope, id);
    props = checkProps(this, 'linkerd.AuthorizationPolicy', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const target = props.target;
    if (!(target instanceof PolicyTarget)) throw meshError(this, 'target', `must be a PolicyTarget, got ${shown(target)}`);
    requireDnsLabel(this, 'target.name', target._name.split('.')[0]);
    if (target._kind === 'Namespace' && target._name !== this.namespace) {
      throw meshError(this, 'target', `must be the policy's own namespace ${shown(this.namespace)}, got Namespace ${shown(target._name)}`,
        `Linkerd's webhook refuses it ("cannot target another namespace: ${target._name}"): create the policy in that namespace`);
    }
    if (target._namespace !== undefined && target._namespace !== this.namespace) {
      throw meshError(this, 'target', `must be in the policy's namespace ${shown(this.namespace)}, got ${target._kind} ${shown(`${target._namespace}/${target._name}`)}`,
        'targetRef has no namespace: create the policy in the target\'s namespace');
    }
    if (target._hasServerParent === false) {
      throw meshError(this, 'target', `must be a route with a Server parent, got ${target._kind} ${shown(target._name)} with only Service parents`,
        'Linkerd authorizes inbound traffic per Server, and a route attached to a Service describes outbound traffic: attach the route to the Server with RouteParent.server(), or target the Server');
    }
    // A plain ApiObject with the binding's GVK: the binding's toJson() would re-map the JSON after any addJsonPatch().
    this.apiObject = createApiObject(this, merge(GVKS['policy.linkerd.io'].AuthorizationPolicy, {
      metadata: merge(props.metadata, { namespace: this.namespace }),
      spec: {
        targetRef: merge(target._group !== '' ? { group: target._group } : {}, { kind: target._kind, name: target._name }),
        requiredAuthenticationRefs: Lazy.any({ produce: () => this.refs.map(r => this.renderRef(r)) }),
      },
    }));
    this.name = this.apiObject.name;
    for (const ref of props.requiredAuthentications ?? []) this.addAuthentication(ref);
    addMeshValidation(this, () => [
      ...(target._mustExistInApp && !serverInApp(this, this.namespace, target._name)
        ? [meshError(this, 'target', `names the Server ${shown(target._name)}, which no linkerd.Server of this app defines in namespace ${shown(this.namespace)}`,
          'Linkerd would apply the policy to nothing: fix the name, create the Server (new linkerd.Server) and target it with PolicyTarget.server(server), or use PolicyTarget.externalServer(name) for a Server another app creates').message]
        : []),
      ...(props.allowUnauthenticated ? [] : this.unauthenticatedErrors()),
    ]);
  }

  /** Adds a required authentication, refusing the combinations Linkerd's webhook refuses. */
  public addAuthentication(ref: AuthenticationRef): AuthenticationRef {
    ref = checkProps(this, 'linkerd.AuthorizationPolicy.addAuthentication', ref, 'addAuthentication()');
    const prop = `requiredAuthentications[${this.refs.length}]`;
    if (!(ref instanceof AuthenticationRef)) throw meshError(this, prop, `must be an AuthenticationRef, got ${shown(ref)}`);
    if (!isDnsSubdomain(ref._name)) throw meshError(this, `${prop}.name`, `must be the name of a ${ref._kind} (a DNS-1123 subdomain), got ${shown(ref._name)}`);
    if (ref._namespace !== undefined && !isDnsLabel(ref._namespace)) {
      throw meshError(this, `${prop}.namespace`, `must be a namespace (a DNS-1123 label), got ${shown(ref._namespace)}`);
    }
    const count = (kind: string) => this.refs.filter(r => r._kind === kind).length;
    const webhook = (message: string) => `Linkerd's webhook refuses it ("${message}")`;
    if (ref._kind === 'MeshTLSAuthentication' && count('MeshTLSAuthentication') > 0) {
      throw meshError(this, prop, 'must not be a second MeshTLSAuthentication', `${webhook('only a single MeshTLSAuthentication may be set')}: list every identity in one MeshTLSAuthentication`);
    }
    if (ref._kind === 'ServiceAccount' && count('ServiceAccount') > 0) {
      throw meshError(this, prop, 'must not be a second ServiceAccount', `${webhook('only a single ServiceAccount may be set')}: use one MeshTLSAuthentication with serviceAccounts instead`);
    }
    if ((ref._kind === 'ServiceAccount' && count('MeshTLSAuthentication') > 0) || (ref._kind === 'MeshTLSAuthentication' && count('ServiceAccount') > 0)) {
      throw meshError(this, prop, 'must not combine a MeshTLSAuthentication and a ServiceAccount', `${webhook('a MeshTLSAuthentication and ServiceAccount may not be set together')}: add the ServiceAccount to the MeshTLSAuthentication's serviceAccounts`);
    }
    if (ref._kind === 'NetworkAuthentication' && count('NetworkAuthentication') > 0) {
      throw meshError(this, prop, 'must not be a second NetworkAuthentication', `${webhook('only a single NetworkAuthentication may be set')}: list every network in one NetworkAuthentication`);
    }
    this.refs.push(ref);
    return ref;
  }

  /** Errors when the required authentications identify no client (none, or only a network of every address). */
  private unauthenticatedErrors(): string[] {
    if (this.refs.length === 0) {
      return [meshError(this, 'requiredAuthentications', 'must not be empty, got none',
        'With no required authentication the policy authorizes every client, meshed or not: add one with addAuthentication(), or set allowUnauthenticated: true').message];
    }
    const open = this.refs.find(r => r._everyAddressOf !== undefined);
    if (open && this.refs.every(r => r._kind === 'NetworkAuthentication')) {
      return [meshError(this, 'requiredAuthentications', `must not be only a NetworkAuthentication that admits every ${open._everyAddressOf} address, got ${shown(open._name)}`,
        'A source address identifies no client, so the policy authorizes every client, meshed or not: also require a MeshTlsAuthentication or ServiceAccount, narrow the networks, or set allowUnauthenticated: true').message];
    }
    return [];
  }

  private renderRef(ref: AuthenticationRef): any {
    const sameNamespace = ref._namespace === undefined || ref._namespace === this.namespace;
    return merge(ref._group !== '' ? { group: ref._group } : {}, {
      kind: ref._kind,
      name: ref._name,
      ...(sameNamespace ? {} : { namespace: ref._namespace }),
    });
  }
}

checkStaticArguments(AuthenticationRef, 'linkerd.AuthenticationRef');
checkStaticArguments(PolicyTarget, 'linkerd.PolicyTarget');

/** Throws unless `name` is an object name (a DNS-1123 subdomain; a label for a namespace), naming the static method. */
function requireObjectName(method: string, prop: string, name: string, label = false): void {
  if (label ? isDnsLabel(name) : isDnsSubdomain(name)) return;
  throw meshError(staticScope(method), prop, `must be ${label ? 'a namespace (a DNS-1123 label)' : 'an object name (a DNS-1123 subdomain)'}, got ${shown(name)}`);
}
