/**
 * Linkerd's default inbound policies: `Server.accessPolicy`, and the
 * `config.linkerd.io/default-inbound-policy` annotation of a namespace or workload.
 */
export enum DefaultInboundPolicy {
  /** Any client, meshed or not, from anywhere: the cluster's default unless changed at install. */
  ALL_UNAUTHENTICATED = 'all-unauthenticated',
  /** Only meshed (mTLS) clients, from anywhere. */
  ALL_AUTHENTICATED = 'all-authenticated',
  /** Any client from the cluster's networks (`clusterNetworks`). */
  CLUSTER_UNAUTHENTICATED = 'cluster-unauthenticated',
  /** Only meshed clients from the cluster's networks. */
  CLUSTER_AUTHENTICATED = 'cluster-authenticated',
  /** No client, unless an authorization allows it. */
  DENY = 'deny',
  /** Like `all-unauthenticated`, but logs and counts what `deny` would refuse. */
  AUDIT = 'audit',
}

/** The protocol a Server's port speaks (`proxyProtocol`). */
export enum ProxyProtocol {
  /** Linkerd detects HTTP/1, HTTP/2 or opaque TCP (up to a 10s detection timeout). */
  UNKNOWN = 'unknown',
  /** HTTP/1.x, without detection. */
  HTTP1 = 'HTTP/1',
  /** HTTP/2, without detection. */
  HTTP2 = 'HTTP/2',
  /** gRPC, without detection. */
  GRPC = 'gRPC',
  /** Opaque TCP: no detection, no HTTP features (the same as listing the port in opaque-ports). */
  OPAQUE = 'opaque',
  /** TLS that the application terminates: no detection. */
  TLS = 'TLS',
}
