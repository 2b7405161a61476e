import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { DefaultInboundPolicy, ProxyProtocol } from './inbound-policy';
import { ServerV1Beta3 } from '../imports/policy.linkerd.io';
import { meshError, shown } from '../private/errors';
import { chartNamespace } from '../private/linkerd-names';

/** The port a Server describes: a number, or the name of a container port. */
export class ServerPort {
  /** A port number, from 1 to 65535. */
  public static number(port: number): ServerPort {
    return new ServerPort(port);
  }

  /** The name of a container port (IANA_SVC_NAME: at most 15 lowercase letters, digits and '-'). */
  public static named(name: string): ServerPort {
    return new ServerPort(name);
  }

  private constructor(
    /** @internal */ public readonly _value: number | string) {}
}

/** Properties for `Server`. */
export interface ServerProps {
  /**
   * Metadata of the Server.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Labels of the pods this Server applies to (`podSelector.matchLabels`); `{}` selects every pod of the
   * namespace. Exactly one of `podSelector` and `externalWorkloadSelector`.
   *
   * @default - `externalWorkloadSelector` must be set
   */
  readonly podSelector?: { [key: string]: string };

  /**
   * Labels of the ExternalWorkloads this Server applies to (`externalWorkloadSelector.matchLabels`).
   *
   * @default - `podSelector` must be set
   */
  readonly externalWorkloadSelector?: { [key: string]: string };

  /** The port of the selected workloads. */
  readonly port: ServerPort;

  /**
   * The protocol of the port, which skips protocol detection.
   *
   * @default - not rendered: Linkerd uses `unknown` and detects the protocol
   */
  readonly proxyProtocol?: ProxyProtocol;

  /**
   * What happens to requests no AuthorizationPolicy allows.
   *
   * @default DefaultInboundPolicy.DENY - rendered explicitly (also the CRD's default); note that ports
   * without any Server keep the cluster's default inbound policy, `all-unauthenticated` unless changed
   */
  readonly accessPolicy?: DefaultInboundPolicy;
}

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]?$/;

/** A Linkerd Server (`policy.linkerd.io/v1beta3`): a port of some workloads, to authorize traffic to. */
export class Server extends Construct {
  /** The Server's name. */
  public readonly name: string;
  /** The Server's namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServerProps) {
    super(scope, id);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    if ((props.podSelector === undefined) === (props.externalWorkloadSelector === undefined)) {
      throw meshError(this, 'podSelector', 'or externalWorkloadSelector must be set, and not both',
        'Select pods with podSelector ({} selects every pod of the namespace), or external workloads with externalWorkloadSelector');
    }
    const port = this.renderPort(props.port);
    const spec: any = {
      ...(props.podSelector !== undefined ? { podSelector: { matchLabels: { ...props.podSelector } } } : {}),
      ...(props.externalWorkloadSelector !== undefined ? { externalWorkloadSelector: { matchLabels: { ...props.externalWorkloadSelector } } } : {}),
      port,
      ...(props.proxyProtocol !== undefined ? { proxyProtocol: this.checkEnum('proxyProtocol', props.proxyProtocol, Object.values(ProxyProtocol)) } : {}),
      accessPolicy: this.checkEnum('accessPolicy', props.accessPolicy ?? DefaultInboundPolicy.DENY, Object.values(DefaultInboundPolicy)),
    };
    // ApiObject rather than the binding: the binding's port is a wrapper class.
    this.apiObject = new ApiObject(this, 'Resource', {
      ...ServerV1Beta3.GVK,
      metadata: { ...props.metadata, namespace: this.namespace },
      spec,
    });
    this.name = this.apiObject.name;
  }

  private renderPort(port: ServerPort): number | string {
    const value = port instanceof ServerPort ? port._value : undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
    if (typeof value === 'string' && value.length <= 15 && IANA_SVC_NAME.test(value)) return value;
    throw meshError(this, 'port', `must be a port number from 1 to 65535 or a container port name (IANA_SVC_NAME), got ${shown(value ?? port)}`);
  }

  private checkEnum(prop: string, value: string, allowed: string[]): string {
    if (!allowed.includes(value)) throw meshError(this, prop, `must be one of ${allowed.join(', ')}, got ${shown(value)}`);
    return value;
  }
}
