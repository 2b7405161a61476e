import { Duration } from 'cdk8s';

/** Simple load-balancing algorithms (`LoadBalancerSettings.SimpleLB`). */
export enum LoadBalancerAlgorithm {
  /** Let Istio choose (currently LEAST_REQUEST). */
  UNSPECIFIED = 'UNSPECIFIED',
  /** Round robin. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** Least request (power of two choices). Istio's default. */
  LEAST_REQUEST = 'LEAST_REQUEST',
  /** Deprecated alias of LEAST_REQUEST. */
  LEAST_CONN = 'LEAST_CONN',
  /** Random choice. */
  RANDOM = 'RANDOM',
  /** Forward to the original destination address, without load balancing. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** An attribute of the cookie Istio generates for `httpCookieName` (`HttpCookie.Attribute`). */
export interface HttpCookieAttribute {
  /** The attribute name (`SameSite`, `Secure`, `HttpOnly`). */
  readonly name: string;
  /**
   * The attribute value (`Strict` for SameSite).
   *
   * @default - a flag attribute without value (`Secure`, `HttpOnly`)
   */
  readonly value?: string;
}

/** Ring hash settings of a consistent hash (`ConsistentHashLB.RingHash`). */
export interface RingHashSettings {
  /**
   * Minimum number of virtual nodes on the hash ring, from 1 to 8388608 (Envoy's maximum). More nodes spread
   * load more evenly at the cost of memory.
   *
   * @default 1024 - Envoy's default when the field is absent
   */
  readonly minimumRingSize?: number;
}

/** Maglev settings of a consistent hash (`ConsistentHashLB.MagLev`). */
export interface MaglevSettings {
  /**
   * The lookup table size: a prime number below 5000011 (Istio refuses other values). Larger tables spread
   * load more evenly; it should be well above the number of hosts.
   */
  readonly tableSize: number;
}

/** Session affinity by consistent hashing. Exactly one hash key; at most one of `ringHash` and `maglev`. */
export interface ConsistentHashLoadBalancer {
  /**
   * Hash on this request header.
   *
   * @default - not this key
   */
  readonly httpHeaderName?: string;
  /**
   * Hash on this cookie, generated with `cookieTtl` if absent.
   *
   * @default - not this key
   */
  readonly httpCookieName?: string;
  /**
   * Path of the generated cookie.
   *
   * @default - no path
   */
  readonly cookiePath?: string;
  /**
   * Lifetime of the generated cookie. Required with `httpCookieName`; must be at least 1ms.
   *
   * @default - none
   */
  readonly cookieTtl?: Duration;
  /**
   * Further attributes of the generated cookie (`SameSite=Strict`, `Secure`, `HttpOnly`). Only with
   * `httpCookieName`.
   *
   * @default - none
   */
  readonly cookieAttributes?: HttpCookieAttribute[];
  /**
   * Hash on the source IP address.
   *
   * @default false
   */
  readonly useSourceIp?: boolean;
  /**
   * Hash on this query parameter.
   *
   * @default - not this key
   */
  readonly httpQueryParameterName?: string;
  /**
   * Use a hash ring (Envoy's RING_HASH) with these settings. Not with `maglev`.
   *
   * @default - a hash ring with Envoy's defaults, unless `maglev` is set
   */
  readonly ringHash?: RingHashSettings;
  /**
   * Use Maglev hashing (Envoy's MAGLEV), which rebalances fewer keys than a ring when hosts change. Not with
   * `ringHash`.
   *
   * @default - no Maglev
   */
  readonly maglev?: MaglevSettings;
}

/** Traffic shares from one locality (`LocalityLoadBalancerSetting.Distribute`). */
export interface LocalityDistribution {
  /**
   * The calling locality, `region/zone/subzone`, with at most one `*` at the end (`us-west/zone1/*`).
   * Rendered as `from`.
   */
  readonly fromLocality: string;
  /**
   * Upstream localities (same syntax) and their share of the traffic, each an integer from 1 to 100, summing
   * to exactly 100 (Istio refuses any other total). Rendered as `to`.
   */
  readonly toLocalities: { [locality: string]: number };
}

/** Where traffic fails over when a region has no healthy endpoint (`LocalityLoadBalancerSetting.Failover`). */
export interface LocalityFailover {
  /** The region whose endpoints fail (a region only, without `/` or `*`). Rendered as `from`. */
  readonly fromRegion: string;
  /** The region to send traffic to instead; different from `fromRegion`. Rendered as `to`. */
  readonly toRegion: string;
}

/**
 * Locality-aware load balancing (`LocalityLoadBalancerSetting`): either `distribute` (weighted shares) or
 * failover (`failover` and/or `failoverPriority`). Failover acts only once outlier detection ejects the local
 * endpoints, so it needs `outlierDetection` at the same level.
 */
export interface LocalityLoadBalancerSetting {
  /**
   * Turn locality load balancing on or off for this destination.
   *
   * @default - the mesh config's setting: Istio enables locality load balancing by default, and it takes
   * effect for destinations with outlier detection
   */
  readonly enabled?: boolean;
  /**
   * Explicit traffic shares between localities. Not with `failover`.
   *
   * @default - none
   */
  readonly distribute?: LocalityDistribution[];
  /**
   * Region-to-region failover. Not with `distribute`.
   *
   * @default - Istio fails over to the nearest localities (zone, then region)
   */
  readonly failover?: LocalityFailover[];
  /**
   * Labels, in order, used to prefer endpoints that share them with the caller (`topology.istio.io/network`,
   * `topology.kubernetes.io/region`, ...). With `failover`, topology labels (region, zone, subzone) are refused
   * (Istio rejects the mix).
   *
   * @default - none
   */
  readonly failoverPriority?: string[];
}

/**
 * Slow start for new endpoints (`WarmupConfiguration`): traffic to an endpoint grows over `duration` instead
 * of arriving at full weight. Only with ROUND_ROBIN and LEAST_REQUEST (the default).
 */
export interface WarmupSettings {
  /** How long an endpoint stays in warmup; at least 1ms. */
  readonly duration: Duration;
  /**
   * The share of its full traffic a new endpoint gets at first, from 0 to 100.
   *
   * @default 10 - Istio's default when the field is absent
   */
  readonly minimumPercent?: number;
  /**
   * How the traffic grows: 1 is linear, larger values grow it more slowly at first. At least 1.
   *
   * @default 1 - Istio's default when the field is absent (linear)
   */
  readonly aggression?: number;
}

/**
 * Load balancing (`LoadBalancerSettings`): at most one of `simple` and `consistentHash`, with optional
 * locality settings and warmup.
 */
export interface LoadBalancerSettings {
  /**
   * A simple algorithm.
   *
   * @default - LEAST_REQUEST, Istio's default
   */
  readonly simple?: LoadBalancerAlgorithm;
  /**
   * Consistent hashing for session affinity.
   *
   * @default - no affinity
   */
  readonly consistentHash?: ConsistentHashLoadBalancer;
  /**
   * Locality-aware load balancing for this destination, overriding the mesh config's.
   *
   * @default - the mesh config's localityLbSetting
   */
  readonly localityLbSetting?: LocalityLoadBalancerSetting;
  /**
   * Slow start for new endpoints. Not with `consistentHash`, RANDOM or PASSTHROUGH (Istio would ignore it).
   *
   * @default - no warmup: new endpoints get their full share at once
   */
  readonly warmup?: WarmupSettings;
}
