import { Duration } from 'cdk8s';

/** TCP keepalive probing. */
export interface TcpKeepalive {
  /**
   * Unanswered probes before the connection is dead.
   *
   * @default - the OS setting (9 on Linux)
   */
  readonly probes?: number;
  /**
   * Idle time before probes start; at least 1ms.
   *
   * @default - the OS setting (2 hours on Linux)
   */
  readonly time?: Duration;
  /**
   * Interval between probes; at least 1ms.
   *
   * @default - the OS setting (75s on Linux)
   */
  readonly interval?: Duration;
}

/** TCP connection pool settings, per upstream host and per sidecar. */
export interface TcpConnectionPool {
  /**
   * Maximum connections to the destination (at least 1).
   *
   * @default - 2^32-1, Istio's default (effectively unlimited)
   */
  readonly maxConnections?: number;
  /**
   * Connection timeout; at least 1ms.
   *
   * @default Duration.seconds(10) - Istio's default
   */
  readonly connectTimeout?: Duration;
  /**
   * Maximum lifetime of a connection; at least 1ms.
   *
   * @default - unlimited
   */
  readonly maxConnectionDuration?: Duration;
  /**
   * Idle time after which a connection is closed; at least 1ms.
   *
   * @default - 1 hour (Envoy's default)
   */
  readonly idleTimeout?: Duration;
  /**
   * TCP keepalive.
   *
   * @default - no keepalive probes from the sidecar
   */
  readonly tcpKeepalive?: TcpKeepalive;
}

/** Whether HTTP/1.1 connections to the upstream are upgraded to HTTP/2. */
export enum H2UpgradePolicy {
  /** Use the mesh-wide setting. */
  DEFAULT = 'DEFAULT',
  /** Do not upgrade. */
  DO_NOT_UPGRADE = 'DO_NOT_UPGRADE',
  /** Upgrade to HTTP/2. */
  UPGRADE = 'UPGRADE',
}

/** HTTP connection pool settings, per upstream host and per sidecar. */
export interface HttpConnectionPool {
  /**
   * Maximum requests queued while waiting for a connection (at least 1).
   *
   * @default - 2^32-1, Istio's default
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Maximum active requests to the destination (at least 1).
   *
   * @default - 2^32-1, Istio's default
   */
  readonly http2MaxRequests?: number;
  /**
   * Maximum requests per connection; 0 means unlimited, 1 disables keep-alive.
   *
   * @default 0 - unlimited
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * Maximum outstanding retries across all hosts, at any time. Prefer `TrafficPolicy.retryBudget`.
   *
   * @default - 2^32-1, Istio's default: retries are not limited by the pool
   */
  readonly maxRetries?: number;
  /**
   * Idle time after which a connection is closed; at least 1ms.
   *
   * @default - 1 hour (Envoy's default)
   */
  readonly idleTimeout?: Duration;
  /**
   * HTTP/2 upgrade policy.
   *
   * @default H2UpgradePolicy.DEFAULT
   */
  readonly h2UpgradePolicy?: H2UpgradePolicy;
  /**
   * Use the client's protocol (HTTP/1.1 or HTTP/2) towards the upstream.
   *
   * @default false
   */
  readonly useClientProtocol?: boolean;
  /**
   * Maximum concurrent streams per HTTP/2 connection (at least 1).
   *
   * @default - 2^31-1 (Envoy's default)
   */
  readonly maxConcurrentStreams?: number;
}

/** Connection pool settings (`ConnectionPoolSettings`). */
export interface ConnectionPoolSettings {
  /**
   * TCP settings, for HTTP and TCP upstreams.
   *
   * @default - Istio's defaults
   */
  readonly tcp?: TcpConnectionPool;
  /**
   * HTTP settings.
   *
   * @default - Istio's defaults
   */
  readonly http?: HttpConnectionPool;
}
