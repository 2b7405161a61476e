import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { IMeshResource } from '../core/resource';
import { compact, renderLabels, requireNonEmptyStrings, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { renderServerBind, renderServerTls } from './private/server-tls';
import { checkProps } from '../core/strict-props';

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
   * Secret with the server certificate and key (and `ca.crt` for MUTUAL), in the gateway's namespace. SIMPLE,
   * MUTUAL and OPTIONAL_MUTUAL need either this or `serverCertificate` and `privateKey`, not both.
   *
   * @default - none; then `serverCertificate` and `privateKey`
   */
  readonly credentialName?: string;
  /**
   * Path of the server certificate file mounted in the gateway pod. Not with `credentialName`.
   *
   * @default - none; then `credentialName`
   */
  readonly serverCertificate?: string;
  /**
   * Path of the server's private key file mounted in the gateway pod. Not with `credentialName`.
   *
   * @default - none; then `credentialName`
   */
  readonly privateKey?: string;
  /**
   * Path of the CA bundle that verifies client certificates. Required for MUTUAL and OPTIONAL_MUTUAL unless
   * `credentialName` carries the CA.
   *
   * @default - none
   */
  readonly caCertificates?: string;
  /**
   * Client certificate SANs accepted (MUTUAL).
   *
   * @default - any client the CA signed
   */
  readonly subjectAltNames?: string[];
  /**
   * Minimum TLS version: `TLS_AUTO`, `TLSV1_0`, `TLSV1_1`, `TLSV1_2` or `TLSV1_3`. Versions below TLSV1_2 need
   * `cipherSuites`: Envoy's defaults include no cipher they can use.
   *
   * @default - TLSV1_2 (Envoy's default for servers, as `TLS_AUTO`)
   */
  readonly minProtocolVersion?: string;
  /**
   * Maximum TLS version, same values; at least `minProtocolVersion`.
   *
   * @default - TLSV1_3 (Envoy's default for servers, as `TLS_AUTO`)
   */
  readonly maxProtocolVersion?: string;
  /**
   * Cipher suites offered, in order of preference (Envoy names, `ECDHE-ECDSA-AES256-GCM-SHA384`); no
   * duplicates. Istio ignores names it does not know, with a warning.
   *
   * @default - Envoy's default cipher suites
   */
  readonly cipherSuites?: string[];
}

/** A server of a Gateway: a port and the hosts it serves. */
export interface GatewayServer {
  /** The port number (1–65535) on the gateway workload; 0 with a `unix://` bind. */
  readonly port: number;
  /**
   * The address the server listens on: an IP address, or `unix:///path` / `unix://@abstract` (then `port`
   * must be 0).
   *
   * @default - every address of the gateway workload (0.0.0.0)
   */
  readonly bind?: string;
  /** The protocol. HTTPS and TLS need `tls`. */
  readonly protocol: PortProtocol;
  /**
   * The port name, unique among the gateway's servers (Istio refuses duplicates).
   *
   * @default - `<protocol>-<port>` in lower case, with `-<index>` appended if an earlier server has that name
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
   * Redirect plain HTTP to HTTPS with a 301 (HTTP servers only; rendered as `tls.httpsRedirect`).
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
export class Gateway extends Construct implements IMeshResource {
  /** The generated API object (child `Resource`), for escape hatches. */
  public readonly apiObject: ApiObject;

  /** The object's name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /**
   * The object's namespace.
   *
   * @default - none when the chart has no namespace
   */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  public constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    props = checkProps(this, 'istio.Gateway', props);
    const version = resolveApiVersion(this, props.apiVersion);
    const selector = renderLabels(this, 'selector', props.selector);
    if (!Array.isArray(props.servers) || props.servers.length === 0) throw meshError(this, 'servers', 'must have at least one server');
    const portNames = new Set<string>();
    const servers = props.servers.map((s, i) => {
      const at = `servers[${i}]`;
      requireNonEmptyStrings(this, `${at}.hosts`, s.hosts);
      if (s.hosts === undefined) throw meshError(this, `${at}.hosts`, 'is required');
      renderServerBind(this, at, s.port, s.bind);
      let portName = s.portName ?? `${String(s.protocol).toLowerCase()}-${s.port}`;
      if (portNames.has(portName)) {
        if (s.portName !== undefined) {
          throw meshError(this, `${at}.portName`, `${JSON.stringify(portName)} is already the port name of an earlier server (Istio refuses duplicates)`, 'Give every server a distinct portName');
        }
        portName = `${portName}-${i}`;
      }
      portNames.add(portName);
      return compact({
        name: s.name,
        port: { number: s.port, name: portName, protocol: s.protocol },
        bind: s.bind,
        hosts: s.hosts,
        tls: renderServerTls(this, at, s.protocol, s.tls, s.httpsRedirect),
      });
    });
    const gvk = version === 'v1beta1' ? GVKS['networking.istio.io'].GatewayV1Beta1 : GVKS['networking.istio.io'].Gateway;
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => ({ selector, servers }), { nameIsLabel: true });
  }
}
