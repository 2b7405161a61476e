import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError, shown } from '../core/errors';
import { isDnsLabel, isDnsSubdomain, isGatewayHostname } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace } from '../core/service-resolution';
import { checkProps } from '../core/strict-props';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

/** Protocols of a Gateway listener that route HTTP (`listeners[].protocol`). */
export enum ListenerProtocol {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTP over TLS, terminated at the gateway with `certificateRefs`. */
  HTTPS = 'HTTPS',
}

/** Which namespaces' routes may attach to a listener (`allowedRoutes.namespaces.from`). */
export enum RouteNamespaces {
  /** Only routes in the Gateway's namespace (the API server's default). */
  SAME = 'Same',
  /** Routes in every namespace. */
  ALL = 'All',
}

/** A listener of a Gateway: a port, a protocol and optionally a hostname. */
export interface GatewayListener {
  /** The listener's name, unique in the Gateway (a DNS-1123 subdomain); routes attach to it by `sectionName`. */
  readonly name: string;

  /** The port, from 1 to 65535. */
  readonly port: number;

  /** The protocol. HTTPS needs `certificateRefs`. */
  readonly protocol: ListenerProtocol;

  /**
   * The host the listener accepts (`api.example.com`, or `*.example.com` for any subdomain); not an IP address.
   *
   * @default - every host
   */
  readonly hostname?: string;

  /**
   * Names of the Secrets (`kubernetes.io/tls`, in the Gateway's namespace) holding the certificate and key
   * the listener terminates TLS with. HTTPS only, at least one there; at most 64.
   *
   * @default - none (required for HTTPS)
   */
  readonly certificateRefs?: string[];

  /**
   * Which namespaces' routes may attach.
   *
   * @default RouteNamespaces.SAME
   */
  readonly allowedRoutes?: RouteNamespaces;
}

/** Properties for `Gateway`. */
export interface GatewayProps {
  /**
   * Object metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The GatewayClass that implements the Gateway: `istio` for Istio's gateway, which Istio deploys and
   * names `<gateway>-istio`.
   */
  readonly gatewayClassName: string;

  /** The listeners. At least one, at most 64. */
  readonly listeners: GatewayListener[];
}

/**
 * A Gateway API Gateway (`gateway.networking.k8s.io/v1`): the listeners of a north-south gateway, which
 * `gatewayApi.HttpRoute`s attach to with `RouteParent.gateway`. HTTP and HTTPS listeners; TLS terminates at
 * the gateway with the listener's certificate Secrets.
 */
export class Gateway extends Construct implements IMeshResource {
  /** The generated API object (child `Resource`), for escape hatches. */
  public readonly apiObject: ApiObject;

  /** The object's name. */
  public readonly name: string;

  /** The object's namespace. */
  public readonly namespace: string;

  /** The listeners' names, in order. */
  public readonly listenerNames: string[];

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    props = checkProps(this, 'gatewayApi.Gateway', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const className = props.gatewayClassName;
    if (!isDnsSubdomain(className)) {
      throw meshError(this, 'gatewayClassName', `must name a GatewayClass (a DNS-1123 subdomain), got ${shown(className)}`, 'Use "istio" for Istio\'s gateway');
    }
    const name = props.metadata?.name;
    if (name !== undefined && !isDnsLabel(name)) {
      throw meshError(this, 'metadata.name', `must be a DNS-1123 label (the gateway's Deployment and Service are named after it), got ${shown(name)}`);
    }
    if (!Array.isArray(props.listeners) || props.listeners.length === 0 || props.listeners.length > 64) {
      throw meshError(this, 'listeners', `must have from 1 to 64 listeners, got ${Array.isArray(props.listeners) ? props.listeners.length : shown(props.listeners)}`);
    }
    const names = new Set<string>();
    const bindings = new Set<string>();
    const listeners = props.listeners.map((l, i) => renderListener(this, `listeners[${i}]`, l, names, bindings));
    this.listenerNames = [...names];
    this.apiObject = createApiObject(this, merge(GVKS['gateway.networking.k8s.io'].Gateway, {
      metadata: merge(props.metadata, { namespace: this.namespace }),
      spec: { gatewayClassName: className, listeners },
    }));
    this.name = this.apiObject.name;
  }
}

function renderListener(scope: Construct, at: string, l: GatewayListener, names: Set<string>, bindings: Set<string>): any {
  if (!isDnsSubdomain(l.name)) {
    throw meshError(scope, `${at}.name`, `must be a DNS-1123 subdomain, got ${shown(l.name)}`);
  }
  if (names.has(l.name)) throw meshError(scope, `${at}.name`, `must be unique in the Gateway, got ${shown(l.name)} twice`);
  names.add(l.name);
  if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535) throw meshError(scope, `${at}.port`, `must be a port from 1 to 65535, got ${shown(l.port)}`);
  const protocols = Object.values(ListenerProtocol) as string[];
  if (!protocols.includes(l.protocol)) throw meshError(scope, `${at}.protocol`, `must be one of ${protocols.join(', ')}, got ${shown(l.protocol)}`);
  if (l.hostname !== undefined && !isGatewayHostname(l.hostname)) {
    throw meshError(scope, `${at}.hostname`, `must be a lowercase DNS name, optionally prefixed with "*." (not an IP address), got ${shown(l.hostname)}`);
  }
  const binding = `${l.port}/${l.protocol}/${l.hostname ?? ''}`;
  if (bindings.has(binding)) {
    throw meshError(scope, at, `repeats the port, protocol and hostname of an earlier listener (${binding})`, 'Give each listener its own port or hostname');
  }
  bindings.add(binding);
  let tls: any;
  if (l.protocol === ListenerProtocol.HTTPS) {
    const refs = l.certificateRefs;
    if (!Array.isArray(refs) || refs.length === 0 || refs.length > 64) {
      throw meshError(scope, `${at}.certificateRefs`, `must name from 1 to 64 TLS Secrets for an HTTPS listener, got ${shown(refs)}`);
    }
    refs.forEach((r, j) => {
      if (!isDnsSubdomain(r)) {
        throw meshError(scope, `${at}.certificateRefs[${j}]`, `must be a Secret name (a DNS-1123 subdomain), got ${shown(r)}`);
      }
    });
    tls = { mode: 'Terminate', certificateRefs: refs.map(r => ({ kind: 'Secret', name: r })) };
  } else if (l.certificateRefs !== undefined) {
    throw meshError(scope, `${at}.certificateRefs`, 'must not be set on an HTTP listener (the CRD refuses tls on HTTP)', 'Use ListenerProtocol.HTTPS to terminate TLS');
  }
  const from = l.allowedRoutes ?? RouteNamespaces.SAME;
  if (!(Object.values(RouteNamespaces) as string[]).includes(from)) {
    throw meshError(scope, `${at}.allowedRoutes`, `must be one of ${Object.values(RouteNamespaces).join(', ')}, got ${shown(from)}`);
  }
  return {
    name: l.name,
    port: l.port,
    protocol: l.protocol,
    ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
    ...(tls ? { tls } : {}),
    allowedRoutes: { namespaces: { from } },
  };
}
