import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { PortProtocol } from './gateway';
import { meshError, requireInteger, shown } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { IMeshResource } from '../core/resource';
import { compact, renderLabels, requireNonEmptyStrings, requirePort, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { checkProps } from '../core/strict-props';

/** Where the service runs. */
export enum ServiceEntryLocation {
  /** Outside the mesh: no mTLS, no sidecar. */
  MESH_EXTERNAL = 'MESH_EXTERNAL',
  /** Part of the mesh (VMs, other clusters). */
  MESH_INTERNAL = 'MESH_INTERNAL',
}

/** How endpoints are found. */
export enum ServiceEntryResolution {
  /** Forward to the address the caller resolved. */
  NONE = 'NONE',
  /** Use the listed endpoint addresses. */
  STATIC = 'STATIC',
  /** Resolve the hosts (or endpoint names) by DNS, all addresses. */
  DNS = 'DNS',
  /** Resolve by DNS, first address only (at most one endpoint). */
  DNS_ROUND_ROBIN = 'DNS_ROUND_ROBIN',
}

/** A port of a ServiceEntry. */
export interface ServiceEntryPort {
  /** The port number (1–65535). */
  readonly number: number;
  /** The protocol. */
  readonly protocol: PortProtocol;
  /**
   * The port name.
   *
   * @default - `<protocol>-<number>` in lower case
   */
  readonly name?: string;
  /**
   * The port on the endpoints.
   *
   * @default - `number`
   */
  readonly targetPort?: number;
}

/** An endpoint of a ServiceEntry (`WorkloadEntry` inline). */
export interface ServiceEntryEndpoint {
  /** IP address, DNS name (DNS resolution) or `unix://` socket path. */
  readonly address: string;
  /**
   * Port overrides by port name.
   *
   * @default - the service ports
   */
  readonly ports?: { [name: string]: number };
  /**
   * Labels of the endpoint, for subsets.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Load-balancing weight.
   *
   * @default - equal weights
   */
  readonly weight?: number;
}

/** Properties for `ServiceEntry`. */
export interface ServiceEntryProps {
  /**
   * Object metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** Hosts of the service (not `*`). */
  readonly hosts: string[];
  /**
   * Virtual IPs or CIDRs (CIDRs only with NONE or STATIC).
   *
   * @default - none; with HTTP ports Istio routes by Host header
   */
  readonly addresses?: string[];
  /** The ports. At least one; no duplicates. */
  readonly ports: ServiceEntryPort[];
  /**
   * Where the service runs.
   *
   * @default ServiceEntryLocation.MESH_EXTERNAL - Istio's default
   */
  readonly location?: ServiceEntryLocation;
  /** How endpoints are found. Required: Istio's default, NONE, forwards to whatever IP the caller resolved. */
  readonly resolution: ServiceEntryResolution;
  /**
   * Static endpoints (not with NONE; at most one with DNS_ROUND_ROBIN).
   *
   * @default - none: the hosts themselves (DNS)
   */
  readonly endpoints?: ServiceEntryEndpoint[];
  /**
   * Select mesh workloads (pods, WorkloadEntries) as endpoints, by labels. Not with `endpoints`.
   *
   * @default - none
   */
  readonly workloadSelector?: { [key: string]: string };
  /**
   * SANs accepted in the endpoints' certificates (with mTLS to MESH_INTERNAL entries).
   *
   * @default - any identity the mesh CA signed
   */
  readonly subjectAltNames?: string[];
  /**
   * Namespaces the entry is visible to.
   *
   * @default - every namespace
   */
  readonly exportTo?: string[];
  /**
   * The API version to emit.
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/** An Istio ServiceEntry: adds a service (external or VM) to Istio's registry. */
export class ServiceEntry extends Construct implements IMeshResource {
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

  public constructor(scope: Construct, id: string, props: ServiceEntryProps) {
    super(scope, id);
    props = checkProps(this, 'istio.ServiceEntry', props);
    const version = resolveApiVersion(this, props.apiVersion);
    requireNonEmptyStrings(this, 'hosts', props.hosts);
    if (props.hosts === undefined) throw meshError(this, 'hosts', 'is required');
    props.hosts.forEach((h, i) => {
      if (h === '*') throw meshError(this, `hosts[${i}]`, 'cannot be "*"', 'Name the hosts, or use a wildcard prefix such as *.example.com');
    });
    requireNonEmptyStrings(this, 'addresses', props.addresses);
    const r = props.resolution;
    if (!Object.values(ServiceEntryResolution).includes(r)) throw meshError(this, 'resolution', `must be one of ${Object.values(ServiceEntryResolution).join(', ')}, got ${shown(r)}`);
    if (props.addresses?.some(a => a.includes('/')) && r !== ServiceEntryResolution.NONE && r !== ServiceEntryResolution.STATIC) {
      throw meshError(this, 'addresses', `may contain CIDRs only with resolution NONE or STATIC, got ${r}`);
    }
    if (props.endpoints !== undefined && r === ServiceEntryResolution.NONE) {
      throw meshError(this, 'endpoints', 'cannot be set with resolution NONE', 'Use STATIC or DNS');
    }
    if ((props.endpoints?.length ?? 0) > 1 && r === ServiceEntryResolution.DNS_ROUND_ROBIN) {
      throw meshError(this, 'endpoints', `may have at most one endpoint with DNS_ROUND_ROBIN, got ${props.endpoints!.length}`);
    }
    if (props.workloadSelector !== undefined && props.endpoints !== undefined) {
      throw meshError(this, 'workloadSelector', 'cannot be combined with endpoints (Istio accepts only one of them)', 'Keep one of them');
    }
    const selectorLabels = renderLabels(this, 'workloadSelector', props.workloadSelector);
    requireNonEmptyStrings(this, 'subjectAltNames', props.subjectAltNames);
    if (!Array.isArray(props.ports) || props.ports.length === 0) throw meshError(this, 'ports', 'must have at least one port');
    const seen = new Set<number>();
    const names = new Set<string>();
    const ports = props.ports.map((p, i) => {
      if (p.number === undefined) throw meshError(this, `ports[${i}].number`, 'is required, got undefined');
      if (p.protocol === undefined) throw meshError(this, `ports[${i}].protocol`, 'is required, got undefined', 'Name the protocol, e.g. PortProtocol.HTTPS');
      requirePort(this, `ports[${i}].number`, p.number);
      requirePort(this, `ports[${i}].targetPort`, p.targetPort);
      if (seen.has(p.number)) throw meshError(this, `ports[${i}].number`, `${p.number} is listed twice`);
      seen.add(p.number);
      const name = p.name ?? `${String(p.protocol).toLowerCase()}-${p.number}`;
      if (name.length > 256) throw meshError(this, `ports[${i}].name`, `must be at most 256 characters, got ${name.length}`);
      if (names.has(name)) throw meshError(this, `ports[${i}].name`, `${shown(name)} names an earlier port too`, 'Give every port its own name (Istio refuses duplicates)');
      names.add(name);
      return compact({ number: p.number, protocol: p.protocol, name, targetPort: p.targetPort });
    });
    ports.forEach((p, i) => {
      const first = ports.findIndex(q => q.name === p.name);
      if (first !== i) {
        throw meshError(this, `ports[${i}].name`, `must be unique, got ${shown(p.name)} as ports[${first}] too`, 'The API server keeps one port per name: give each port its own name');
      }
    });
    const endpoints = props.endpoints?.map((e, i) => {
      if (!e.address) throw meshError(this, `endpoints[${i}].address`, 'is required');
      for (const [name, port] of Object.entries(e.ports ?? {})) requirePort(this, `endpoints[${i}].ports.${name}`, port);
      requireInteger(this, `endpoints[${i}].weight`, e.weight, 1, 4294967295);
      return compact({ address: e.address, ports: e.ports, labels: renderLabels(this, `endpoints[${i}].labels`, e.labels), weight: e.weight });
    });
    const gvk = version === 'v1beta1' ? GVKS['networking.istio.io'].ServiceEntryV1Beta1 : GVKS['networking.istio.io'].ServiceEntry;
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => compact({
      hosts: props.hosts,
      addresses: props.addresses,
      ports,
      location: props.location ?? ServiceEntryLocation.MESH_EXTERNAL,
      resolution: r,
      endpoints,
      workloadSelector: selectorLabels === undefined ? undefined : { labels: selectorLabels },
      subjectAltNames: props.subjectAltNames,
      exportTo: props.exportTo,
    }));
  }
}
