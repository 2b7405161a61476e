import { IConstruct } from 'constructs';
import { compact, optionalDuration, requirePercent } from './render';
import { meshError, requireInteger, shown } from '../../core/errors';

const HASH_KEYS = ['httpHeaderName', 'httpCookieName', 'useSourceIp', 'httpQueryParameterName'];
/** Labels Istio refuses in `failoverPriority` together with `failover`. */
const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];
const WARMUP_ALGORITHMS = [undefined, 'UNSPECIFIED', 'ROUND_ROBIN', 'LEAST_REQUEST', 'LEAST_CONN'];

/**
 * Renders `LoadBalancerSettings`. `hasOutlierDetection` tells whether outlier detection is set at the same
 * level, which locality failover needs.
 */
export function renderLoadBalancer(scope: IConstruct, prop: string, lb: any, hasOutlierDetection: boolean): any {
  if (lb === undefined) return undefined;
  if (lb.simple !== undefined && lb.consistentHash !== undefined) {
    throw meshError(scope, prop, 'must have at most one of simple and consistentHash, got both', 'Keep one of them');
  }
  if ([lb.simple, lb.consistentHash, lb.localityLbSetting, lb.warmup].every(x => x === undefined)) {
    throw meshError(scope, prop, 'must set simple, consistentHash, localityLbSetting or warmup', 'Omit loadBalancer for Istio\'s default (LEAST_REQUEST)');
  }
  if (lb.warmup !== undefined && (lb.consistentHash !== undefined || !WARMUP_ALGORITHMS.includes(lb.simple))) {
    throw meshError(scope, `${prop}.warmup`, `applies only to ROUND_ROBIN and LEAST_REQUEST, got ${lb.consistentHash !== undefined ? 'consistentHash' : lb.simple}: Istio would ignore it`,
      'Remove warmup or use LoadBalancerAlgorithm.ROUND_ROBIN or LEAST_REQUEST');
  }
  return compact({
    simple: lb.simple,
    consistentHash: renderConsistentHash(scope, `${prop}.consistentHash`, lb.consistentHash),
    localityLbSetting: renderLocality(scope, `${prop}.localityLbSetting`, lb.localityLbSetting, hasOutlierDetection),
    warmup: renderWarmup(scope, `${prop}.warmup`, lb.warmup),
  });
}

function renderConsistentHash(scope: IConstruct, prop: string, h: any): any {
  if (h === undefined) return undefined;
  const keys = HASH_KEYS.filter(k => h[k] !== undefined && h[k] !== false);
  if (keys.length !== 1) {
    throw meshError(scope, prop, `must have exactly one hash key, got ${keys.length ? keys.join(', ') : 'none'}`);
  }
  if (h.httpCookieName !== undefined && h.cookieTtl === undefined) {
    throw meshError(scope, `${prop}.cookieTtl`, 'is required with httpCookieName', 'Set cookieTtl, e.g. Duration.hours(1)');
  }
  for (const field of ['cookiePath', 'cookieTtl', 'cookieAttributes']) {
    if (h[field] !== undefined && h.httpCookieName === undefined) {
      throw meshError(scope, `${prop}.${field}`, 'applies only to the cookie Istio generates for httpCookieName', `Remove ${field} or hash on httpCookieName`);
    }
  }
  if (h.ringHash !== undefined && h.maglev !== undefined) {
    throw meshError(scope, prop, 'must have at most one of ringHash and maglev, got both', 'Keep one of them');
  }
  requireInteger(scope, `${prop}.ringHash.minimumRingSize`, h.ringHash?.minimumRingSize, 1, 8388608);
  if (h.maglev !== undefined) {
    const size = h.maglev.tableSize;
    if (!Number.isInteger(size) || size < 2 || size >= 5000011 || !isPrime(size)) {
      throw meshError(scope, `${prop}.maglev.tableSize`, `must be a prime number below 5000011, got ${shown(size)}`, 'Use 65537 (Envoy\'s default) or another prime');
    }
  }
  const attributes = h.cookieAttributes?.map((a: any, i: number) => {
    if (!a || typeof a.name !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(a.name)) {
      throw meshError(scope, `${prop}.cookieAttributes[${i}].name`, `must be a cookie attribute name (an HTTP token such as SameSite), got ${shown(a?.name)}`);
    }
    if (a.value !== undefined && (typeof a.value !== 'string' || /[;\r\n]/.test(a.value))) {
      throw meshError(scope, `${prop}.cookieAttributes[${i}].value`, `must be a string without ';' or line breaks, got ${shown(a.value)}`);
    }
    return compact({ name: a.name, value: a.value });
  });
  return compact({
    httpHeaderName: h.httpHeaderName,
    httpCookie: h.httpCookieName === undefined ? undefined : compact({
      name: h.httpCookieName,
      path: h.cookiePath,
      ttl: optionalDuration(scope, `${prop}.cookieTtl`, h.cookieTtl),
      attributes,
    }),
    useSourceIp: h.useSourceIp || undefined,
    httpQueryParameterName: h.httpQueryParameterName,
    ringHash: h.ringHash === undefined ? undefined : compact({ minimumRingSize: h.ringHash.minimumRingSize }),
    maglev: h.maglev === undefined ? undefined : { tableSize: h.maglev.tableSize },
  });
}

/** The same primality test as Envoy's (and Istio's validation). */
function isPrime(x: number): boolean {
  if (x < 4) return x > 1;
  if (x % 2 === 0) return false;
  for (let f = 3; f * f <= x; f += 2) if (x % f === 0) return false;
  return true;
}

function renderLocality(scope: IConstruct, prop: string, l: any, hasOutlierDetection: boolean): any {
  if (l === undefined) return undefined;
  const distribute: any[] | undefined = l.distribute;
  const failover: any[] | undefined = l.failover;
  const priority: string[] | undefined = l.failoverPriority;
  if (distribute !== undefined && failover !== undefined) {
    throw meshError(scope, prop, 'cannot set both distribute and failover (Istio rejects it)', 'Keep one of them');
  }
  for (const [field, list] of [['distribute', distribute], ['failover', failover], ['failoverPriority', priority]] as const) {
    if (list !== undefined && (!Array.isArray(list) || list.length === 0)) {
      throw meshError(scope, `${prop}.${field}`, 'must not be empty when given', 'Omit it instead');
    }
  }
  if ((failover !== undefined || priority !== undefined) && !hasOutlierDetection) {
    throw meshError(scope, prop, `sets ${failover !== undefined ? 'failover' : 'failoverPriority'} without outlierDetection at the same level: Istio fails over only when outlier detection ejects the local endpoints, so traffic would never move`,
      'Add outlierDetection next to loadBalancer');
  }
  const sources: string[] = [];
  distribute?.forEach((d, i) => {
    const at = `${prop}.distribute[${i}]`;
    requireLocality(scope, `${at}.fromLocality`, d?.fromLocality);
    sources.push(d.fromLocality);
    const entries = Object.entries(d.toLocalities ?? {});
    if (entries.length === 0) {
      throw meshError(scope, `${at}.toLocalities`, `must list at least one locality, got ${shown(d.toLocalities)}`, 'Give each upstream locality its share, summing to 100');
    }
    entries.forEach(([loc, w]) => {
      requireLocality(scope, `${at}.toLocalities`, loc);
      requireInteger(scope, `${at}.toLocalities.${loc}`, w as number, 1, 100);
    });
    requireNoOverlap(scope, `${at}.toLocalities`, entries.map(([loc]) => loc));
    const total = entries.reduce((sum, [, w]) => sum + (w as number), 0);
    if (total !== 100) {
      throw meshError(scope, `${at}.toLocalities`, `weights must sum to 100, got ${entries.map(([, w]) => w).join(' + ')} = ${total}`, 'Adjust the shares so that they add up to 100');
    }
  });
  requireNoOverlap(scope, `${prop}.distribute`, sources);
  failover?.forEach((f, i) => {
    for (const side of ['fromRegion', 'toRegion']) {
      const v = f?.[side];
      if (typeof v !== 'string' || v.length === 0 || v.includes('/') || v.includes('*')) {
        throw meshError(scope, `${prop}.failover[${i}].${side}`, `must be a region, without '/' or '*', got ${shown(v)}`, 'Name the region alone, such as us-east');
      }
    }
    if (f.fromRegion === f.toRegion) {
      throw meshError(scope, `${prop}.failover[${i}]`, `must fail over to a different region, got ${shown(f.fromRegion)} to itself`, 'Set toRegion to another region');
    }
  });
  priority?.forEach((label, i) => {
    if (typeof label !== 'string' || label.length === 0) throw meshError(scope, `${prop}.failoverPriority[${i}]`, `must be a label name, got ${shown(label)}`);
    if (failover !== undefined && TOPOLOGY_LABELS.includes(label)) {
      throw meshError(scope, `${prop}.failoverPriority[${i}]`, `cannot be the topology label ${shown(label)} together with failover (Istio rejects it)`,
        'Remove failover, or prioritise on other labels');
    }
  });
  return compact({
    enabled: l.enabled,
    distribute: distribute?.map(d => ({ from: d.fromLocality, to: { ...d.toLocalities } })),
    failover: failover?.map(f => ({ from: f.fromRegion, to: f.toRegion })),
    failoverPriority: priority === undefined ? undefined : [...priority],
  });
}

/** `region`, `region/zone` or `region/zone/subzone`, no empty part, at most one `*`, only at the end. */
function requireLocality(scope: IConstruct, prop: string, locality: any): void {
  const parts = typeof locality === 'string' ? locality.split('/') : [];
  const stars = typeof locality === 'string' ? locality.split('*').length - 1 : 0;
  if (parts.length === 0 || parts.length > 3 || parts.some(p => p.length === 0) || stars > 1 || (stars === 1 && !locality.endsWith('*'))) {
    throw meshError(scope, prop, `must be a locality region[/zone[/subzone]] with at most one '*', at the end, got ${shown(locality)}`);
  }
}

/** Refuses localities that overlap (`us-west/*` and `us-west/zone1`), as Istio's validation does. */
function requireNoOverlap(scope: IConstruct, prop: string, localities: string[]): void {
  const norm = localities.map(l => l.replace(/\/?\*$/, ''));
  for (let i = 0; i < norm.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [norm[i], norm[j]];
      if (a === '' || b === '' || a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`)) {
        throw meshError(scope, prop, `has overlapping localities ${shown(localities[j])} and ${shown(localities[i])}`, 'List each locality once, at one level');
      }
    }
  }
}

function renderWarmup(scope: IConstruct, prop: string, w: any): any {
  if (w === undefined) return undefined;
  if (w.duration === undefined) throw meshError(scope, `${prop}.duration`, 'is required');
  requirePercent(scope, `${prop}.minimumPercent`, w.minimumPercent);
  if (w.aggression !== undefined && (typeof w.aggression !== 'number' || !Number.isFinite(w.aggression) || w.aggression < 1)) {
    throw meshError(scope, `${prop}.aggression`, `must be a number of at least 1, got ${shown(w.aggression)}`);
  }
  return compact({ duration: optionalDuration(scope, `${prop}.duration`, w.duration), minimumPercent: w.minimumPercent, aggression: w.aggression });
}
