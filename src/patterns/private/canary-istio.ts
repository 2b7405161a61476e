import { Construct } from 'constructs';
import { IMeshResource } from '../../core/resource';
import * as istio from '../../istio';
import type { ArgoRolloutsHandOffOptions } from '../canary-hand-off';
import type { CanaryIntent } from '../canary-service';

/** The DestinationRule subsets of the stable version and the canary (Argo Rollouts points them at its pods by hash). */
export const ARGO_STABLE_SUBSET = 'stable';
export const ARGO_CANARY_SUBSET = 'canary';

/** The Istio classic objects, and the names of the weighted routes (the ones Argo Rollouts edits). */
export interface RenderedCanaryIstio {
  readonly resources: IMeshResource[];
  readonly weightedRoutes: string[];
}

/** The circuit breaker as an Istio traffic policy (DestinationRule, or Flagger's `service.trafficPolicy`). */
export function circuitBreakerPolicy(c: CanaryIntent): istio.TrafficPolicy | undefined {
  const cb = c.circuitBreaker;
  return cb === undefined ? undefined : {
    outlierDetection: {
      consecutive5xxErrors: cb.consecutive5xxErrors ?? 10,
      interval: cb.interval,
      baseEjectionTime: cb.baseEjectionTime,
      maxEjectionPercent: cb.maxEjectionPercent ?? 50,
    },
    ...(cb.maxConnections !== undefined || cb.http2MaxRequests !== undefined || cb.maxRequestsPerConnection !== undefined ? {
      connectionPool: {
        ...(cb.maxConnections !== undefined ? { tcp: { maxConnections: cb.maxConnections } } : {}),
        ...(cb.http2MaxRequests !== undefined || cb.maxRequestsPerConnection !== undefined
          ? { http: { http2MaxRequests: cb.http2MaxRequests, maxRequestsPerConnection: cb.maxRequestsPerConnection } } : {}),
      },
    } : {}),
  };
}

/**
 * Istio classic: a DestinationRule with `stable`/`canary` subsets and a VirtualService whose routes are split by
 * method class: the retried methods carry `retries`, every other route (the Istio layer renders it) has
 * `retries: {attempts: 0}`. Header routes come first (Istio takes the first route that matches).
 *
 * With `argo` (Argo Rollouts' subset-level traffic routing): both subsets carry the Rollout's pod labels (Argo adds
 * `rollouts-pod-template-hash` to each), and every weighted route names both subsets, stable 100 and canary 0,
 * weights Argo then owns.
 */
export function renderCanaryIstio(scope: Construct, c: CanaryIntent, argo?: ArgoRolloutsHandOffOptions): RenderedCanaryIstio {
  const trafficPolicy = circuitBreakerPolicy(c);
  const apiVersion = c.mesh.istioApiVersion;
  const dr = new istio.DestinationRule(scope, 'DestinationRule', {
    metadata: { name: c.service },
    host: c.service,
    apiVersion,
    trafficPolicy,
  });
  const stable = dr.addSubset({ name: ARGO_STABLE_SUBSET, labels: argo ? argo.podSelector : c.stableSelector });
  const canary = dr.addSubset({ name: ARGO_CANARY_SUBSET, labels: argo ? argo.podSelector : c.canarySelector });
  const vs = new istio.VirtualService(scope, 'VirtualService', { metadata: { name: c.service }, hosts: [c.service], apiVersion });
  const canaryOnly: istio.RouteDestination[] = [canary.destination({ weight: 100 })];
  const split: istio.RouteDestination[] = argo ? [stable.destination({ weight: 100 }), canary.destination({ weight: 0 })] : [
    ...(c.canaryWeight < 100 ? [stable.destination({ weight: 100 - c.canaryWeight })] : []),
    ...(c.canaryWeight > 0 ? [canary.destination({ weight: c.canaryWeight })] : []),
  ];
  const retries: istio.HttpRetryPolicy | undefined = c.retries === undefined ? undefined : {
    attempts: c.retries.attempts,
    perTryTimeout: c.retries.perTryTimeout,
    retryOn: [istio.RetryOn.SERVER_ERROR],
  };
  const methods = c.retryMethods.map(m => istio.StringMatch.exact(m));
  const headers = c.header ? { [c.header.name.toLowerCase()]: istio.StringMatch.exact(c.header.value) } : undefined;
  if (headers) {
    if (retries) {
      vs.addHttpRoute({ name: 'canary-override-retried', matches: methods.map(method => ({ headers, method })), destinations: canaryOnly, retries, timeout: c.timeout });
    }
    vs.addHttpRoute({ name: 'canary-override', matches: [{ headers }], destinations: canaryOnly, timeout: c.timeout });
  }
  const weightedRoutes: string[] = [];
  if (retries) {
    vs.addHttpRoute({ name: 'retried', matches: methods.map(method => ({ method })), destinations: split, retries, timeout: c.timeout });
    weightedRoutes.push('retried');
  }
  vs.addHttpRoute({ name: 'split', destinations: split, timeout: c.timeout });
  weightedRoutes.push('split');
  return { resources: [vs, dr], weightedRoutes };
}
