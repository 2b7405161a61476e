import { AnalysisFinding } from '../../finding';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { MeshLookups } from '../../mesh-helpers';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** Envoy's `max_ejection_percent` when Istio's `maxEjectionPercent` is unset or 0. */
const DEFAULT_MAX_EJECTION_PERCENT = 10;

/**
 * MESH104: DestinationRule outlier detection that can eject every host of the pool, given the replicas of the
 * workloads behind the host (DestinationRule host → Service in the manifests → its selector → Deployments,
 * StatefulSets or Pods, with an HPA's `minReplicas` when one scales them).
 *
 * Envoy since 1.27 (envoyproxy/envoy#26877, #27909) ejects a host only while the ejected share after it stays
 * within `maxEjectionPercent` (default 10), so it can eject `floor(n × pct / 100)` of `n` hosts: every host
 * only at 100. Older Envoy, and Envoy with `always_eject_one_host`, checked the share before the ejection
 * and always ejected one host: `ceil(n × pct / 100)`, so a single replica, or 2 replicas at 60%, could lose
 * every host. With `minHealthPercent` 0 (Istio's default, panic routing off) a pool with no healthy host
 * answers 503 "no healthy upstream" (istio/istio#20135).
 *
 * Errors: every host can be ejected by current Envoy. Warnings: only the older rule leaves no healthy host;
 * or `maxEjectionPercent` over 50.
 */
export const MESH104: Rule = {
  id: 'MESH104',
  severity: FindingSeverity.ERROR,
  description: 'DestinationRule outlier detection can eject every host given the replicas behind the host (or maxEjectionPercent > 50)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const lookups = MeshLookups.of(index);
    const findings: AnalysisFinding[] = [];
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      const host = typeof dr.spec?.host === 'string' ? dr.spec.host : '';
      const service = host ? lookups.serviceOfIstioHost(host, index.namespaceOf(dr)) : undefined;
      const pool = (labels: Record<string, string> | undefined, subset: string | undefined): Pool => {
        if (!service) return { host, subset };
        const workloads = lookups.workloadsOfService(service, labels ?? {});
        return { host, subset, pods: workloads.length > 0 ? lookups.minPods(workloads) : undefined, workloads: workloads.map(w => `${w.object.kind} ${w.name}`) };
      };
      const top = dr.spec?.trafficPolicy;
      const hostPool = pool(undefined, undefined);
      for (const [path, od] of outlierSettings(top, 'spec.trafficPolicy')) findings.push(...judge(dr, path, od, hostPool));
      list(dr.spec?.subsets).forEach((subset, j) => {
        const subsetPool = pool(subset?.labels, typeof subset?.name === 'string' ? subset.name : `#${j}`);
        const own = outlierSettings(subset?.trafficPolicy, `spec.subsets[${j}].trafficPolicy`);
        if (own.length > 0) {
          for (const [path, od] of own) findings.push(...judge(dr, path, od, subsetPool));
        } else if (top?.outlierDetection && subsetPool.pods !== undefined) {
          // the subset's cluster inherits the top-level setting, with only the subset's pods in its pool
          findings.push(...judge(dr, 'spec.trafficPolicy.outlierDetection', top.outlierDetection, subsetPool, true));
        }
      });
    }
    return findings;
  },
};

interface Pool {
  readonly host: string;
  readonly subset?: string;
  /** The fewest pods behind the pool, when known. */
  readonly pods?: number;
  readonly workloads?: string[];
}

/** `[path, outlierDetection]` of a traffic policy and its port-level settings. */
function outlierSettings(policy: any, path: string): Array<[string, any]> {
  const result: Array<[string, any]> = [];
  if (policy?.outlierDetection && typeof policy.outlierDetection === 'object') result.push([`${path}.outlierDetection`, policy.outlierDetection]);
  list(policy?.portLevelSettings).forEach((p, k) => {
    if (p?.outlierDetection && typeof p.outlierDetection === 'object') result.push([`${path}.portLevelSettings[${k}].outlierDetection`, p.outlierDetection]);
  });
  return result;
}

/** Whether the settings eject at all: Istio maps `consecutive5xxErrors: 0` to no 5xx ejection. */
function ejects(od: any): boolean {
  if (od.consecutive5xxErrors !== 0) return true;
  return (od.consecutiveGatewayErrors ?? 0) > 0 || (od.consecutiveLocalOriginFailures ?? 0) > 0 || (od.consecutiveErrors ?? 0) > 0;
}

function judge(dr: Manifest, path: string, od: any, pool: Pool, inherited = false): AnalysisFinding[] {
  if (!ejects(od)) return [];
  const stated = typeof od.maxEjectionPercent === 'number' && od.maxEjectionPercent > 0;
  const pct = Math.min(100, stated ? od.maxEjectionPercent : DEFAULT_MAX_EJECTION_PERCENT);
  const pctText = stated ? `maxEjectionPercent ${pct}` : `maxEjectionPercent unset (Envoy's default ${DEFAULT_MAX_EJECTION_PERCENT})`;
  const fieldPath = stated ? `${path}.maxEjectionPercent` : path;
  const panicOff = !(typeof od.minHealthPercent === 'number' && od.minHealthPercent > 0);
  const target = `host ${pool.host}${pool.subset !== undefined ? ` subset ${pool.subset}` : ''}${inherited ? ' (inherits this setting)' : ''}`;
  const outage = 'with minHealthPercent 0 (panic routing off) the pool then has no host and requests fail with 503 "no healthy upstream"';
  const n = pool.pods;
  const podsText = n !== undefined ? `${n} pod${n === 1 ? '' : 's'} (${pool.workloads!.join(', ')})` : '';

  if (panicOff && pct >= 100) {
    if (inherited) return []; // reported once, for the host
    return [finding(MESH104, dr, {
      path: fieldPath,
      message: `${target}: ${pctText} lets Envoy eject every host${n !== undefined ? ` of its ${podsText}` : ''}; ${outage}`,
      fix: 'set maxEjectionPercent to at most 50 (and keep at least 2 replicas), or set minHealthPercent above 0 so Envoy routes to all hosts when too few are healthy',
    })];
  }
  if (panicOff && n !== undefined && n > 0) {
    const legacy = Math.ceil((n * pct) / 100);
    if (legacy >= n) {
      const now = Math.floor((n * pct) / 100);
      return [finding(MESH104, dr, {
        severity: FindingSeverity.WARNING,
        path: fieldPath,
        message: `${target}: ${pctText} with ${podsText}: Envoy before 1.27, or with always_eject_one_host, ejects at least one host and checks the share before ejecting, so ceil(${n} × ${pct}%) = ${legacy} of ${n} hosts can go, leaving none healthy (envoyproxy/envoy#26877); current Envoy ejects at most floor(${n} × ${pct}%) = ${now}${now === 0 ? ', so outlier detection never ejects here' : ''}; ${outage}`,
        fix: n === 1
          ? 'run at least 2 replicas behind the host (spec.replicas or the HPA minReplicas), or set minHealthPercent above 0'
          : `lower maxEjectionPercent to at most ${Math.floor((100 * (n - 1)) / n)} for ${n} pods, run more replicas, or set minHealthPercent above 0`,
      })];
    }
  }
  if (pct > 50 && !inherited) {
    return [finding(MESH104, dr, {
      severity: FindingSeverity.WARNING,
      path: fieldPath,
      message: `${target}: ${pctText} lets outlier detection eject more than half the hosts; one bad deploy or a shared dependency failing can take most of the pool out at once`,
      fix: 'set maxEjectionPercent to 50 or less',
    })];
  }
  return [];
}
