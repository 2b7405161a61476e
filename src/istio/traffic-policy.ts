import { Duration } from 'cdk8s';
import { ConnectionPoolSettings } from './connection-pool';
import { LoadBalancerSettings } from './load-balancer';

/**
 * Outlier detection, the circuit breaker that ejects failing hosts from the pool (`OutlierDetection`).
 * Conservative defaults, as the seeds advise: start high and tighten on real data.
 */
export interface OutlierDetection {
  /**
   * Consecutive 5xx responses (or connection errors) before a host is ejected: an integer of at least 0.
   * 0 turns off 5xx-based ejection, for instance to eject on `consecutiveGatewayErrors` only (rendered as
   * `consecutive5xxErrors: 0`, which Istio accepts and passes to Envoy as disabled).
   *
   * @default 10 - rendered explicitly; Istio's own default is 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Consecutive 502, 503 or 504 responses before a host is ejected (at least 1).
   *
   * @default - not checked separately (Istio's default)
   */
  readonly consecutiveGatewayErrors?: number;
  /**
   * Consecutive locally originated failures before ejection; needs `splitExternalLocalOriginErrors`.
   *
   * @default - 5 when split, Istio's default
   */
  readonly consecutiveLocalOriginFailures?: number;
  /**
   * Count local-origin failures (connect timeouts, resets) separately from upstream responses.
   *
   * @default false
   */
  readonly splitExternalLocalOriginErrors?: boolean;
  /**
   * Time between ejection sweeps; at least 1ms.
   *
   * @default Duration.seconds(60) - rendered explicitly; Istio's own default is 10s
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection duration, multiplied by the number of times the host was ejected; at least 1ms.
   *
   * @default Duration.seconds(30) - rendered explicitly, as Istio's default
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum percentage of the pool that may be ejected, from 0 to 50 unless `allowUnsafeEjectionPercent`.
   * Envoy keeps ejecting while fewer than this percentage are ejected, so it always ejects at least one host
   * (envoyproxy/envoy#26877).
   *
   * @default - not rendered; Istio's default is 10%
   */
  readonly maxEjectionPercent?: number;
  /**
   * Allow `maxEjectionPercent` above 50, which can eject most or all of a pool (istio/istio#20135).
   *
   * @default false
   */
  readonly allowUnsafeEjectionPercent?: boolean;
  /**
   * Outlier detection stops while fewer than this percentage of hosts are healthy (Envoy's panic threshold),
   * from 0 to 100.
   *
   * @default - 0, Istio's default: detection never stops
   */
  readonly minHealthPercent?: number;
  /**
   * The number of endpoints you run behind this host. Not rendered: used to refuse a setting that could
   * eject every endpoint.
   *
   * @default - not checked
   */
  readonly replicaCount?: number;
}

/** TLS modes towards an upstream (`ClientTLSSettings.TLSmode`). */
export enum ClientTlsMode {
  /** Plain text. Overrides auto-mTLS: refused unless `allowUnsafeDisable`. */
  DISABLE = 'DISABLE',
  /** TLS to the upstream, verifying its certificate. */
  SIMPLE = 'SIMPLE',
  /** Mutual TLS with certificates you provide. */
  MUTUAL = 'MUTUAL',
  /** Mutual TLS with Istio's workload certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** TLS towards the upstream (`ClientTLSSettings`). */
export interface ClientTlsSettings {
  /** The TLS mode. */
  readonly mode: ClientTlsMode;
  /**
   * Allow `mode: DISABLE`, which overrides Istio's auto-mTLS and breaks once the destination's namespace
   * is STRICT.
   *
   * @default false
   */
  readonly allowUnsafeDisable?: boolean;
  /**
   * Secret (in the client's namespace; the gateway's for gateways) holding the client certificate, key and CA
   * (SIMPLE, MUTUAL). Not with `clientCertificate`, `privateKey`, `caCertificates` or `caCrl`, which Istio
   * then refuses.
   *
   * @default - files, or none
   */
  readonly credentialName?: string;
  /**
   * Path of the client certificate file (MUTUAL).
   *
   * @default - none
   */
  readonly clientCertificate?: string;
  /**
   * Path of the client private key file (MUTUAL).
   *
   * @default - none
   */
  readonly privateKey?: string;
  /**
   * Path of the CA bundle used to verify the upstream (SIMPLE, MUTUAL). Not with `credentialName`, which
   * carries its own CA (`ca.crt`).
   *
   * @default - the system roots (when not insecureSkipVerify)
   */
  readonly caCertificates?: string;
  /**
   * Path of a certificate revocation list used to verify the upstream (SIMPLE, MUTUAL). Not with
   * `credentialName`.
   *
   * @default - no revocation check
   */
  readonly caCrl?: string;
  /**
   * Names accepted in the upstream certificate's SAN (SIMPLE, MUTUAL, ISTIO_MUTUAL).
   *
   * @default - any name the CA signed (with ISTIO_MUTUAL: the identities of the destination's workloads)
   */
  readonly subjectAltNames?: string[];
  /**
   * SNI to present in the TLS handshake (SIMPLE, MUTUAL, ISTIO_MUTUAL).
   *
   * @default - absent; Istio then sends the destination host (auto SNI) for SIMPLE and MUTUAL, and its own
   * `outbound_.<port>_.<subset>_.<host>` SNI for ISTIO_MUTUAL
   */
  readonly sni?: string;
  /**
   * Skip verifying the upstream certificate's CA signature and SAN (SIMPLE, MUTUAL): anyone on the path can
   * impersonate the upstream. Needs `allowUnsafeInsecureSkipVerify: true`, and then no `caCertificates` or
   * `subjectAltNames` (nor `credentialName` with SIMPLE), which Istio refuses alongside it.
   *
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
  /**
   * Allow `insecureSkipVerify: true`, which turns off the check that the upstream is who it claims to be.
   *
   * @default false
   */
  readonly allowUnsafeInsecureSkipVerify?: boolean;
}

/** PROXY protocol versions. */
export enum ProxyProtocolVersion {
  /** Human-readable version 1. */
  V1 = 'V1',
  /** Binary version 2. */
  V2 = 'V2',
}

/** How a tunnelled connection is carried (`TunnelSettings.protocol`). */
export enum TunnelProtocol {
  /** HTTP CONNECT (Istio's default when the field is absent). */
  CONNECT = 'CONNECT',
  /** HTTP POST, for proxies that do not support CONNECT. */
  POST = 'POST',
}

/**
 * Tunnel TCP connections to the destination through an HTTP proxy (`TrafficPolicy.TunnelSettings`), as an
 * egress gateway does for TLS origination through a corporate proxy.
 */
export interface TunnelSettings {
  /** The host to tunnel to, an FQDN or IP address (what the proxy connects to). */
  readonly targetHost: string;
  /** The port to tunnel to (1–65535). */
  readonly targetPort: number;
  /**
   * The tunnelling protocol.
   *
   * @default TunnelProtocol.CONNECT - Istio's default when the field is absent
   */
  readonly protocol?: TunnelProtocol;
}

/** A retry budget (Istio 1.27+): retries limited to a share of active requests. */
export interface RetryBudget {
  /**
   * Maximum active retries as a percentage of active requests, from 0 to 100.
   *
   * @default 20 - Envoy's default when the field is absent
   */
  readonly percent?: number;
  /**
   * Retries always allowed regardless of the percentage (at least 0).
   *
   * @default 3 - Envoy's default when the field is absent
   */
  readonly minRetryConcurrency?: number;
}

/** Settings for one port of the destination (`PortTrafficPolicy`). */
export interface PortTrafficPolicy {
  /** The destination port (1–65535). */
  readonly port: number;
  /**
   * @default - the host-level setting
   */
  readonly loadBalancer?: LoadBalancerSettings;
  /**
   * @default - the host-level setting
   */
  readonly connectionPool?: ConnectionPoolSettings;
  /**
   * @default - the host-level setting
   */
  readonly outlierDetection?: OutlierDetection;
  /**
   * @default - the host-level setting
   */
  readonly tls?: ClientTlsSettings;
}

/** Traffic policy for a host or subset (`TrafficPolicy`). */
export interface TrafficPolicy {
  /**
   * @default - LEAST_REQUEST
   */
  readonly loadBalancer?: LoadBalancerSettings;
  /**
   * @default - Istio's defaults (effectively unlimited)
   */
  readonly connectionPool?: ConnectionPoolSettings;
  /**
   * @default - no outlier detection
   */
  readonly outlierDetection?: OutlierDetection;
  /**
   * @default - auto mTLS: ISTIO_MUTUAL to meshed workloads, plain text to others
   */
  readonly tls?: ClientTlsSettings;
  /**
   * Per-port overrides, one per port.
   *
   * @default - none
   */
  readonly portLevelSettings?: PortTrafficPolicy[];
  /**
   * Send a PROXY protocol header to the upstream. Not with `tunnel`.
   *
   * @default - none
   */
  readonly proxyProtocolVersion?: ProxyProtocolVersion;
  /**
   * Tunnel connections to the destination through an HTTP proxy. Not with `proxyProtocolVersion` (Istio
   * refuses the pair); host level only.
   *
   * @default - no tunnel
   */
  readonly tunnel?: TunnelSettings;
  /**
   * Retry budget (Istio 1.27+; refused when targeting v1beta1).
   *
   * @default - none: retries are limited only by `connectionPool.http.maxRetries` (2^32-1)
   */
  readonly retryBudget?: RetryBudget;
}
