import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioApiVersion } from './api-version';
import { PortProtocol } from './gateway';
import { Sidecar as SidecarV1, SidecarV1Beta1 } from '../imports/networking.istio.io';
import { meshError } from '../private/errors';
import { compact, renderLabels, requireNonEmptyStrings, requirePort, resolveApiVersion } from '../private/istio-render';
import { createIstioResource } from '../private/istio-resource';

/** What a sidecar does with traffic to hosts outside its egress listeners. */
export enum OutboundTrafficPolicyMode {
  /** Only hosts in the registry (services and ServiceEntries) are reachable. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
  /** Unknown hosts are passed through. */
  ALLOW_ANY = 'ALLOW_ANY',
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
}

/** An ingress listener of a Sidecar (`IstioIngressListener`). */
export interface SidecarIngress {
  /** The workload port traffic arrives on (1–65535). */
  readonly port: number;
  /** The protocol. */
  readonly protocol: PortProtocol;
  /**
   * Where to forward (`127.0.0.1:8080`, `0.0.0.0:8080`, `unix:///path`).
   *
   * @default - the instance IP and the same port
   */
  readonly defaultEndpoint?: string;
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
export class Sidecar extends Construct {
  /** The generated API object (child `Resource`), for escape hatches. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: SidecarProps = {}) {
    super(scope, id);
    const version = resolveApiVersion(this, props.apiVersion);
    const egress = props.egress?.map((e, i) => {
      requireNonEmptyStrings(this, `egress[${i}].hosts`, e.hosts);
      if (e.hosts === undefined) throw meshError(this, `egress[${i}].hosts`, 'is required');
      e.hosts.forEach((h, j) => {
        if (!h.includes('/')) throw meshError(this, `egress[${i}].hosts[${j}]`, `must be namespace/dnsName, got "${h}"`, `Use "./${h}" for this namespace or "*/${h}" for any`);
      });
      requirePort(this, `egress[${i}].port`, e.port);
      if (e.protocol !== undefined && e.port === undefined) throw meshError(this, `egress[${i}].protocol`, 'needs port');
      return compact({
        hosts: e.hosts,
        port: e.port === undefined ? undefined : compact({ number: e.port, protocol: e.protocol, name: e.protocol ? `${e.protocol.toLowerCase()}-${e.port}` : undefined }),
      });
    });
    const ingress = props.ingress?.map((g, i) => {
      requirePort(this, `ingress[${i}].port`, g.port);
      return compact({ port: { number: g.port, protocol: g.protocol, name: `${g.protocol.toLowerCase()}-${g.port}` }, defaultEndpoint: g.defaultEndpoint });
    });
    const labels = renderLabels(this, 'workloadSelector', props.workloadSelector);
    const Resource = version === 'v1beta1' ? SidecarV1Beta1 : SidecarV1;
    this.apiObject = createIstioResource(this, Resource.GVK, props.metadata, () => compact({
      workloadSelector: labels === undefined ? undefined : { labels },
      egress,
      ingress,
      outboundTrafficPolicy: props.outboundTrafficPolicy === undefined ? undefined : { mode: props.outboundTrafficPolicy },
    }));
  }
}
