import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { HttpMatchRequest } from './http-match';
import { HttpRouteOptions } from './http-route-options';
import { HttpRetryPolicy } from './retry-policy';
import { renderDuration } from '../core/duration';
import { meshError, requireInteger, shown } from '../core/errors';
import { IDEMPOTENT_METHODS } from '../core/http-methods';
import { DEFAULT_ROUTE_TIMEOUT } from '../core/timeouts';
import { renderHeaders, renderWeightedDestinations } from './private/destinations';
import { renderCors, renderDelegate, renderFault, renderMirrors, requireNoRegex } from './private/http-route';
import { renderMatch, renderMatchMap } from './private/match';
import { compact, durationMillis, optionalDuration, renderIstioDuration, renderLabels, requireNonEmptyStrings, requirePort } from './private/render';

/** Methods that RFC 9110 defines as idempotent: the only ones a route may retry by default. */

/**
 * Istio leaves the timeout off when the field is absent; we emit this instead, except in a delegate
 * VirtualService, where an absent timeout takes the root route's (`mergeHTTPRoute` in pilot).
 */
const DEFAULT_TIMEOUT = DEFAULT_ROUTE_TIMEOUT;

/**
 * An HTTP route of a VirtualService, as returned by `VirtualService.addHttpRoute()`. Rendered and
 * validated when added.
 */
export class HttpRoute {
  /**
   * @param inDelegate whether the route belongs to a delegate VirtualService (no nested delegation, no regex)
   * @internal
   */
  public static _create(scope: IConstruct, prop: string, options: HttpRouteOptions, inDelegate: boolean = false): HttpRoute {
    return new HttpRoute(scope, prop, options, inDelegate);
  }

  /**
   * The route's name, if given.
   * @default - none: the route is unnamed (Envoy logs and stats show no route name)
   */
  public readonly name?: string;

  /**
   * Whether every match of the route pins an idempotent method (GET, HEAD, OPTIONS, TRACE, PUT, DELETE)
   * exactly, so that retries cannot repeat a POST or PATCH.
   */
  public readonly idempotentOnly: boolean;

  /** The rendered `HTTPRoute`. */
  private readonly rendered: any;

  private constructor(scope: IConstruct, prop: string, options: HttpRouteOptions, inDelegate: boolean) {
    const o = options ?? {};
    this.name = o.name;
    const reason = nonIdempotentReason(o.matches);
    this.idempotentOnly = reason === undefined;

    const forwards = o.destinations !== undefined;
    const delegates = o.delegate !== undefined;
    const actions = [forwards, delegates, o.redirect !== undefined, o.directResponse !== undefined].filter(x => x).length;
    if (actions !== 1) {
      throw meshError(scope, prop, `must have exactly one of destinations, delegate, redirect and directResponse, got ${actions}`,
        'Forward with destinations or delegate, or answer with redirect or directResponse');
    }
    if (!forwards && !delegates) {
      for (const [field, value] of [['rewrite', o.rewrite], ['fault', o.fault], ['retries', o.retries], ['timeout', o.timeout], ['mirror', o.mirror], ['mirrors', o.mirrors]] as const) {
        if (value !== undefined) {
          throw meshError(scope, `${prop}.${field}`, 'has no effect on a route that answers with redirect or directResponse', `Remove ${field}`);
        }
      }
    }
    if (delegates && inDelegate) {
      throw meshError(scope, `${prop}.delegate`, 'cannot be used in a delegate VirtualService: Istio supports only one level of delegation',
        'Route to destinations here, or move this route into the root VirtualService');
    }
    if (delegates || inDelegate) {
      (o.matches ?? []).forEach((m, i) => requireNoRegex(scope, `${prop}.matches[${i}]`, m,
        delegates ? 'a route that delegates' : 'a delegate VirtualService'));
    }

    const timeout = forwards || delegates ? routeTimeout(scope, prop, o, inDelegate) : undefined;
    this.rendered = compact({
      name: o.name,
      match: o.matches === undefined ? undefined : o.matches.map((m, i) => renderHttpMatch(scope, `${prop}.matches[${i}]`, m)),
      route: forwards ? renderWeightedDestinations(scope, `${prop}.destinations`, o.destinations!, true) : undefined,
      delegate: renderDelegate(scope, `${prop}.delegate`, o.delegate),
      redirect: renderRedirect(scope, `${prop}.redirect`, o),
      directResponse: renderDirectResponse(scope, `${prop}.directResponse`, o),
      rewrite: renderRewrite(scope, `${prop}.rewrite`, o),
      timeout: timeout === undefined ? undefined : renderIstioDuration(scope, `${prop}.timeout`, timeout),
      retries: forwards || delegates ? renderRetries(scope, prop, o, timeout, reason) : undefined,
      fault: renderFault(scope, `${prop}.fault`, o.fault),
      ...renderMirrors(scope, prop, o),
      headers: renderHeaders(scope, `${prop}.headers`, o.headers),
      corsPolicy: renderCors(scope, `${prop}.corsPolicy`, o.corsPolicy),
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
    if (!IDEMPOTENT_METHODS.has(method.value)) return `has matches[${i}].method ${method.value}, which is not idempotent`;
  }
  return undefined;
}

/**
 * The route's timeout: the user's, else 15s. In a delegate VirtualService only the user's: Istio copies the
 * root route's timeout (and retries) into a delegate route that has none, and a default here would override it.
 */
function routeTimeout(scope: IConstruct, prop: string, o: HttpRouteOptions, inDelegate: boolean): Duration | undefined {
  if (o.unsafeNoTimeout) {
    if (o.timeout !== undefined) {
      throw meshError(scope, `${prop}.unsafeNoTimeout`, 'cannot be combined with timeout, got both', 'Remove one of them');
    }
    if (inDelegate) {
      throw meshError(scope, `${prop}.unsafeNoTimeout`,
        'has no effect in a delegate VirtualService: Istio copies the root route\'s timeout into a delegate route without one, got true',
        'Set unsafeNoTimeout on the root route that delegates here, or give this route a timeout');
    }
    return undefined;
  }
  return o.timeout ?? (inDelegate ? undefined : DEFAULT_TIMEOUT);
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
  const perTry = optionalDuration(scope, `${prop}.retries.perTryTimeout`, r.perTryTimeout);
  if (r.perTryTimeout !== undefined && timeout !== undefined) {
    const total = durationMillis(scope, `${prop}.retries.perTryTimeout`, r.perTryTimeout) * (r.attempts + 1);
    if (total > durationMillis(scope, `${prop}.timeout`, timeout)) {
      const t = renderIstioDuration(scope, `${prop}.timeout`, timeout);
      throw meshError(scope, `${prop}.retries.perTryTimeout`,
        `× (attempts + 1) = ${perTry} × (${r.attempts} + 1) = ${renderDuration(scope, `${prop}.retries.perTryTimeout`, Duration.millis(total))} exceeds the route timeout of ${t}, so the last attempts could never run`,
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
    retryIgnorePreviousHosts: r.retryIgnorePreviousHosts,
    backoff: optionalDuration(scope, `${prop}.retries.backoff`, r.backoff),
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
