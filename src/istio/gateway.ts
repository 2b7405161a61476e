import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioApiVersion } from './api-version';
import { Gateway as GatewayV1, GatewayV1Beta1 } from '../imports/networking.istio.io';
import { meshError } from '../private/errors';
import { compact, renderLabels, requireNonEmptyStrings, requirePort, resolveApiVersion } from '../private/istio-render';
import { createIstioResource } from '../private/istio-resource';

/** Protocols of a port (`Port.protocol`). */
export enum PortProtocol {
  /** HTTP/1.1 (and HTTP/2 with prior knowledge). */
  HTTP = 'HTTP',
  /** HTTP over TLS. */
  HTTPS = 'HTTPS',
  /** gRPC. */
  GRPC = 'GRPC',
  /** HTTP/2. */
  HTTP2 = 'HTTP2',
  /** MongoDB wire protocol. */
  MONGO = 'MONGO',
  /** Opaque TCP. */
  TCP = 'TCP',
  /** TLS, routed by SNI. */
  TLS = 'TLS',
}

/** TLS modes of a gateway server (`ServerTLSSettings.TLSmode`). */
export enum ServerTlsMode {
  /** Terminate TLS with `credentialName`. */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require client certificates. */
  MUTUAL = 'MUTUAL',
  /** Forward TLS untouched, routed by SNI (needs a VirtualService TLS route). */
  PASSTHROUGH = 'PASSTHROUGH',
  /** Forward TLS by SNI without a VirtualService. */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
  /** Mutual TLS with Istio's certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** Terminate TLS, client certificates optional. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
}

/** TLS of a gateway server. */
export interface ServerTls {
  /** The TLS mode. */
  readonly mode: ServerTlsMode;
  /**
   * Secret with the server certificate and key, in the gateway's namespace. Required for SIMPLE, MUTUAL and
   * OPTIONAL_MUTUAL.
   *
   * @default - none
   */
  readonly credentialName?: string;
  /**
   * Client certificate SANs accepted (MUTUAL).
   *
   * @default - any client the CA signed
   */
  readonly subjectAltNames?: string[];
  /**
   * Minimum TLS version (`TLSV1_2`, `TLSV1_3`).
   *
   * @default - TLSV1_2
   */
  readonly minProtocolVersion?: string;
}

/** A server of a Gateway: a port and the hosts it serves. */
export interface GatewayServer {
  /** The port number (1–65535) on the gateway workload. */
  readonly port: number;
  /** The protocol. HTTPS and TLS need `tls`. */
  readonly protocol: PortProtocol;
  /**
   * The port name.
   *
   * @default - `<protocol>-<port>` in lower case
   */
  readonly portName?: string;
  /** Hosts served (`namespace/host`, `*.example.com`, `*`). At least one. */
  readonly hosts: string[];
  /**
   * TLS settings.
   *
   * @default - plain text
   */
  readonly tls?: ServerTls;
  /**
   * Redirect plain HTTP to HTTPS with a 301.
   *
   * @default false
   */
  readonly httpsRedirect?: boolean;
  /**
   * A name for the server, unique in the gateway.
   *
   * @default - none
   */
  readonly name?: string;
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
   * Labels of the gateway pods this configuration applies to (`istio: ingressgateway`). Required.
   */
  readonly selector: { [key: string]: string };
  /** The servers. At least one. */
  readonly servers: GatewayServer[];
  /**
   * The API version to emit.
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/** An Istio Gateway: ports, protocols and hosts of an ingress or egress gateway. */
export class Gateway extends Construct {
  /** The generated API object (child `Resource`), for escape hatches. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    const version = resolveApiVersion(this, props.apiVersion);
    const selector = renderLabels(this, 'selector', props.selector);
    if (!Array.isArray(props.servers) || props.servers.length === 0) throw meshError(this, 'servers', 'must have at least one server');
    const servers = props.servers.map((s, i) => {
      const at = `servers[${i}]`;
      requirePort(this, `${at}.port`, s.port);
      requireNonEmptyStrings(this, `${at}.hosts`, s.hosts);
      if (s.hosts === undefined) throw meshError(this, `${at}.hosts`, 'is required');
      if ((s.protocol === PortProtocol.HTTPS || s.protocol === PortProtocol.TLS) && s.tls === undefined) {
        throw meshError(this, `${at}.tls`, `is required for protocol ${s.protocol}`, 'Set tls: { mode: ServerTlsMode.SIMPLE, credentialName: ... }');
      }
      const needsCredential = s.tls && [ServerTlsMode.SIMPLE, ServerTlsMode.MUTUAL, ServerTlsMode.OPTIONAL_MUTUAL].includes(s.tls.mode);
      if (needsCredential && !s.tls!.credentialName) {
        throw meshError(this, `${at}.tls.credentialName`, `is required for mode ${s.tls!.mode}`, 'Name the Secret holding the certificate');
      }
      const tls = s.tls === undefined && !s.httpsRedirect ? undefined : compact({
        httpsRedirect: s.httpsRedirect,
        mode: s.tls?.mode,
        credentialName: s.tls?.credentialName,
        subjectAltNames: s.tls?.subjectAltNames,
        minProtocolVersion: s.tls?.minProtocolVersion,
      });
      return compact({
        name: s.name,
        port: { number: s.port, name: s.portName ?? `${String(s.protocol).toLowerCase()}-${s.port}`, protocol: s.protocol },
        hosts: s.hosts,
        tls,
      });
    });
    const Resource = version === 'v1beta1' ? GatewayV1Beta1 : GatewayV1;
    this.apiObject = createIstioResource(this, Resource.GVK, props.metadata, () => ({ selector, servers }));
  }
}
