import * as fs from 'fs';
import { Duration } from 'cdk8s';
import { parseDuration } from '../core/duration';
import { yamlPackage } from '../private/lazy';

/** Istio's `outboundTrafficPolicy.mode`: what a sidecar does with a request to a host it does not know. */
export enum OutboundTrafficPolicyMode {
  /** Pass the request through to the address the application dialled (Istio's default). */
  ALLOW_ANY = 'ALLOW_ANY',
  /** Only hosts in the registry (Services, ServiceEntries) are reachable; others get 502 (BlackHoleCluster). */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
}

/** Istio's mesh-wide `defaultHttpRetryPolicy`: the retries of an HTTP route that has no `retries` field. */
export interface MeshRetryPolicy {
  /**
   * Retries after the first attempt; 0 turns the default retries off.
   * @default 2 (Istio's built-in default)
   */
  readonly attempts?: number;
  /**
   * The conditions that trigger a retry (Envoy `retry_on`, comma-separated).
   * @default 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes'
   */
  readonly retryOn?: string;
  /**
   * Timeout of each attempt.
   * @default - the route timeout
   */
  readonly perTryTimeout?: Duration;
}

/** How sidecars normalize request paths before routing and authorization (`pathNormalization.normalization`). */
export enum PathNormalization {
  /** Istio's default: the same as BASE. */
  DEFAULT = 'DEFAULT',
  /** No normalization: policies and routes see the path as sent. */
  NONE = 'NONE',
  /** RFC 3986 normalization: dot segments removed (`/a/../b` is `/b`), backslashes made slashes. */
  BASE = 'BASE',
  /** BASE, and repeated slashes merged (`//a` is `/a`). */
  MERGE_SLASHES = 'MERGE_SLASHES',
  /** MERGE_SLASHES after decoding `%2F`, `%2f`, `%5C` and `%5c` to `/` and `\`. */
  DECODE_AND_MERGE_SLASHES = 'DECODE_AND_MERGE_SLASHES',
}

/**
 * The Istio mesh config settings that change what the analysis finds (a subset of `istio.mesh.v1alpha1.MeshConfig`,
 * the `mesh` key of the `istio` ConfigMap). State it in code, or read a file with `MeshConfigFile`.
 */
export interface MeshConfig {
  /**
   * The root namespace: policies there apply mesh-wide, DestinationRules there are the fallback for every
   * namespace, a selector-less AuthorizationPolicy there is mesh-wide (IST0127).
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * The trust domain of workload identities (`<trust-domain>/ns/<ns>/sa/<sa>`). In AuthorizationPolicy
   * principals, `cluster.local` stands for it and its aliases.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Other trust domains treated as this one (`trustDomainAliases`).
   * @default - none
   */
  readonly trustDomainAliases?: string[];
  /**
   * Whether sidecars allocate addresses for ServiceEntries themselves (DNS capture with auto-allocation:
   * `defaultConfig.proxyMetadata` `ISTIO_META_DNS_CAPTURE: "true"` with `ISTIO_META_DNS_AUTO_ALLOCATE: "true"`
   * or `PILOT_ENABLE_IP_AUTOALLOCATE: "true"`). Then a TCP ServiceEntry needs no `addresses` (IST0134).
   * @default false
   */
  readonly dnsAutoAllocate?: boolean;
  /**
   * The retries of an HTTP route without `retries` (`defaultHttpRetryPolicy`). MESH101, MESH102, MESH103 and
   * `explain route` read routes without `retries` with this policy.
   * @default - Istio's built-in default: 2 attempts on connect-failure, refused-stream, unavailable,
   * cancelled, retriable-status-codes, on every method
   */
  readonly defaultHttpRetryPolicy?: MeshRetryPolicy;
  /**
   * What sidecars do with a request to a host in no Service or ServiceEntry (`outboundTrafficPolicy.mode`);
   * `explain route` says so for such a host.
   * @default OutboundTrafficPolicyMode.ALLOW_ANY
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicyMode;
  /**
   * How sidecars normalize request paths (`pathNormalization.normalization`): `explain authz` and
   * `explain route` decide the normalized path, so `/api/payments/../admin` is decided as `/api/admin`.
   * @default PathNormalization.DEFAULT (BASE)
   */
  readonly pathNormalization?: PathNormalization;
  /**
   * The access-log providers used by Telemetry access logging that names none (`defaultProviders.accessLogging`).
   * Without any, such an accessLogging entry logs nothing (IST0157).
   * @default - none: Istio's default mesh config has no default access-log provider
   */
  readonly defaultAccessLogProviders?: string[];
  /**
   * The names of the mesh config's Lightstep tracing providers (`extensionProviders` entries with `lightstep`),
   * a provider Istio deprecates in favour of OpenTelemetry: Telemetry tracing that uses one is reported (IST0002).
   * @default - none
   */
  readonly lightstepProviders?: string[];
}

/** Reads Istio mesh config, as `istioctl analyze --meshConfigFile` does. */
export class MeshConfigFile {
  /**
   * Parses mesh config YAML: a MeshConfig document (`rootNamespace`, `trustDomain`, `defaultConfig`, ...), or
   * the `istio` ConfigMap whose `data.mesh` holds one. Fields the analysis does not use are ignored; a field it
   * uses with a wrong type is refused, naming the field.
   */
  public static parse(text: string, fileName: string = 'mesh config'): MeshConfig {
    let doc: any;
    try {
      doc = yamlPackage().parse(text);
    } catch (e) {
      throw new Error(`${fileName}: not YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    if (doc && typeof doc === 'object' && doc.kind === 'ConfigMap') {
      if (typeof doc.data?.mesh !== 'string') throw new Error(`${fileName}: the ConfigMap has no data.mesh string to read the mesh config from`);
      return MeshConfigFile.parse(doc.data.mesh, `${fileName} (data.mesh)`);
    }
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${fileName}: a mesh config must be a mapping, got ${Array.isArray(doc) ? 'a list' : typeof doc}`);
    const str = (v: unknown, field: string): string | undefined => {
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string' || v === '') throw new Error(`${fileName}: ${field} must be a non-empty string, got ${JSON.stringify(v)}`);
      return v;
    };
    const meta = doc.defaultConfig?.proxyMetadata ?? {};
    const on = (k: string) => meta[k] === 'true' || meta[k] === true;
    const aliases = doc.trustDomainAliases;
    if (aliases !== undefined && (!Array.isArray(aliases) || aliases.some((a: unknown) => typeof a !== 'string'))) {
      throw new Error(`${fileName}: trustDomainAliases must be a list of strings, got ${JSON.stringify(aliases)}`);
    }
    const mode = doc.outboundTrafficPolicy?.mode;
    if (mode !== undefined && mode !== 'ALLOW_ANY' && mode !== 'REGISTRY_ONLY') {
      throw new Error(`${fileName}: outboundTrafficPolicy.mode must be ALLOW_ANY or REGISTRY_ONLY, got ${JSON.stringify(mode)}`);
    }
    const normalization = doc.pathNormalization?.normalization;
    if (normalization !== undefined && !(Object.values(PathNormalization) as unknown[]).includes(normalization)) {
      throw new Error(`${fileName}: pathNormalization.normalization must be one of ${Object.values(PathNormalization).join(', ')}, got ${JSON.stringify(normalization)}`);
    }
    const accessLogging = doc.defaultProviders?.accessLogging;
    if (accessLogging !== undefined && accessLogging !== null && (!Array.isArray(accessLogging) || accessLogging.some((a: unknown) => typeof a !== 'string'))) {
      throw new Error(`${fileName}: defaultProviders.accessLogging must be a list of provider names, got ${JSON.stringify(accessLogging)}`);
    }
    const providers = doc.extensionProviders ?? [];
    if (!Array.isArray(providers)) throw new Error(`${fileName}: extensionProviders must be a list, got ${JSON.stringify(providers)}`);
    const lightstep = providers.filter((p: any) => p && typeof p === 'object' && p.lightstep !== undefined && typeof p.name === 'string').map((p: any) => p.name as string);
    return {
      rootNamespace: str(doc.rootNamespace, 'rootNamespace'),
      trustDomain: str(doc.trustDomain, 'trustDomain'),
      trustDomainAliases: aliases,
      dnsAutoAllocate: on('ISTIO_META_DNS_CAPTURE') && (on('ISTIO_META_DNS_AUTO_ALLOCATE') || on('PILOT_ENABLE_IP_AUTOALLOCATE')),
      defaultHttpRetryPolicy: retryPolicy(doc.defaultHttpRetryPolicy, fileName),
      outboundTrafficPolicy: mode as OutboundTrafficPolicyMode | undefined,
      pathNormalization: normalization as PathNormalization | undefined,
      defaultAccessLogProviders: accessLogging ?? undefined,
      lightstepProviders: lightstep.length ? lightstep : undefined,
    };
  }

  /** Reads and parses a mesh config file (see `parse`). */
  public static read(path: string): MeshConfig {
    return MeshConfigFile.parse(fs.readFileSync(path, 'utf-8'), path);
  }

  private constructor() {}
}

function retryPolicy(r: any, fileName: string): MeshRetryPolicy | undefined {
  if (r === undefined || r === null) return undefined;
  if (typeof r !== 'object') throw new Error(`${fileName}: defaultHttpRetryPolicy must be a mapping, got ${JSON.stringify(r)}`);
  if (r.attempts !== undefined && (!Number.isInteger(r.attempts) || r.attempts < 0)) {
    throw new Error(`${fileName}: defaultHttpRetryPolicy.attempts must be a non-negative integer, got ${JSON.stringify(r.attempts)}`);
  }
  const perTry = r.perTryTimeout === undefined ? undefined : parseDuration(r.perTryTimeout);
  if (r.perTryTimeout !== undefined && perTry === undefined) {
    throw new Error(`${fileName}: defaultHttpRetryPolicy.perTryTimeout must be a duration such as 2s, got ${JSON.stringify(r.perTryTimeout)}`);
  }
  return {
    attempts: r.attempts,
    retryOn: typeof r.retryOn === 'string' ? r.retryOn : undefined,
    perTryTimeout: perTry === undefined ? undefined : Duration.millis(perTry),
  };
}
