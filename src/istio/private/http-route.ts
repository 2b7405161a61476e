import { IConstruct } from 'constructs';
import { renderDestination } from './destinations';
import { renderMatch } from './match';
import { compact, optionalDuration, renderIstioDuration, requirePercent } from './render';
import { meshError, requireInteger, shown } from '../../core/errors';
import { isDnsLabel, isDnsSubdomain } from '../../core/names';

const UNMATCHED_PREFLIGHTS = ['FORWARD', 'IGNORE'];

/** Renders `HTTPFaultInjection` (see `HttpFaultInjection`): percentages required, one abort status. */
export function renderFault(scope: IConstruct, prop: string, f: any): any {
  if (f === undefined) return undefined;
  if (f.delay === undefined && f.abort === undefined) {
    throw meshError(scope, prop, 'must have a delay or an abort, got neither', 'Add delay or abort, or remove fault');
  }
  let delay: any;
  if (f.delay !== undefined) {
    requirePercent(scope, `${prop}.delay.percentage`, f.delay.percentage);
    if (f.delay.percentage === undefined) {
      throw meshError(scope, `${prop}.delay.percentage`, 'is required (without it Istio delays no request), got undefined', 'Set percentage: 100 to delay every matching request');
    }
    delay = { fixedDelay: renderIstioDuration(scope, `${prop}.delay.fixedDelay`, f.delay.fixedDelay), percentage: { value: f.delay.percentage } };
  }
  let abort: any;
  if (f.abort !== undefined) {
    const a = f.abort;
    if ((a.httpStatus === undefined) === (a.grpcStatus === undefined)) {
      throw meshError(scope, `${prop}.abort`, `must have exactly one of httpStatus and grpcStatus, got ${a.httpStatus === undefined ? 'neither' : 'both'}`,
        'Set httpStatus (such as 503) for HTTP callers or grpcStatus (such as \'UNAVAILABLE\') for gRPC callers');
    }
    requireInteger(scope, `${prop}.abort.httpStatus`, a.httpStatus, 200, 599);
    requirePercent(scope, `${prop}.abort.percentage`, a.percentage);
    if (a.percentage === undefined) {
      throw meshError(scope, `${prop}.abort.percentage`, 'is required (without it Istio aborts no request), got undefined', 'Set percentage: 100 to abort every matching request');
    }
    abort = compact({ httpStatus: a.httpStatus, grpcStatus: a.grpcStatus, percentage: { value: a.percentage } });
  }
  return compact({ delay, abort });
}

/**
 * Renders `mirror` with `mirrorPercentage`, or `mirrors`; never both forms, which Istio would both apply. A
 * mirror has no weight or headers: refused rather than dropped.
 */
export function renderMirrors(scope: IConstruct, prop: string, o: { mirror?: any; mirrorPercentage?: number; mirrors?: any[] }): any {
  if (o.mirrors !== undefined && (o.mirror !== undefined || o.mirrorPercentage !== undefined)) {
    throw meshError(scope, `${prop}.mirrors`, `cannot be combined with ${o.mirror !== undefined ? 'mirror' : 'mirrorPercentage'} (Istio would mirror to both), got both`,
      'Move the mirror into mirrors, with its percentage');
  }
  if (o.mirrorPercentage !== undefined && o.mirror === undefined) {
    throw meshError(scope, `${prop}.mirrorPercentage`, `needs mirror, got ${shown(o.mirrorPercentage)} without one`, 'Set mirror or remove mirrorPercentage');
  }
  requirePercent(scope, `${prop}.mirrorPercentage`, o.mirrorPercentage);
  if (o.mirror !== undefined) {
    for (const field of ['weight', 'headers']) {
      if (o.mirror[field] !== undefined) {
        throw meshError(scope, `${prop}.mirror.${field}`, `does not apply to a mirror (Istio has no such field there), got ${shown(o.mirror[field])}`, `Remove ${field}`);
      }
    }
  }
  let mirrors: any[] | undefined;
  if (o.mirrors !== undefined) {
    if (!Array.isArray(o.mirrors) || o.mirrors.length === 0) {
      throw meshError(scope, `${prop}.mirrors`, `must not be empty when given, got ${shown(o.mirrors)}`, 'Omit it for no mirroring');
    }
    mirrors = o.mirrors.map((m, i) => {
      requirePercent(scope, `${prop}.mirrors[${i}].percentage`, m?.percentage);
      return compact({
        destination: renderDestination(scope, `${prop}.mirrors[${i}]`, m),
        percentage: m.percentage === undefined ? undefined : { value: m.percentage },
      });
    });
  }
  return compact({
    mirror: o.mirror === undefined ? undefined : renderDestination(scope, `${prop}.mirror`, o.mirror),
    mirrorPercentage: o.mirrorPercentage === undefined ? undefined : { value: o.mirrorPercentage },
    mirrors,
  });
}

/** Renders a `CorsPolicy` struct. */
export function renderCors(scope: IConstruct, prop: string, c: any): any {
  if (c === undefined) return undefined;
  if (!Array.isArray(c.allowOrigins) || c.allowOrigins.length === 0) {
    throw meshError(scope, `${prop}.allowOrigins`, `must list at least one origin, got ${shown(c.allowOrigins)}`, 'Use StringMatch.exact(\'https://app.example.com\')');
  }
  if (c.unmatchedPreflights !== undefined && !UNMATCHED_PREFLIGHTS.includes(c.unmatchedPreflights)) {
    throw meshError(scope, `${prop}.unmatchedPreflights`, `must be one of ${UNMATCHED_PREFLIGHTS.join(', ')}, got ${shown(c.unmatchedPreflights)}`);
  }
  return compact({
    allowOrigins: c.allowOrigins.map((m: any, i: number) => renderMatch(scope, `${prop}.allowOrigins[${i}]`, m)),
    allowMethods: c.allowMethods,
    allowHeaders: c.allowHeaders,
    exposeHeaders: c.exposeHeaders,
    maxAge: optionalDuration(scope, `${prop}.maxAge`, c.maxAge),
    allowCredentials: c.allowCredentials,
    unmatchedPreflights: c.unmatchedPreflights,
  });
}

/** Renders `delegate: { name, namespace }`. */
export function renderDelegate(scope: IConstruct, prop: string, d: any): any {
  if (d === undefined) return undefined;
  if (!d || !isDnsSubdomain(d.name)) {
    throw meshError(scope, `${prop}.name`, `must be the name of a VirtualService (a DNS-1123 subdomain), got ${shown(d?.name)}`,
      'Use the metadata.name of the delegate VirtualService');
  }
  if (d.namespace !== undefined && !isDnsLabel(d.namespace)) {
    throw meshError(scope, `${prop}.namespace`, `must be a namespace (a DNS-1123 label), got ${shown(d.namespace)}`,
      'Use the namespace of the delegate VirtualService, or omit it for this one');
  }
  return compact({ name: d.name, namespace: d.namespace });
}

/**
 * Refuses regex matches on either side of a delegation, as Istio's webhook does ("does not support regex
 * match for delegating"): the merged routes could not be checked for overlap.
 */
export function requireNoRegex(scope: IConstruct, prop: string, m: any, where: string): void {
  const single = ['uri', 'scheme', 'method', 'authority'];
  const maps = ['headers', 'queryParams', 'withoutHeaders'];
  const found: Array<[string, any]> = single.filter(k => m?.[k]?.kind === 'regex').map((k): [string, any] => [k, m[k]]);
  for (const k of maps) {
    for (const [name, match] of Object.entries(m?.[k] ?? {})) {
      if ((match as any)?.kind === 'regex') found.push([`${k}.${name}`, match]);
    }
  }
  if (found.length > 0) {
    const [field, match] = found[0];
    throw meshError(scope, `${prop}.${field}`, `cannot be a regex match in ${where} (Istio refuses regex matches on both sides of a delegation), got regex ${shown(match.value)}`,
      'Use StringMatch.exact() or StringMatch.prefix()');
  }
}
