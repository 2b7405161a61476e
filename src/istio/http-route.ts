import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { HttpMatchRequest } from './http-match';
import { HttpRouteOptions } from './http-route-options';
import { HttpRetryPolicy } from './retry-policy';
import { renderDuration } from '../private/duration';
import { meshError, requireInteger, shown } from '../private/errors';
import { renderDestination, renderHeaders, renderWeightedDestinations } from '../private/istio-destinations';
import { renderMatch, renderMatchMap } from '../private/istio-match';
import { compact, renderLabels, requireNonEmptyStrings, requirePercent, requirePort } from '../private/istio-render';

/** Methods that RFC 9110 defines as idempotent: the only ones a route may retry by default. */
const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'];

/** Istio leaves the timeout off when the field is absent; we emit this instead. */
const DEFAULT_TIMEOUT = Duration.seconds(15);

/**
 * An HTTP route of a VirtualService, as returned by `VirtualService.addHttpRoute()`. Rendered and
 * validated when added.
 */
export class HttpRoute {
  /** @internal */
  public static _create(scope: IConstruct, prop: string, options: HttpRouteOptions): HttpRoute {
    return new HttpRoute(scope, prop, options);
  }

  /** The route's name, if given. */
  public readonly name?: string;

  /**
   * Whether every match of the route pins an idempotent method (GET, HEAD, OPTIONS, TRACE, PUT, DELETE)
   * exactly, so that retries cannot repeat a POST or PATCH.
   */
  public readonly idempotentOnly: boolean;

  /** The rendered `HTTPRoute`. */
  private readonly rendered: any;

  private constructor(scope: IConstruct, prop: string, options: HttpRouteOptions) {
    const o = options ?? {};
    this.name = o.name;
    const reason = nonIdempotentReason(o.matches);
    this.idempotentOnly = reason === undefined;

    const forwards = o.destinations !== undefined;
    const actions = [forwards, o.redirect !== undefined, o.directResponse !== undefined].filter(x => x).length;
    if (actions !== 1) {
      throw meshError(scope, prop, `must have exactly one of destinations, redirect and directResponse, got ${actions}`,
        'Forward with destinations, or answer with redirect or directResponse');
    }
    if (!forwards) {
      for (const [field, value] of [['rewrite', o.rewrite], ['fault', o.fault], ['retries', o.retries], ['timeout', o.timeout], ['mirror', o.mirror]] as const) {
        if (value !== undefined) {
          throw meshError(scope, `${prop}.${field}`, 'has no effect on a route that answers with redirect or directResponse', `Remove ${field}`);
        }
      }
    }

    const timeout = forwards ? routeTimeout(scope, prop, o) : undefined;
    this.rendered = compact({
      name: o.name,
      match: o.matches === undefined ? undefined : o.matches.map((m, i) => renderHttpMatch(scope, `${prop}.matches[${i}]`, m)),
      route: forwards ? renderWeightedDestinations(scope, `${prop}.destinations`, o.destinations!, true) : undefined,
      redirect: renderRedirect(scope, `${prop}.redirect`, o),
      directResponse: renderDirectResponse(scope, `${prop}.directResponse`, o),
      rewrite: renderRewrite(scope, `${prop}.rewrite`, o),
      timeout: timeout === undefined ? undefined : renderDuration(scope, `${prop}.timeout`, timeout),
      retries: forwards ? renderRetries(scope, prop, o, timeout, reason) : undefined,
      fault: renderFault(scope, `${prop}.fault`, o),
      mirror: o.mirror === undefined ? undefined : renderDestination(scope, `${prop}.mirror`, o.mirror),
      mirrorPercentage: renderMirrorPercentage(scope, prop, o),
      headers: renderHeaders(scope, `${prop}.headers`, o.headers),
      corsPolicy: renderCors(scope, `${prop}.corsPolicy`, o),
    });
  }

  /** @internal */
  public _render(): any {
    return this.rendered;
  }
}

function nonIdempotentReason(matches: HttpMatchRequest[] | undefined): string | undefined {
  if (!matches || matches.length === 0) return 'has no match, so it matches every method, POST included';
  for (let i = 0; i < matches.length; i++) {
    const method = matches[i].method;
    if (!method) return `has matches[${i}] without a method, so it matches every method, POST included`;
    if (method.kind !== 'exact') return `has matches[${i}].method as a ${method.kind} match, which may match POST`;
    if (!IDEMPOTENT_METHODS.includes(method.value)) return `has matches[${i}].method ${method.value}, which is not idempotent`;
  }
  return undefined;
}

function routeTimeout(scope: IConstruct, prop: string, o: HttpRouteOptions): Duration | undefined {
  if (o.unsafeNoTimeout) {
    if (o.timeout !== undefined) {
      throw meshError(scope, `${prop}.unsafeNoTimeout`, 'cannot be combined with timeout', 'Remove one of them');
    }
    return undefined;
  }
  return o.timeout ?? DEFAULT_TIMEOUT;
}

function renderRetries(scope: IConstruct, prop: string, o: HttpRouteOptions, timeout: Duration | undefined, reason: string | undefined): any {
  const r: HttpRetryPolicy | undefined = o.retries;
  const unsafe = o.allowUnsafeRetriesOfNonIdempotentRequests === true;
  if (r === undefined) {
    return reason !== undefined && !unsafe ? { attempts: 0 } : undefined;
  }
  requireInteger(scope, `${prop}.retries.attempts`, r.attempts, 0, 2147483647);
  if (r.attempts === undefined) throw meshError(scope, `${prop}.retries.attempts`, 'is required');
  if (r.attempts > 0 && reason !== undefined && !unsafe) {
    throw meshError(scope, `${prop}.retries.attempts`, `is ${r.attempts}, but the route ${reason}: a retried POST can execute twice (istio/istio#50506)`,
      'Add a route whose matches pin idempotent methods (StringMatch.exact(\'GET\')) for the retries and keep this one at attempts 0, or set allowUnsafeRetriesOfNonIdempotentRequests: true');
  }
  const perTry = r.perTryTimeout === undefined ? undefined : renderDuration(scope, `${prop}.retries.perTryTimeout`, r.perTryTimeout);
  if (r.perTryTimeout !== undefined && timeout !== undefined) {
    const total = r.perTryTimeout.toMilliseconds() * (r.attempts + 1);
    if (total > timeout.toMilliseconds()) {
      const t = renderDuration(scope, `${prop}.timeout`, timeout);
      throw meshError(scope, `${prop}.retries.perTryTimeout`,
        `× (attempts + 1) = ${perTry} × (${r.attempts} + 1) = ${renderDuration(scope, prop, Duration.millis(total))} exceeds the route timeout of ${t}, so the last attempts could never run`,
        'Lower perTryTimeout or attempts, or raise timeout');
    }
  }
  let retryOn: string | undefined;
  if (r.retryOn !== undefined) {
    if (r.retryOn.length === 0) throw meshError(scope, `${prop}.retries.retryOn`, 'must not be empty when given', 'Omit it for Istio\'s default conditions');
    retryOn = r.retryOn.map((c, i) => {
      if (!c || typeof c.value !== 'string') throw meshError(scope, `${prop}.retries.retryOn[${i}]`, 'must be a RetryOn');
      if (c.code !== undefined) requireInteger(scope, `${prop}.retries.retryOn[${i}]`, c.code, 100, 599);
      return c.value;
    }).join(',');
  }
  return compact({
    attempts: r.attempts,
    perTryTimeout: perTry,
    retryOn,
    retryRemoteLocalities: r.retryRemoteLocalities,
    backoff: r.backoff === undefined ? undefined : renderDuration(scope, `${prop}.retries.backoff`, r.backoff),
  });
}

function renderHttpMatch(scope: IConstruct, prop: string, m: HttpMatchRequest): any {
  requirePort(scope, `${prop}.port`, m.port);
  requireNonEmptyStrings(scope, `${prop}.gateways`, m.gateways);
  for (const [name, match] of Object.entries(m.queryParams ?? {})) {
    if (match?.kind === 'prefix') {
      throw meshError(scope, `${prop}.queryParams.${name}`, 'cannot be a prefix match (Istio supports exact and regex here)', 'Use StringMatch.exact() or StringMatch.regex()');
    }
  }
  return compact({
    name: m.name,
    uri: renderMatch(scope, `${prop}.uri`, m.uri),
    scheme: renderMatch(scope, `${prop}.scheme`, m.scheme),
    method: renderMatch(scope, `${prop}.method`, m.method),
    authority: renderMatch(scope, `${prop}.authority`, m.authority),
    headers: renderMatchMap(scope, `${prop}.headers`, m.headers),
    withoutHeaders: renderMatchMap(scope, `${prop}.withoutHeaders`, m.withoutHeaders),
    queryParams: renderMatchMap(scope, `${prop}.queryParams`, m.queryParams),
    port: m.port,
    sourceLabels: renderLabels(scope, `${prop}.sourceLabels`, m.sourceLabels),
    sourceNamespace: m.sourceNamespace,
    gateways: m.gateways,
    ignoreUriCase: m.ignoreUriCase,
  });
}

function renderRedirect(scope: IConstruct, prop: string, o: HttpRouteOptions): any {
  const r = o.redirect;
  if (r === undefined) return undefined;
  if (o.rewrite !== undefined) throw meshError(scope, prop, 'cannot be combined with rewrite (Istio rejects it)', 'Remove rewrite');
  if (o.fault !== undefined) throw meshError(scope, prop, 'cannot be combined with fault (Istio rejects it)', 'Remove fault');
  if (r.port !== undefined && r.derivePort !== undefined) {
    throw meshError(scope, prop, 'cannot set both port and derivePort', 'Keep one of them');
  }
  requirePort(scope, `${prop}.port`, r.port);
  if (r.redirectCode !== undefined && ![301, 302, 303, 307, 308].includes(r.redirectCode)) {
    throw meshError(scope, `${prop}.redirectCode`, `must be 301, 302, 303, 307 or 308, got ${shown(r.redirectCode)}`);
  }
  return compact({ uri: r.uri, authority: r.authority, port: r.port, derivePort: r.derivePort, scheme: r.scheme, redirectCode: r.redirectCode });
}

function renderDirectResponse(scope: IConstruct, prop: string, o: HttpRouteOptions): any {
  const d = o.directResponse;
  if (d === undefined) return undefined;
  requireInteger(scope, `${prop}.status`, d.status, 200, 599);
  return compact({ status: d.status, body: d.body === undefined ? undefined : { string: d.body } });
}

function renderRewrite(scope: IConstruct, prop: string, o: HttpRouteOptions): any {
  const r = o.rewrite;
  if (r === undefined) return undefined;
  if ((r.uriRegexMatch === undefined) !== (r.uriRegexRewrite === undefined)) {
    throw meshError(scope, prop, 'needs both uriRegexMatch and uriRegexRewrite, or neither');
  }
  if (r.uri !== undefined && r.uriRegexMatch !== undefined) {
    throw meshError(scope, prop, 'cannot set both uri and uriRegexMatch', 'Keep one of them');
  }
  if (r.uri === undefined && r.authority === undefined && r.uriRegexMatch === undefined) {
    throw meshError(scope, prop, 'must set uri, authority or uriRegexMatch', 'Remove rewrite if nothing changes');
  }
  return compact({
    uri: r.uri,
    authority: r.authority,
    uriRegexRewrite: r.uriRegexMatch === undefined ? undefined : { match: r.uriRegexMatch, rewrite: r.uriRegexRewrite },
  });
}

function renderFault(scope: IConstruct, prop: string, o: HttpRouteOptions): any {
  const f = o.fault;
  if (f === undefined) return undefined;
  if (f.delay === undefined && f.abort === undefined) {
    throw meshError(scope, prop, 'must have a delay or an abort', 'Remove fault');
  }
  let delay: any;
  if (f.delay !== undefined) {
    requirePercent(scope, `${prop}.delay.percentage`, f.delay.percentage);
    if (f.delay.percentage === undefined) throw meshError(scope, `${prop}.delay.percentage`, 'is required: without it Istio delays no request');
    delay = { fixedDelay: renderDuration(scope, `${prop}.delay.fixedDelay`, f.delay.fixedDelay), percentage: { value: f.delay.percentage } };
  }
  let abort: any;
  if (f.abort !== undefined) {
    const a = f.abort;
    if ((a.httpStatus === undefined) === (a.grpcStatus === undefined)) {
      throw meshError(scope, `${prop}.abort`, 'must have exactly one of httpStatus and grpcStatus');
    }
    requireInteger(scope, `${prop}.abort.httpStatus`, a.httpStatus, 200, 599);
    requirePercent(scope, `${prop}.abort.percentage`, a.percentage);
    if (a.percentage === undefined) throw meshError(scope, `${prop}.abort.percentage`, 'is required: without it Istio aborts no request');
    abort = compact({ httpStatus: a.httpStatus, grpcStatus: a.grpcStatus, percentage: { value: a.percentage } });
  }
  return compact({ delay, abort });
}

function renderMirrorPercentage(scope: IConstruct, prop: string, o: HttpRouteOptions): any {
  if (o.mirrorPercentage === undefined) return undefined;
  if (o.mirror === undefined) throw meshError(scope, `${prop}.mirrorPercentage`, 'needs mirror', 'Set mirror or remove mirrorPercentage');
  requirePercent(scope, `${prop}.mirrorPercentage`, o.mirrorPercentage);
  return { value: o.mirrorPercentage };
}

function renderCors(scope: IConstruct, prop: string, o: HttpRouteOptions): any {
  const c = o.corsPolicy;
  if (c === undefined) return undefined;
  if (!Array.isArray(c.allowOrigins) || c.allowOrigins.length === 0) {
    throw meshError(scope, `${prop}.allowOrigins`, 'must list at least one origin', 'Use StringMatch.exact(\'https://app.example.com\')');
  }
  return compact({
    allowOrigins: c.allowOrigins.map((m, i) => renderMatch(scope, `${prop}.allowOrigins[${i}]`, m)),
    allowMethods: c.allowMethods,
    allowHeaders: c.allowHeaders,
    exposeHeaders: c.exposeHeaders,
    maxAge: c.maxAge === undefined ? undefined : renderDuration(scope, `${prop}.maxAge`, c.maxAge),
    allowCredentials: c.allowCredentials,
  });
}
