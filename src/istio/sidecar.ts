import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { ConnectionPoolSettings } from './connection-pool';
import { PortProtocol } from './gateway';
import { meshError, shown } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { IMeshResource } from '../core/resource';
import { compact, renderLabels, requireNonEmptyStrings, requirePort, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { isIpAddress } from './private/server-tls';
import { renderConnectionPool } from './private/traffic-policy';
import { checkProps } from '../core/strict-props';

/** What a sidecar does with traffic to hosts outside its egress listeners. */
export enum OutboundTrafficPolicyMode {
  /** Only hosts in the registry (services and ServiceEntries) are reachable. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
  /** Unknown hosts are passed through. */
  ALLOW_ANY = 'ALLOW_ANY',
}

/** How traffic reaches a Sidecar listener (`CaptureMode`). */
export enum CaptureMode {
  /** The namespace's or mesh's default capture mode (iptables redirection, normally). */
  DEFAULT = 'DEFAULT',
  /** Traffic is redirected to the listener by iptables. */
  IPTABLES = 'IPTABLES',
  /**
   * No redirection: the application must address the listener's `bind` address and port directly (for
   * workloads without iptables rules, such as VMs or pods without the init container).
   */
  NONE = 'NONE',
}

/** An egress listener of a Sidecar (`IstioEgressListener`). */
export interface SidecarEgress {
  /**
   * Hosts the workload may reach, as `namespace/dnsName` (`./*` for this namespace, `istio-system/*`).
   */
  readonly hosts: string[];
  /**
   * Limit the listener to this port (1–65535).
   *
   * @default - every port of the hosts
   */
  readonly port?: number;
  /**
   * The protocol of `port`.
   *
   * @default - detected
   */
  readonly protocol?: PortProtocol;
  /**
   * The IP address the listener binds to (needs `port`); with `captureMode: NONE`, where applications send
   * their outbound traffic.
   *
   * @default - 127.0.0.1 with captureMode NONE, otherwise the wildcard address as for iptables capture
   */
  readonly bind?: string;
  /**
   * How outbound traffic reaches this listener (needs `port`).
   *
   * @default CaptureMode.DEFAULT
   */
  readonly captureMode?: CaptureMode;
}

/** An ingress listener of a Sidecar (`IstioIngressListener`). */
export interface SidecarIngress {
  /** The workload port traffic arrives on (1–65535). */
  readonly port: number;
  /** The protocol. */
  readonly protocol: PortProtocol;
  /**
   * Where to forward (`127.0.0.1:8080`, `0.0.0.0:8080`, `[::1]:8080`, `unix:///path`).
   *
   * @default - the instance IP and the same port
   */
  readonly defaultEndpoint?: string;
  /**
   * The IP address the listener binds to.
   *
   * @default - the instance IP
   */
  readonly bind?: string;
  /**
   * How inbound traffic reaches this listener.
   *
   * @default CaptureMode.DEFAULT
   */
  readonly captureMode?: CaptureMode;
  /**
   * Connection pool for this port's inbound connections, overriding `inboundConnectionPool`.
   *
   * @default - `inboundConnectionPool`
   */
  readonly connectionPool?: ConnectionPoolSettings;
}

/** Properties for `Sidecar`. */
export interface SidecarProps {
  /**
   * Object metadata. Name a namespace-wide Sidecar `default` by convention.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Workloads (by labels) this Sidecar applies to.
   *
   * @default - every workload in the namespace without a more specific Sidecar
   */
  readonly workloadSelector?: { [key: string]: string };
  /**
   * Egress listeners. At least one for the Sidecar to restrict anything.
   *
   * @default - none: the sidecar sees every host exported to its namespace
   */
  readonly egress?: SidecarEgress[];
  /**
   * Ingress listeners.
   *
   * @default - inferred from the workload's Service ports
   */
  readonly ingress?: SidecarIngress[];
  /**
   * Connection pool for inbound connections to the workload, on every port without its own
   * `ingress[].connectionPool`.
   *
   * @default - Istio's defaults (effectively unlimited)
   */
  readonly inboundConnectionPool?: ConnectionPoolSettings;
  /**
   * Outbound traffic policy.
   *
   * @default - the mesh config's outboundTrafficPolicy (ALLOW_ANY unless changed)
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicyMode;
  /**
   * The API version to emit.
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/** An Istio Sidecar: limits what a workload's proxy sees and accepts. */
export class Sidecar extends Construct implements IMeshResource {
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

  public constructor(scope: Construct, id: string, props: SidecarProps = {}) {
    super(scope, id);
    props = checkProps(this, 'istio.Sidecar', props);
    const version = resolveApiVersion(this, props.apiVersion);
    if ([props.egress, props.ingress, props.outboundTrafficPolicy, props.inboundConnectionPool].every(x => x === undefined)) {
      throw meshError(this, 'egress, ingress, outboundTrafficPolicy and inboundConnectionPool', 'are all absent: Istio rejects an empty Sidecar',
        'Set at least one of them');
    }
    const egressPorts = new Set<number>();
    const egress = props.egress?.map((e, i) => {
      const at = `egress[${i}]`;
      requireNonEmptyStrings(this, `${at}.hosts`, e.hosts);
      if (e.hosts === undefined) throw meshError(this, `${at}.hosts`, 'is required');
      e.hosts.forEach((h, j) => {
        if (!h.includes('/')) throw meshError(this, `${at}.hosts[${j}]`, `must be namespace/dnsName, got "${h}"`, `Use "./${h}" for this namespace or "*/${h}" for any`);
      });
      requirePort(this, `${at}.port`, e.port);
      for (const [field, value] of [['protocol', e.protocol], ['bind', e.bind], ['captureMode', e.captureMode]] as const) {
        if (value !== undefined && e.port === undefined) throw meshError(this, `${at}.${field}`, 'needs port');
      }
      if (e.port === undefined && i !== props.egress!.length - 1) {
        throw meshError(this, `${at}.port`, 'is required on every egress listener but the last (Istio allows one catch-all listener, and only at the end)');
      }
      if (e.port !== undefined) {
        if (egressPorts.has(e.port)) throw meshError(this, `${at}.port`, `${e.port} is used by an earlier egress listener (Istio refuses duplicates)`);
        egressPorts.add(e.port);
      }
      this.requireBindAndMode(at, e.bind, e.captureMode);
      return compact({
        port: e.port === undefined ? undefined : compact({ number: e.port, protocol: e.protocol, name: e.protocol ? `${e.protocol.toLowerCase()}-${e.port}` : undefined }),
        bind: e.bind,
        captureMode: e.captureMode,
        hosts: e.hosts,
      });
    });
    const ingressPorts = new Set<number>();
    const ingress = props.ingress?.map((g, i) => {
      const at = `ingress[${i}]`;
      if (g.port === undefined) throw meshError(this, `${at}.port`, 'is required, got undefined', 'Give the workload port the listener receives on');
      if (g.protocol === undefined) throw meshError(this, `${at}.protocol`, 'is required, got undefined', 'Name the protocol, e.g. PortProtocol.HTTP');
      requirePort(this, `${at}.port`, g.port);
      if (!(Object.values(PortProtocol) as string[]).includes(g.protocol)) {
        throw meshError(this, `${at}.protocol`, `must be one of ${Object.values(PortProtocol).join(', ')}, got ${shown(g.protocol)}`);
      }
      if (ingressPorts.has(g.port)) throw meshError(this, `${at}.port`, `${g.port} is used by an earlier ingress listener (Istio refuses duplicates)`);
      ingressPorts.add(g.port);
      this.requireBindAndMode(at, g.bind, g.captureMode);
      return compact({
        port: { number: g.port, protocol: g.protocol, name: `${g.protocol.toLowerCase()}-${g.port}` },
        bind: g.bind,
        captureMode: g.captureMode,
        defaultEndpoint: g.defaultEndpoint,
        connectionPool: renderConnectionPool(this, `${at}.connectionPool`, g.connectionPool),
      });
    });
    const inboundConnectionPool = renderConnectionPool(this, 'inboundConnectionPool', props.inboundConnectionPool);
    const labels = renderLabels(this, 'workloadSelector', props.workloadSelector);
    const gvk = version === 'v1beta1' ? GVKS['networking.istio.io'].SidecarV1Beta1 : GVKS['networking.istio.io'].Sidecar;
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => compact({
      workloadSelector: labels === undefined ? undefined : { labels },
      ingress,
      egress,
      inboundConnectionPool,
      outboundTrafficPolicy: props.outboundTrafficPolicy === undefined ? undefined : { mode: props.outboundTrafficPolicy },
    }));
  }

  private requireBindAndMode(at: string, bind: string | undefined, mode: string | undefined): void {
    if (bind !== undefined && !isIpAddress(bind)) {
      throw meshError(this, `${at}.bind`, `must be an IP address, got ${shown(bind)}`);
    }
    if (mode !== undefined && !Object.values(CaptureMode).includes(mode as CaptureMode)) {
      throw meshError(this, `${at}.captureMode`, `must be one of ${Object.values(CaptureMode).join(', ')}, got ${shown(mode)}`);
    }
  }
}
