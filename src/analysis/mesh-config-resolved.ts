/**
 * The mesh config as the rules read it: `MeshConfig` (public, optional fields) with Istio's defaults filled
 * in. Not exported from the barrel.
 */
import { Duration } from 'cdk8s';
import { MeshConfig, OutboundTrafficPolicyMode, PathNormalization } from './mesh-config';
import { formatMillis } from '../core/duration';

/** The retries of a route without `retries`, as the rules read them. */
export interface DefaultRetries {
  readonly attempts: number;
  readonly retryOn: string;
  readonly perTryTimeout?: string;
}

/** A mesh config with every default filled in, as the rules read it. */
export interface ResolvedMeshConfig {
  readonly rootNamespace: string;
  readonly trustDomain: string;
  readonly trustDomainAliases: string[];
  readonly dnsAutoAllocate: boolean;
  readonly defaultRetries: DefaultRetries;
  readonly outboundTrafficPolicy: OutboundTrafficPolicyMode;
  /** DEFAULT resolved to BASE. */
  readonly pathNormalization: PathNormalization;
  /** `defaultProviders.accessLogging`. */
  readonly defaultAccessLogProviders: string[];
  /** Names of Lightstep `extensionProviders`. */
  readonly lightstepProviders: string[];
}

/** Istio's built-in default retry policy (MESH-FACTS Istio 1). */
export const ISTIO_BUILT_IN_RETRIES = { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes' };

/** Fills in the defaults of a mesh config, checking what a JS caller may have got wrong. */
export function resolveMeshConfig(mesh: MeshConfig | undefined, rootNamespace: string | undefined): ResolvedMeshConfig {
  const m = mesh ?? {};
  if (rootNamespace !== undefined && m.rootNamespace !== undefined && rootNamespace !== m.rootNamespace) {
    throw new Error(`istioRootNamespace (${rootNamespace}) and meshConfig.rootNamespace (${m.rootNamespace}) disagree: state the root namespace once, in meshConfig`);
  }
  const r = m.defaultHttpRetryPolicy;
  if (r?.attempts !== undefined && (!Number.isInteger(r.attempts) || r.attempts < 0)) {
    throw new Error(`meshConfig.defaultHttpRetryPolicy.attempts must be a non-negative integer, got ${JSON.stringify(r.attempts)}`);
  }
  if (r?.perTryTimeout !== undefined && !(r.perTryTimeout instanceof Duration)) {
    throw new Error(`meshConfig.defaultHttpRetryPolicy.perTryTimeout must be a Duration (Duration.seconds(2)), got ${JSON.stringify(r.perTryTimeout)}`);
  }
  return {
    rootNamespace: rootNamespace ?? m.rootNamespace ?? 'istio-system',
    trustDomain: m.trustDomain ?? 'cluster.local',
    trustDomainAliases: [...m.trustDomainAliases ?? []],
    dnsAutoAllocate: m.dnsAutoAllocate ?? false,
    defaultRetries: {
      attempts: r?.attempts ?? ISTIO_BUILT_IN_RETRIES.attempts,
      retryOn: r?.retryOn ?? ISTIO_BUILT_IN_RETRIES.retryOn,
      perTryTimeout: r?.perTryTimeout === undefined ? undefined : formatMillis(r.perTryTimeout.toMilliseconds({ integral: false })),
    },
    outboundTrafficPolicy: m.outboundTrafficPolicy ?? OutboundTrafficPolicyMode.ALLOW_ANY,
    pathNormalization: resolvePathNormalization(m.pathNormalization),
    defaultAccessLogProviders: [...m.defaultAccessLogProviders ?? []],
    lightstepProviders: [...m.lightstepProviders ?? []],
  };
}

function resolvePathNormalization(p: PathNormalization | undefined): PathNormalization {
  if (p !== undefined && !(Object.values(PathNormalization) as unknown[]).includes(p)) {
    throw new Error(`meshConfig.pathNormalization must be one of ${Object.values(PathNormalization).join(', ')}, got ${JSON.stringify(p)}`);
  }
  return p === undefined || p === PathNormalization.DEFAULT ? PathNormalization.BASE : p;
}
