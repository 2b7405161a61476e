import { ApiObject, Duration, Testing } from 'cdk8s';
import { HttpMethod } from '../src/core/http-method';
import { MeshMembership, RequestMatch, ResponseMatch, ServiceProfile } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('ServiceProfile', () => {
  test('is named by the FQDN of its service and lives in its namespace', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });

    // THEN
    const [profile] = synthValid(chart);
    expect(profile.apiVersion).toBe('linkerd.io/v1alpha2');
    expect(profile.metadata).toEqual({ name: 'payment-api.production.svc.cluster.local', namespace: 'production' });
    expect(profile).toMatchSnapshot();
  });

  test('uses an explicit namespace and cluster domain', () => {
    const chart = testChart();
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'web', namespace: 'shop', clusterDomain: 'prod.example' } });
    expect(profile.name).toBe('web.shop.svc.prod.example');
    expect(synthValid(chart)[0].metadata.namespace).toBe('shop');
  });

  test('renders a bounded retry budget on the spec by default', () => {
    const chart = testChart('production');
    new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });
    expect(synthValid(chart)[0].spec).toEqual({
      routes: [],
      retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' },
    });
  });

  test('keeps the defaults for the budget fields left unset', () => {
    const chart = testChart('production');
    new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' }, retryBudget: { ttl: Duration.millis(1500) } });
    expect(synthValid(chart)[0].spec.retryBudget).toEqual({ retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '1.5s' });
  });

  test('makes GET routes retryable and other routes not, by default', () => {
    // GIVEN
    const chart = testChart('production');
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });

    // WHEN
    const get = profile.addRoute({ name: 'GET /items', condition: RequestMatch.methodAndPath(HttpMethod.GET, '^/items$') });
    const put = profile.addRoute({ name: 'PUT /items', condition: RequestMatch.methodAndPath(HttpMethod.PUT, '^/items$') });
    const any = profile.addRoute({ name: 'any /health', condition: RequestMatch.pathRegex('^/health$'), timeout: Duration.millis(250) });

    // THEN
    expect([get.isRetryable, put.isRetryable, any.isRetryable]).toEqual([true, false, false]);
    const routes = synthValid(chart)[0].spec.routes;
    expect(routes.map((r: any) => r.isRetryable)).toEqual([true, false, false]);
    expect(routes[2]).toEqual({ name: 'any /health', condition: { pathRegex: '^/health$' }, isRetryable: false, timeout: '0.25s' });
  });

  test('lets an idempotent PUT route be made retryable', () => {
    const chart = testChart('production');
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });
    profile.addRoute({ name: 'PUT /items', condition: RequestMatch.method(HttpMethod.PUT), isRetryable: true });
    expect(synthValid(chart)[0].spec.routes[0].isRetryable).toBe(true);
  });

  test('renders response classes, combinators and not under all', () => {
    // GIVEN
    const chart = testChart('production');
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });

    // WHEN
    profile.addRoute({
      name: 'reads except admin',
      condition: RequestMatch.allOf(
        RequestMatch.anyOf(RequestMatch.method(HttpMethod.GET), RequestMatch.method(HttpMethod.HEAD)),
        RequestMatch.notMatching(RequestMatch.pathRegex('^/admin/.*$')),
      ),
      responseClasses: [
        { condition: ResponseMatch.serverError(), isFailure: true },
        { condition: ResponseMatch.allOf(ResponseMatch.status(400, 499), ResponseMatch.notMatching(ResponseMatch.status(404))), isFailure: true },
      ],
    });

    // THEN
    const [route] = synthValid(chart)[0].spec.routes;
    expect(route.isRetryable).toBe(true);
    expect(route.condition).toEqual({
      all: [
        { any: [{ method: 'GET' }, { method: 'HEAD' }] },
        { all: [{ not: { pathRegex: '^/admin/.*$' } }] },
      ],
    });
    expect(route.responseClasses[1].condition).toEqual({
      all: [{ status: { min: 400, max: 499 } }, { not: { status: { min: 404, max: 404 } } }],
    });
    expect(synthValid(chart)).toMatchSnapshot();
  });

  test('renders dstOverrides', () => {
    const chart = testChart('production');
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });
    profile.addDstOverride({ authority: 'payment-api-v2.production.svc.cluster.local:8080', weight: 10 });
    profile.addDstOverride({ authority: 'payment-api.production.svc.cluster.local:8080', weight: 90 });
    expect(synthValid(chart)[0].spec.dstOverrides).toEqual([
      { authority: 'payment-api-v2.production.svc.cluster.local:8080', weight: 10 },
      { authority: 'payment-api.production.svc.cluster.local:8080', weight: 90 },
    ]);
  });

  test('synthesizes the same bytes twice', () => {
    const build = () => {
      const chart = testChart('production');
      const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });
      profile.addRoute({ name: 'GET /a', condition: RequestMatch.method(HttpMethod.GET) });
      return JSON.stringify(synthValid(chart));
    };
    expect(build()).toEqual(build());
  });

  test('fails when POST is made retryable without the unsafe opt-in', () => {
    const chart = testChart('production');
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });
    expect(() => profile.addRoute({ name: 'POST /payments', condition: RequestMatch.method(HttpMethod.POST), isRetryable: true }))
      .toThrow('[test/Profile] routes[0].isRetryable must not be true on route "POST /payments", which matches POST, got true. Retrying a non-idempotent request can repeat its side effect (a double payment): restrict the condition to safe methods with RequestMatch.method(), or set allowUnsafeRetries: true if the handler deduplicates');
  });

  test('fails when a route that can match any method is made retryable', () => {
    const chart = testChart('production');
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });
    expect(() => profile.addRoute({ name: 'all', condition: RequestMatch.pathRegex('^/.*$'), isRetryable: true }))
      .toThrow('routes[0].isRetryable must not be true on route "all", which matches any method, got true');
    expect(() => profile.addRoute({
      name: 'get or patch', condition: RequestMatch.anyOf(RequestMatch.method(HttpMethod.GET), RequestMatch.method(HttpMethod.PATCH)), isRetryable: true,
    })).toThrow('which matches PATCH, got true');
  });

  test('retries PATCH with allowUnsafeRetries', () => {
    const chart = testChart('production');
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 'payment-api' } });
    profile.addRoute({ name: 'PATCH /x', condition: RequestMatch.method(HttpMethod.PATCH), isRetryable: true, allowUnsafeRetries: true });
    expect(synthValid(chart)[0].spec.routes[0].isRetryable).toBe(true);
  });

  test('fails when the chart has no namespace and the service none either', () => {
    expect(() => new ServiceProfile(testChart(), 'Profile', { service: { name: 'payment-api' } }))
      .toThrow('[test/Profile] service.namespace needs a namespace and the chart has none. Set service.namespace or give the chart a namespace');
  });

  test('fails when the service name is not a DNS label', () => {
    expect(() => new ServiceProfile(testChart('a'), 'Profile', { service: { name: 'Payment_API' } }))
      .toThrow('[test/Profile] service.name must be a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters), got "Payment_API"');
  });

  test('fails when the retry budget is out of the proxy limits', () => {
    const chart = testChart('a');
    expect(() => new ServiceProfile(chart, 'P1', { service: { name: 's' }, retryBudget: { retryRatio: -1 } }))
      .toThrow('[test/P1] retryBudget.retryRatio must be a number from 0 to 1000, got -1');
    expect(() => new ServiceProfile(chart, 'P2', { service: { name: 's' }, retryBudget: { ttl: Duration.minutes(5) } }))
      .toThrow('[test/P2] retryBudget.ttl must be from 1s to 60s, got 300000ms');
    expect(() => new ServiceProfile(chart, 'P3', { service: { name: 's' }, retryBudget: { minRetriesPerSecond: 1.5 } }))
      .toThrow('[test/P3] retryBudget.minRetriesPerSecond must be an integer from 0 to 4294967295, got 1.5');
  });

  test('fails when two routes share a name', () => {
    const profile = new ServiceProfile(testChart('a'), 'Profile', { service: { name: 's' } });
    profile.addRoute({ name: 'GET /', condition: RequestMatch.method(HttpMethod.GET) });
    expect(() => profile.addRoute({ name: 'GET /', condition: RequestMatch.method(HttpMethod.GET) }))
      .toThrow('[test/Profile] routes[1].name must be unique in the profile, got "GET /" twice. Routes share metrics by name: rename one');
  });

  test('fails when a response status range is not HTTP', () => {
    const profile = new ServiceProfile(testChart('a'), 'Profile', { service: { name: 's' } });
    expect(() => profile.addRoute({ name: 'x', condition: RequestMatch.method(HttpMethod.GET), responseClasses: [{ condition: ResponseMatch.status(599, 500) }] }))
      .toThrow('[test/Profile] routes[0].responseClasses[0].condition.status must be a range of HTTP statuses from 100 to 599 with min <= max, got {"min":599,"max":500}');
  });

  test('fails when every dstOverride has weight 0', () => {
    const chart = testChart('a');
    const profile = new ServiceProfile(chart, 'Profile', { service: { name: 's' } });
    profile.addDstOverride({ authority: 's.a.svc.cluster.local:80', weight: 0 });
    expect(() => Testing.synth(chart)).toThrow('[test/Profile] dstOverrides must have at least one weight above 0, got all 0');
  });

  test('fails when a dstOverride weight is negative', () => {
    const profile = new ServiceProfile(testChart('a'), 'Profile', { service: { name: 's' } });
    expect(() => profile.addDstOverride({ authority: 's.a.svc.cluster.local:80', weight: -1 }))
      .toThrow('[test/Profile] dstOverrides[0].weight must be an integer of at least 0, got -1');
  });

  test('fails when a dstOverride authority is not a DNS subdomain with an optional port', () => {
    const profile = new ServiceProfile(testChart('a'), 'Profile', { service: { name: 's' } });
    for (const authority of ['s..a.svc.cluster.local:80', 's.a.svc.cluster.local:80:81', 'S.a.svc.cluster.local', 's.a.svc.cluster.local:http']) {
      expect(() => profile.addDstOverride({ authority, weight: 1 }))
        .toThrow(`[test/Profile] dstOverrides[0].authority must be a host with an optional port such as "payments-v2.production.svc.cluster.local:8080", got "${authority}"`);
    }
  });

  test('fails when opaquePorts is passed untyped, since Linkerd cannot read spec.opaquePorts', () => {
    // GIVEN: JavaScript callers (or a cast) can pass a prop the typed API does not have
    const chart = testChart('production');
    const untyped: any = { service: { name: 'mysql' }, opaquePorts: [3306] };
    const message = '[test/Profile] opaquePorts is not supported on a ServiceProfile, got [3306]. Linkerd\'s CRD declares spec.opaquePorts as a list of strings but its destination controller decodes it as a map (map[uint32]struct{}), so no form both passes the API server and is read: set the ports with MeshMembership.opaquePorts(service, ports) (config.linkerd.io/opaque-ports), which Linkerd reads';

    // THEN: refused, never dropped, on every way to build a profile
    expect(() => new ServiceProfile(chart, 'Profile', untyped)).toThrow(message);
    expect(() => ServiceProfile.fromOpenApi(testChart('production'), 'Profile', { ...untyped, document: { openapi: '3.0.3', paths: {} } })).toThrow(message);
    expect(() => ServiceProfile.fromGrpc(testChart('production'), 'Profile', { ...untyped, grpcServices: [] })).toThrow(message);
  });

  test('leaves opaque ports to the config.linkerd.io/opaque-ports annotation', () => {
    const chart = testChart('production');
    const svc = new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mysql' }, spec: { ports: [{ port: 3306 }] } });
    new ServiceProfile(chart, 'Profile', { service: { name: 'mysql' } });
    MeshMembership.opaquePorts(svc, [33060, 3306]);
    const [service, profile] = synthValid(chart);
    expect(service.metadata.annotations).toEqual({ 'config.linkerd.io/opaque-ports': '3306,33060' });
    expect(profile.spec).not.toHaveProperty('opaquePorts');
  });

  test('fails when a duration is a fraction of a millisecond, naming the prop', () => {
    const chart = testChart('production');
    expect(() => new ServiceProfile(chart, 'P1', { service: { name: 's' }, retryBudget: { ttl: Duration.millis(1500.5) } }))
      .toThrow('[test/P1] retryBudget.ttl must be a Duration of a whole, non-negative number of milliseconds, got 1500.5ms');
    const profile = new ServiceProfile(chart, 'P2', { service: { name: 's' } });
    expect(() => profile.addRoute({ name: 'GET /', condition: RequestMatch.method(HttpMethod.GET), timeout: Duration.seconds(0.0001) }))
      .toThrow('[test/P2] routes[0].timeout must be a Duration of a whole, non-negative number of milliseconds, got 0.1ms');
  });

  test('fails when the cluster domain makes the profile name longer than a DNS subdomain', () => {
    const domain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}`;
    expect(() => new ServiceProfile(testChart('production'), 'Profile', { service: { name: 'payments', clusterDomain: domain } }))
      .toThrow('[test/Profile] service.clusterDomain must keep the profile name within 253 characters (a DNS-1123 subdomain), got 267 characters in "payments.production.svc.aaaa');
  });
});
