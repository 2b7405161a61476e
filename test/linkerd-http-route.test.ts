import { Chart, Duration, Testing } from 'cdk8s';
import { HttpMethod } from '../src/core/http-method';
import { HeaderMatch, HttpRouteFilter, PathMatch, PathModifier, QueryParamMatch, RedirectScheme, RouteParent } from '../src/gateway-api';
import { HttpRetryCondition, HttpRoute, HttpRouteApiGroup, ServiceProfile } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('HttpRoute', () => {
  test('attaches to a Service with a catch-all rule last', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    const route = new HttpRoute(chart, 'Route', { metadata: { name: 'payments' }, parents: [RouteParent.service('payments', 8080)] });
    const added = route.addRule({ matches: [{ path: PathMatch.prefix('/api/v2'), method: HttpMethod.GET }], backends: [{ name: 'payments-v2', port: 8080 }] });

    // THEN
    const [obj] = synthValid(chart);
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(obj.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'payments', port: 8080 }]);
    expect(obj.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/api/v2' }, method: 'GET' }], backendRefs: [{ name: 'payments-v2', port: 8080 }], timeouts: { request: '15s' } },
      { backendRefs: [{ name: 'payments', port: 8080 }], timeouts: { request: '15s' } },
    ]);
    expect(added.index).toBe(0);
    expect(added.requestTimeout?.toSeconds()).toBe(15);
    expect(obj).toMatchSnapshot();
  });

  test('gives every rule, the catch-all included, a 15s request timeout unless it sets its own', () => {
    // GIVEN
    const chart = testChart('production');
    const route = new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)] });

    // WHEN
    const first = route.addRule({ matches: [{ path: PathMatch.prefix('/reports') }], timeouts: { request: Duration.seconds(60) } });
    const second = route.addRule({ matches: [{ path: PathMatch.prefix('/api') }], timeouts: { backendRequest: Duration.seconds(5) } });

    // THEN
    expect(synthValid(chart)[0].spec.rules.map((r: any) => r.timeouts)).toEqual([
      { request: '1m' },
      { request: '15s', backendRequest: '5s' },
      { request: '15s' },
    ]);
    expect([first.index, first.requestTimeout?.toSeconds()]).toEqual([0, 60]);
    expect([second.index, second.requestTimeout?.toSeconds()]).toEqual([1, 15]);
  });

  test('leaves the request timeout of every rule to the route\'s annotation when it sets one', () => {
    const chart = testChart('production');
    const route = new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)], timeouts: { request: Duration.seconds(3) } });
    const added = route.addRule({ matches: [{ path: PathMatch.prefix('/api') }], timeouts: { backendRequest: Duration.seconds(1) } });
    const [obj] = synthValid(chart);
    expect(obj.metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '3s' });
    expect(obj.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], timeouts: { backendRequest: '1s' } },
      { backendRefs: [{ name: 'payments', port: 8080 }] },
    ]);
    expect(added.requestTimeout?.toSeconds()).toBe(3);
  });

  test('renders no request timeout with unsafeNoTimeout', () => {
    const chart = testChart('production');
    const route = new HttpRoute(chart, 'Stream', { parents: [RouteParent.service('events', 8080)], unsafeNoTimeout: true });
    const added = route.addRule({ matches: [{ path: PathMatch.prefix('/stream') }] });
    const [obj] = synthValid(chart);
    expect(obj.metadata.annotations).toBeUndefined();
    expect(obj.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/stream' } }] },
      { backendRefs: [{ name: 'events', port: 8080 }] },
    ]);
    expect(added).toEqual({ index: 0, requestTimeout: undefined });
  });

  test('accepts a request of 0s (no timeout) with a backendRequest on a Gateway API HTTPRoute, as its CEL rule does', () => {
    const chart = testChart('production');
    const route = new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)], catchAll: false, unsafeNoTimeout: true });
    const added = route.addRule({ timeouts: { request: Duration.seconds(0), backendRequest: Duration.seconds(5) } });
    expect(synthValid(chart)[0].spec.rules).toEqual([{ timeouts: { request: '0s', backendRequest: '5s' } }]);
    expect(added.requestTimeout).toBeUndefined();
  });

  test('renders typed retry and timeout annotations on a GET-only route', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Reads', {
      parents: [RouteParent.service('payments', 8080)],
      catchAll: false,
      rules: [{ matches: [{ path: PathMatch.prefix('/api/payments'), method: HttpMethod.GET }], backends: [{ name: 'payments', port: 8080 }] }],
      retry: { http: [HttpRetryCondition.GATEWAY_ERROR, HttpRetryCondition.range(500, 503)], limit: 2, timeout: Duration.millis(300) },
      timeouts: { request: Duration.seconds(2), idle: Duration.minutes(1) },
    });
    expect(synthValid(chart)[0].metadata.annotations).toEqual({
      'retry.linkerd.io/http': 'gateway-error,500-503',
      'retry.linkerd.io/limit': '2',
      'retry.linkerd.io/timeout': '300ms',
      'timeout.linkerd.io/request': '2s',
      'timeout.linkerd.io/idle': '1m',
    });
  });

  test('renders Linkerd\'s policy HTTPRoute with rule timeouts for a Server', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Inbound', {
      apiGroup: HttpRouteApiGroup.POLICY,
      parents: [RouteParent.serverNamed('payments-http')],
      rules: [{ matches: [{ path: PathMatch.exact('/healthz') }], timeouts: { request: Duration.seconds(5), backendRequest: Duration.seconds(5) } }],
    });
    const [obj] = synthValid(chart);
    expect(obj.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(obj.spec.rules).toEqual([{ matches: [{ path: { type: 'Exact', value: '/healthz' } }], timeouts: { request: '5s', backendRequest: '5s' } }]);
  });

  test('fails when backendRequest exceeds request', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)] });
    expect(() => route.addRule({ timeouts: { request: Duration.seconds(1), backendRequest: Duration.seconds(2) } }))
      .toThrow('[test/Route] rules[0].timeouts.backendRequest must not exceed timeouts.request (1s), got 2s. The Gateway API refuses it unless the request timeout is 0s (none): an attempt cannot outlast the request');
    expect(() => route.addRule({ timeouts: { backendRequest: Duration.seconds(20) } }))
      .toThrow('[test/Route] rules[0].timeouts.backendRequest must not exceed timeouts.request (15s, the default), got 20s. The Gateway API refuses it unless the request timeout is 0s (none): an attempt cannot outlast the request');
  });

  test('fails when a policy HTTPRoute has a request of 0s and a backendRequest, which Linkerd\'s webhook refuses', () => {
    const route = new HttpRoute(testChart('production'), 'Inbound', { apiGroup: HttpRouteApiGroup.POLICY, parents: [RouteParent.serverNamed('web')], unsafeNoTimeout: true });
    expect(() => route.addRule({ timeouts: { request: Duration.seconds(0), backendRequest: Duration.seconds(5) } }))
      .toThrow('[test/Inbound] rules[0].timeouts.backendRequest must not exceed timeouts.request (0s), got 5s. Linkerd\'s webhook refuses it on a policy.linkerd.io HTTPRoute, even with a request of 0s: an attempt cannot outlast the request');
  });

  test('fails when a rule disables its request timeout without unsafeNoTimeout', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)] });
    expect(() => route.addRule({ timeouts: { request: Duration.seconds(0) } }))
      .toThrow('[test/Route] rules[0].timeouts.request must not be 0s, which disables the request timeout, unless the route sets unsafeNoTimeout, got 0s. Give the rule a request timeout, or set unsafeNoTimeout: true on the route');
  });

  test('fails when a rule sets a request timeout the route\'s annotation would override', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)], timeouts: { request: Duration.seconds(3) } });
    expect(() => route.addRule({ timeouts: { request: Duration.seconds(30) } }))
      .toThrow('[test/Route] rules[0].timeouts.request must not be set on a route with timeouts.request (3s), got 30s. Linkerd applies the route\'s timeout.linkerd.io/request annotation instead of the rule\'s field: remove one of them');
  });

  test('fails when unsafeNoTimeout meets a route request timeout, or that timeout is 0s', () => {
    expect(() => new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)], timeouts: { request: Duration.seconds(3) }, unsafeNoTimeout: true }))
      .toThrow('[test/Route] unsafeNoTimeout cannot be combined with timeouts.request, got both. Remove one of them');
    expect(() => new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)], timeouts: { request: Duration.seconds(0) } }))
      .toThrow('[test/Route] timeouts.request must be at least 1ms, got 0ms. To give the route no request timeout, leave timeouts.request unset and set unsafeNoTimeout: true');
  });

  test('fails when retries would apply to POST through the catch-all', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Route', {
      parents: [RouteParent.service('payments', 8080)],
      rules: [{ matches: [{ method: HttpMethod.GET }] }],
      retry: { http: [HttpRetryCondition.FIVE_XX] },
    });
    expect(() => Testing.synth(chart)).toThrow('[test/Route] retry must not be set on a route that can match POST, PATCH or CONNECT (its catch-all rule matches every method). Linkerd applies a route\'s retries to all its rules');
  });

  test('fails when retries would apply to rules that can match POST', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Route', {
      parents: [RouteParent.service('payments', 8080)],
      catchAll: false,
      rules: [{ matches: [{ method: HttpMethod.GET }, { method: HttpMethod.POST }] }, { matches: [{ path: PathMatch.prefix('/api') }] }],
      retry: { http: [HttpRetryCondition.FIVE_XX] },
    });
    expect(() => Testing.synth(chart)).toThrow('[test/Route] retry must not be set on a route that can match POST, PATCH or CONNECT (rules[0].matches[1] matches POST; rules[1].matches[0] matches every method). Linkerd applies a route\'s retries to all its rules: give each rule a safe or idempotent method and keep the catch-all in a route without retries (catchAll: false here), or set allowUnsafeRetries: true');
  });

  test('fails when a ServiceProfile exists for the parent Service (Linkerd would ignore the route)', () => {
    // GIVEN a plain GAMMA route with no retry or timeout annotations
    const chart = testChart('production');
    new ServiceProfile(chart, 'Profile', { service: { name: 'payments' } });
    new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)] });
    // THEN
    expect(() => Testing.synth(chart)).toThrow('[test/Route] parents must not include Service "production/payments", which has the ServiceProfile test/Profile (payments.production.svc.cluster.local): Linkerd routes that Service by the profile and ignores this HTTPRoute (its backends, matches, filters, retries and timeouts). Drop the ServiceProfile (retries and timeouts go in retry.linkerd.io/* and timeout.linkerd.io/* on the route), or drop this route and move its rules into the ServiceProfile\'s routes and dstOverrides');
  });

  test('fails when retry or timeout annotations meet a ServiceProfile for the same Service', () => {
    const chart = testChart('production');
    new ServiceProfile(chart, 'Profile', { service: { name: 'payments' } });
    new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)], timeouts: { request: Duration.seconds(3) } });
    expect(() => Testing.synth(chart)).toThrow('[test/Route] parents must not include Service "production/payments", which has the ServiceProfile test/Profile');
  });

  test('a ServiceProfile for another Service or another namespace does not refuse the route', () => {
    // GIVEN
    const app = Testing.app();
    const production = new Chart(app, 'production', { namespace: 'production' });
    const staging = new Chart(app, 'staging', { namespace: 'staging' });
    new ServiceProfile(production, 'Other', { service: { name: 'ledger' } });
    new ServiceProfile(staging, 'Staging', { service: { name: 'payments' } });
    new HttpRoute(production, 'Route', { parents: [RouteParent.service('payments', 8080)] });
    // WHEN
    const kinds = synthValid(production).map(o => o.kind);
    // THEN
    expect(kinds).toEqual(['ServiceProfile', 'HTTPRoute']);
  });

  test('fails when the catch-all has no port to send to', () => {
    expect(() => new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments')] }))
      .toThrow('[test/Route] catchAll needs exactly one Service parent with a port, got ["payments:?"]. Give the parent a port with RouteParent.service(name, port), or set catchAll: false and add your own last rule');
  });

  test('fails when a backend has no valid port', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 80)] });
    expect(() => route.addRule({ backends: [{ name: 'x', port: 0 }] }))
      .toThrow('[test/Route] rules[0].backends[0].port must be a port from 1 to 65535, got 0. Linkerd refuses a Service backend without a port');
  });

  test('matches headers by regular expression and query parameters', () => {
    // GIVEN
    const chart = testChart('production');
    const route = new HttpRoute(chart, 'Route', { parents: [RouteParent.service('payments', 8080)] });

    // WHEN
    route.addRule({
      matches: [{
        path: PathMatch.prefix('/api'),
        headers: { 'x-tenant': 'acme' },
        headerMatches: [HeaderMatch.regex('user-agent', '^Mozilla/5\\.0 .*$')],
        queryParams: [QueryParamMatch.exact('debug', 'true'), QueryParamMatch.regex('region', '^eu-[a-z]+$')],
      }],
      backends: [{ name: 'payments-eu', port: 8080 }],
    });

    // THEN
    expect(synthValid(chart)[0].spec.rules[0]).toEqual({
      matches: [{
        path: { type: 'PathPrefix', value: '/api' },
        headers: [
          { name: 'x-tenant', type: 'Exact', value: 'acme' },
          { name: 'user-agent', type: 'RegularExpression', value: '^Mozilla/5\\.0 .*$' },
        ],
        queryParams: [
          { name: 'debug', type: 'Exact', value: 'true' },
          { name: 'region', type: 'RegularExpression', value: '^eu-[a-z]+$' },
        ],
      }],
      backendRefs: [{ name: 'payments-eu', port: 8080 }],
      timeouts: { request: '15s' },
    });
  });

  test('renders request and response header modifiers', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Route', {
      metadata: { name: 'payments' },
      parents: [RouteParent.service('payments', 8080)],
      rules: [{
        matches: [{ path: PathMatch.prefix('/api') }],
        filters: [
          HttpRouteFilter.requestHeaderModifier({ set: { 'x-route': 'api' }, add: { 'x-trace': 'on' }, remove: ['x-debug'] }),
          HttpRouteFilter.responseHeaderModifier({ remove: ['server'] }),
        ],
        backends: [{ name: 'payments', port: 8080 }],
      }],
    });
    const [obj] = synthValid(chart);
    expect(obj.spec.rules[0].filters).toEqual([
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-route', value: 'api' }], add: [{ name: 'x-trace', value: 'on' }], remove: ['x-debug'] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['server'] } },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('redirects a prefix without backends', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Route', {
      parents: [RouteParent.service('payments', 8080)],
      rules: [{
        matches: [{ path: PathMatch.prefix('/v1') }],
        filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, hostname: 'api.example.com', path: PathModifier.replacePrefixMatch('/v2'), statusCode: 308 })],
      }],
    });
    expect(synthValid(chart)[0].spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/v1' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', hostname: 'api.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' }, statusCode: 308 } }],
        timeouts: { request: '15s' },
      },
      { backendRefs: [{ name: 'payments', port: 8080 }], timeouts: { request: '15s' } },
    ]);
  });

  test('renders the filters of Linkerd\'s policy HTTPRoute', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Inbound', {
      apiGroup: HttpRouteApiGroup.POLICY,
      parents: [RouteParent.serverNamed('payments-http')],
      rules: [
        { matches: [{ path: PathMatch.exact('/old') }], filters: [HttpRouteFilter.requestRedirect({ path: PathModifier.replaceFullPath('/new'), port: 8443, statusCode: 301 })] },
        { filters: [HttpRouteFilter.requestHeaderModifier({ set: { 'l5d-dst-override': 'payments.production.svc.cluster.local:8080' } })] },
      ],
    });
    expect(synthValid(chart)[0].spec.rules).toEqual([
      { matches: [{ path: { type: 'Exact', value: '/old' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, port: 8443, statusCode: 301 } }], timeouts: { request: '15s' } },
      { filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'l5d-dst-override', value: 'payments.production.svc.cluster.local:8080' }] } }], timeouts: { request: '15s' } },
    ]);
  });

  test('fails when a filter is RequestMirror, URLRewrite or ExtensionRef, which Linkerd does not support', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)] });
    expect(() => route.addRule({ filters: [HttpRouteFilter.requestMirror({ name: 'payments-shadow', port: 8080 })] }))
      .toThrow('[test/Route] rules[0].filters[0] must not be a RequestMirror filter: Linkerd does not support it. Linkerd implements only RequestHeaderModifier, ResponseHeaderModifier and RequestRedirect: to try a new version on live traffic, send it a small weight through backends');
    expect(() => route.addRule({ filters: [HttpRouteFilter.urlRewrite(PathModifier.replaceFullPath('/x'))] }))
      .toThrow('[test/Route] rules[0].filters[0] must not be a URLRewrite filter: Linkerd does not support it. Linkerd implements only RequestHeaderModifier, ResponseHeaderModifier and RequestRedirect: do the rewrite in the application, or answer with HttpRouteFilter.requestRedirect()');
    expect(() => route.addRule({ filters: [HttpRouteFilter.extensionRef('example.com', 'Auth', 'jwt')] }))
      .toThrow('[test/Route] rules[0].filters[0] must not be an ExtensionRef filter: Linkerd does not support it.');
  });

  test('fails when a policy HTTPRoute gets a ResponseHeaderModifier or a 308 redirect', () => {
    const route = new HttpRoute(testChart('production'), 'Inbound', { apiGroup: HttpRouteApiGroup.POLICY, parents: [RouteParent.serverNamed('web')] });
    expect(() => route.addRule({ filters: [HttpRouteFilter.responseHeaderModifier({ remove: ['server'] })] }))
      .toThrow('[test/Inbound] rules[0].filters[0] must not be a ResponseHeaderModifier filter on a policy.linkerd.io HTTPRoute: its rules take only RequestHeaderModifier and RequestRedirect. Use the Gateway API HTTPRoute (apiGroup: HttpRouteApiGroup.GATEWAY)');
    expect(() => route.addRule({ filters: [HttpRouteFilter.requestRedirect({ statusCode: 308 })] }))
      .toThrow('[test/Inbound] rules[0].filters[0].requestRedirect.statusCode must be one of 301, 302 on a policy.linkerd.io HTTPRoute, got 308');
  });

  test('fails when a redirect has backends or a prefix replacement without one prefix match', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)] });
    expect(() => route.addRule({ filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS })], backends: [{ name: 'payments', port: 8080 }] }))
      .toThrow('[test/Route] rules[0].filters[0] must not be a RequestRedirect filter in a rule with backends. The redirect answers the request itself: remove the rule\'s backends');
    expect(() => route.addRule({ matches: [{ path: PathMatch.exact('/v1') }], filters: [HttpRouteFilter.requestRedirect({ path: PathModifier.replacePrefixMatch('/v2') })] }))
      .toThrow('[test/Route] rules[0].filters[0].requestRedirect.path replacePrefixMatch needs the rule to have exactly one match, with a PathMatch.prefix path, got 1 match(es). The Gateway API refuses it otherwise');
    expect(() => route.addRule({ filters: [HttpRouteFilter.requestRedirect({ path: PathModifier.replaceFullPath('v2') })] }))
      .toThrow('[test/Route] rules[0].filters[0].requestRedirect.path must start with "/", got "v2". Linkerd refuses redirects to relative paths');
  });

  test('fails when a filter kind repeats or a header modifier changes nothing', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)] });
    const modifier = HttpRouteFilter.requestHeaderModifier({ set: { a: '1' } });
    expect(() => route.addRule({ filters: [modifier, modifier] }))
      .toThrow('[test/Route] rules[0].filters[1] must not repeat the RequestHeaderModifier filter of this rule. The Gateway API allows each filter once per rule: merge them');
    expect(() => route.addRule({ filters: [HttpRouteFilter.requestHeaderModifier({})] }))
      .toThrow('[test/Route] rules[0].filters[0].requestHeaderModifier must set, add or remove at least one header, got none');
  });

  test('fails when a header is matched twice or a regex does not compile', () => {
    const route = new HttpRoute(testChart('production'), 'Route', { parents: [RouteParent.service('payments', 8080)] });
    expect(() => route.addRule({ matches: [{ headers: { 'X-Tenant': 'a' }, headerMatches: [HeaderMatch.exact('x-tenant', 'b')] }] }))
      .toThrow('[test/Route] rules[0].matches[0].headers must name each entry once, got "x-tenant" twice. The API server keeps one entry per name (header names are case-insensitive): combine them');
    expect(() => route.addRule({ matches: [{ headerMatches: [HeaderMatch.regex('user-agent', '(?<=a)b')] }] }))
      .toThrow(/^\[test\/Route\] rules\[0\]\.matches\[0\]\.headers\[0\]\.value must be a valid RE2 regular expression, got "\(\?<=a\)b"/);
    expect(() => route.addRule({ matches: [{ queryParams: [QueryParamMatch.exact('page', '')] }] }))
      .toThrow('[test/Route] rules[0].matches[0].queryParams[0].value must be a string of 1 to 1024 characters, got ""');
    expect(() => route.addRule({ matches: [{ path: PathMatch.prefix('/api//v1') }] }))
      .toThrow('[test/Route] rules[0].matches[0].path must be a normalized absolute path of at most 1024 URL characters without "//", got "/api//v1"');
  });

  test('fails when the route would have no rule or more than 16', () => {
    const chart = testChart('production');
    new HttpRoute(chart, 'Empty', { parents: [RouteParent.service('payments', 8080)], catchAll: false });
    expect(() => Testing.synth(chart)).toThrow('[test/Empty] rules must have at least one rule, got none (catchAll is off). An HTTPRoute needs a rule (the CRD\'s minimum): add one with addRule(), or leave catchAll on');
    const route = new HttpRoute(testChart('production'), 'Full', { parents: [RouteParent.service('payments', 8080)] });
    for (let i = 0; i < 15; i++) route.addRule({ matches: [{ path: PathMatch.exact(`/p${i}`) }] });
    expect(() => route.addRule({ matches: [{ path: PathMatch.exact('/p15') }] }))
      .toThrow('[test/Full] rules[15] must not be added: an HTTPRoute has at most 16 rules (the CRD\'s limit), the catch-all included. Merge rules with the same backends and filters, or split the route');
  });
});
