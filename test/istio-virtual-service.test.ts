import { Chart, Duration, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { IstioApiVersion } from '../src/core/istio-api-version';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { VirtualService, StringMatch, RetryOn, IstioApiTarget } = istio;

function vs(routes: istio.HttpRouteOptions[], extra: Partial<istio.VirtualServiceProps> = {}) {
  const chart = testChart('shop');
  new VirtualService(chart, 'payments', { metadata: { name: 'payments' }, hosts: ['payments'], httpRoutes: routes, ...extra });
  return chart;
}

describe('VirtualService', () => {
  test('renders a canary split with explicit attempts: 0, a 15s timeout and v1', () => {
    // GIVEN
    const chart = testChart('shop');
    const v = new VirtualService(chart, 'payments', { metadata: { name: 'payments' }, hosts: ['payments'] });

    // WHEN
    const route = v.addHttpRoute({
      destinations: [{ host: 'payments', subset: 'stable', weight: 9 }, { host: 'payments', subset: 'canary', weight: 1 }],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.apiVersion).toEqual('networking.istio.io/v1');
    expect(route.idempotentOnly).toBe(false);
    expect(obj.spec.http).toEqual([{
      route: [
        { destination: { host: 'payments', subset: 'stable' }, weight: 90 },
        { destination: { host: 'payments', subset: 'canary' }, weight: 10 },
      ],
      timeout: '15s',
      retries: { attempts: 0 },
    }]);
  });

  test('keeps routes in the order they were added and retries only the GET route', () => {
    // GIVEN
    const chart = testChart('shop');
    const v = new VirtualService(chart, 'payments', { hosts: ['payments'] });

    // WHEN
    v.addHttpRoute({ name: 'canary', matches: [{ headers: { 'x-canary': StringMatch.exact('true') } }], destinations: [{ host: 'payments', subset: 'canary' }] });
    const reads = v.addHttpRoute({
      name: 'reads',
      matches: [{ method: StringMatch.exact('GET') }, { method: StringMatch.exact('HEAD') }],
      destinations: [{ host: 'payments' }],
      timeout: Duration.seconds(10),
      retries: {
        attempts: 2,
        perTryTimeout: Duration.seconds(3),
        retryOn: [RetryOn.CONNECT_FAILURE, RetryOn.GATEWAY_ERROR, RetryOn.statusCode(503)],
        backoff: Duration.millis(250),
      },
    });
    v.addHttpRoute({ name: 'writes', destinations: [{ host: 'payments' }] });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(reads.idempotentOnly).toBe(true);
    expect(obj.spec.http.map((r: any) => r.name)).toEqual(['canary', 'reads', 'writes']);
    expect(obj.spec.http[0].retries).toEqual({ attempts: 0 });
    expect(obj.spec.http[1].retries).toEqual({ attempts: 2, perTryTimeout: '3s', retryOn: 'connect-failure,gateway-error,503', backoff: '0.25s' });
    expect(obj.spec.http[2].retries).toEqual({ attempts: 0 });
  });

  test('leaves retries absent on an idempotent route without a retry policy (Istio default applies)', () => {
    const [obj] = synthValid(vs([{ matches: [{ method: StringMatch.exact('GET') }], destinations: [{ host: 'payments' }] }]));
    expect(obj.spec.http[0]).not.toHaveProperty('retries');
  });

  test('allowUnsafeRetriesOfNonIdempotentRequests lets a POST-capable route retry', () => {
    const [obj] = synthValid(vs([{ destinations: [{ host: 'payments' }], retries: { attempts: 3 }, allowUnsafeRetriesOfNonIdempotentRequests: true }]));
    expect(obj.spec.http[0].retries).toEqual({ attempts: 3 });
  });

  test('unsafeNoTimeout leaves the timeout out', () => {
    const [obj] = synthValid(vs([{ destinations: [{ host: 'payments' }], unsafeNoTimeout: true }]));
    expect(obj.spec.http[0]).not.toHaveProperty('timeout');
  });

  test('normalises weights by largest remainder, deterministically', () => {
    const [obj] = synthValid(vs([{ destinations: [{ host: 'a', weight: 1 }, { host: 'b', weight: 1 }, { host: 'c', weight: 1 }] }]));
    expect(obj.spec.http[0].route.map((r: any) => r.weight)).toEqual([34, 33, 33]);
  });

  test('weights always sum to 100 and keep their order (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 6 }), weights => {
      const chart = testChart();
      let rendered: number[];
      try {
        const v = new VirtualService(chart, 'vs', { hosts: ['h'] });
        v.addHttpRoute({ destinations: weights.map((weight, i) => ({ host: `h${i}`, weight })) });
        rendered = chart.toJson()[0].spec.http[0].route.map((r: any) => r.weight);
      } catch (e) {
        expect(String(e)).toMatch(/rounds to 0 when normalised to 100/);
        return;
      }
      expect(rendered.reduce((a, b) => a + b, 0)).toBe(100);
      for (let i = 0; i < weights.length; i++) {
        for (let j = 0; j < weights.length; j++) {
          if (weights[i] > weights[j]) expect(rendered[i]).toBeGreaterThanOrEqual(rendered[j]);
        }
      }
    }), { numRuns: 200 });
  });

  test('synthesizes the same bytes twice', () => {
    const build = () => Yaml.stringify(...vs([{ destinations: [{ host: 'a', weight: 2 }, { host: 'b', weight: 1 }] }]).toJson());
    expect(build()).toEqual(build());
  });

  test('renders fault, mirror, rewrite, headers and CORS only when asked', () => {
    // GIVEN / WHEN
    const chart = vs([{
      matches: [{ uri: StringMatch.prefix('/api'), ignoreUriCase: true, queryParams: { debug: StringMatch.exact('1') }, port: 8080, sourceLabels: { app: 'web' } }],
      destinations: [{ host: 'payments', port: 8080, headers: { request: { set: { 'x-route': 'api' } } } }],
      rewrite: { uri: '/' },
      fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 100 }, abort: { httpStatus: 500, percentage: 1.5 } },
      mirror: { host: 'payments-shadow' },
      mirrorPercentage: 5,
      headers: { response: { remove: ['server'] } },
      corsPolicy: { allowOrigins: [StringMatch.exact('https://shop.example.com')], allowMethods: ['GET'], maxAge: Duration.hours(1), allowCredentials: false },
    }]);

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.http[0].fault).toEqual({ delay: { fixedDelay: '7s', percentage: { value: 100 } }, abort: { httpStatus: 500, percentage: { value: 1.5 } } });
    expect(obj.spec.http[0].mirrorPercentage).toEqual({ value: 5 });
    expect(obj.spec.http[0]).not.toHaveProperty('mirror_percent');
  });

  test('never emits fault without a fault prop', () => {
    const [obj] = synthValid(vs([{ destinations: [{ host: 'payments' }] }]));
    expect(obj.spec.http[0]).not.toHaveProperty('fault');
  });

  test('renders a redirect route without retries or timeout', () => {
    const [obj] = synthValid(vs([{ redirect: { scheme: 'https', redirectCode: 308, derivePort: istio.RedirectPortSelection.FROM_PROTOCOL_DEFAULT } }], { gateways: ['istio-system/public'] }));
    expect(obj.spec.http[0]).toEqual({ redirect: { scheme: 'https', redirectCode: 308, derivePort: 'FROM_PROTOCOL_DEFAULT' } });
    expect(obj.spec.gateways).toEqual(['istio-system/public']);
  });

  test('renders TCP and TLS routes', () => {
    // GIVEN
    const chart = testChart('db');
    const v = new VirtualService(chart, 'mongo', { hosts: ['mongo.db.svc.cluster.local', 'api.example.com'], gateways: [VirtualService.MESH_GATEWAY] });

    // WHEN
    v.addTcpRoute({ matches: [{ port: 27017 }], destinations: [{ host: 'mongo', port: 27017 }] });
    v.addTlsRoute({ matches: [{ sniHosts: ['api.example.com'], port: 443 }], destinations: [{ host: 'api.example.com', weight: 3 }, { host: 'api-v2', weight: 1 }] });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.tcp).toEqual([{ match: [{ port: 27017 }], route: [{ destination: { host: 'mongo', port: { number: 27017 } } }] }]);
    expect(obj.spec.tls[0].route.map((r: any) => r.weight)).toEqual([75, 25]);
  });

  test('emits v1beta1 when the app targets it', () => {
    // GIVEN
    const chart = testChart();
    IstioApiTarget.set(chart, IstioApiVersion.V1BETA1);

    // WHEN
    new VirtualService(chart, 'vs', { hosts: ['a'], httpRoutes: [{ destinations: [{ host: 'a' }] }] });

    // THEN
    expect(synthValid(chart)[0].apiVersion).toEqual('networking.istio.io/v1beta1');
  });

  test('a construct\'s apiVersion prop wins over the app-wide target', () => {
    // GIVEN
    const app = Testing.app();
    IstioApiTarget.set(app, IstioApiVersion.V1BETA1);
    const chart = new Chart(app, 'test');

    // WHEN
    new VirtualService(chart, 'old', { hosts: ['a'], httpRoutes: [{ destinations: [{ host: 'a' }] }] });
    new VirtualService(chart, 'new', { hosts: ['a'], apiVersion: IstioApiVersion.V1, httpRoutes: [{ destinations: [{ host: 'a' }] }] });

    // THEN
    expect(synthValid(chart).map(o => o.apiVersion)).toEqual(['networking.istio.io/v1beta1', 'networking.istio.io/v1']);
  });

  test('throws a path-prefixed error or synthesizes a valid object for any retry/timeout input (property)', () => {
    const seen = { valid: 0, error: 0 };
    fc.assert(fc.property(
      fc.integer({ min: -1, max: 4 }), fc.integer({ min: 0, max: 10_000 }), fc.option(fc.integer({ min: 0, max: 40_000 })), fc.boolean(),
      (attempts, perTry, timeout, get) => {
        const chart = testChart();
        try {
          new VirtualService(chart, 'vs', {
            hosts: ['h'],
            httpRoutes: [{
              matches: get ? [{ method: StringMatch.exact('GET') }] : undefined,
              destinations: [{ host: 'h' }],
              timeout: timeout === null ? undefined : Duration.millis(timeout),
              retries: { attempts, perTryTimeout: Duration.millis(perTry) },
            }],
          });
        } catch (e) {
          expect(String(e)).toMatch(/^Error: \[test\/vs\] httpRoutes\[0\]\.(timeout|retries\.(attempts|perTryTimeout)) /);
          seen.error++;
          return;
        }
        synthValid(chart);
        seen.valid++;
      }), { numRuns: 100 });
    // Both outcomes occurred: the property is not vacuous.
    expect(seen.valid).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  test('fails when retries could repeat a POST', () => {
    expect(() => vs([{ destinations: [{ host: 'payments' }], retries: { attempts: 3 } }])).toThrow(
      '[test/payments] httpRoutes[0].retries.attempts is 3, but the route has no match, so it matches every method, POST included: a retried POST can execute twice (istio/istio#50506). Add a route whose matches pin idempotent methods (StringMatch.exact(\'GET\')) for the retries and keep this one at attempts 0, or set allowUnsafeRetriesOfNonIdempotentRequests: true');
  });

  test('fails when a method match is a regex that may match POST', () => {
    expect(() => vs([{ matches: [{ method: StringMatch.regex('GET|POST') }], destinations: [{ host: 'p' }], retries: { attempts: 1 } }]))
      .toThrow('the route has matches[0].method as a regex match, which may match POST');
  });

  test('fails when perTryTimeout × (attempts + 1) exceeds the timeout, showing the arithmetic', () => {
    expect(() => vs([{
      matches: [{ method: StringMatch.exact('GET') }],
      destinations: [{ host: 'p' }],
      timeout: Duration.seconds(10),
      retries: { attempts: 3, perTryTimeout: Duration.seconds(5) },
    }])).toThrow('[test/payments] httpRoutes[0].retries.perTryTimeout × (attempts + 1) = 5s × (3 + 1) = 20s exceeds the route timeout of 10s, so the last attempts could never run. Lower perTryTimeout or attempts, or raise timeout');
  });

  test('fails when the default 15s timeout is exceeded by retries', () => {
    expect(() => vs([{ matches: [{ method: StringMatch.exact('GET') }], destinations: [{ host: 'p' }], retries: { attempts: 2, perTryTimeout: Duration.seconds(6) } }]))
      .toThrow('= 6s × (2 + 1) = 18s exceeds the route timeout of 15s');
  });

  test('fails when weights total 0', () => {
    expect(() => vs([{ destinations: [{ host: 'a', weight: 0 }, { host: 'b', weight: 0 }] }])).toThrow(
      '[test/payments] httpRoutes[0].destinations weights must not all be 0 (got 0 + 0 = 0): Istio rejects a route with no traffic. Give at least one destination a positive weight');
  });

  test('fails when a weight is negative or fractional', () => {
    expect(() => vs([{ destinations: [{ host: 'a', weight: -1 }, { host: 'b', weight: 2 }] }])).toThrow('httpRoutes[0].destinations[0].weight must be a non-negative integer, got -1');
    expect(() => vs([{ destinations: [{ host: 'a', weight: 0.5 }, { host: 'b', weight: 2 }] }])).toThrow('must be a non-negative integer, got 0.5');
  });

  test('fails when a weight is missing among several destinations', () => {
    expect(() => vs([{ destinations: [{ host: 'a', weight: 1 }, { host: 'b' }] }])).toThrow('httpRoutes[0].destinations[1].weight is required when a route has 2 destinations');
  });

  test('fails when a positive weight would round to 0', () => {
    expect(() => vs([{ destinations: [{ host: 'a', weight: 1 }, { host: 'b', weight: 999 }] }])).toThrow('destinations[0].weight is 1 of a total of 1000 (0.10%), which rounds to 0 when normalised to 100');
  });

  test('fails when a duration is under 1ms', () => {
    expect(() => vs([{ destinations: [{ host: 'p' }], timeout: Duration.millis(0) }])).toThrow('httpRoutes[0].timeout must be a whole number of milliseconds and at least 1ms, got 0ms');
  });

  test('fails when a port is out of range', () => {
    expect(() => vs([{ destinations: [{ host: 'p', port: 70000 }] }])).toThrow('httpRoutes[0].destinations[0].port must be an integer from 1 to 65535, got 70000');
  });

  test('fails when a route has both destinations and a redirect', () => {
    expect(() => vs([{ destinations: [{ host: 'p' }], redirect: { uri: '/' } }])).toThrow('[test/payments] httpRoutes[0] must have exactly one of destinations, delegate, redirect and directResponse, got 2. Forward with destinations or delegate, or answer with redirect or directResponse');
  });

  test('fails when fault percentages are out of range or abort has no status', () => {
    expect(() => vs([{ destinations: [{ host: 'p' }], fault: { abort: { httpStatus: 500, percentage: 120 } } }])).toThrow('fault.abort.percentage must be a number from 0 to 100, got 120');
    expect(() => vs([{ destinations: [{ host: 'p' }], fault: { abort: { percentage: 10 } } }])).toThrow(
      '[test/payments] httpRoutes[0].fault.abort must have exactly one of httpStatus and grpcStatus, got neither. Set httpStatus (such as 503) for HTTP callers or grpcStatus (such as \'UNAVAILABLE\') for gRPC callers');
    expect(() => vs([{ destinations: [{ host: 'p' }], fault: { abort: { httpStatus: 503, grpcStatus: 'UNAVAILABLE', percentage: 10 } } }])).toThrow(
      '[test/payments] httpRoutes[0].fault.abort must have exactly one of httpStatus and grpcStatus, got both');
  });

  test('fails when a fault has no percentage, which would inject nothing', () => {
    const noPercentage = { percentage: undefined as unknown as number };
    expect(() => vs([{ destinations: [{ host: 'p' }], fault: { abort: { httpStatus: 503, ...noPercentage } } }])).toThrow(
      '[test/payments] httpRoutes[0].fault.abort.percentage is required (without it Istio aborts no request), got undefined. Set percentage: 100 to abort every matching request');
    expect(() => vs([{ destinations: [{ host: 'p' }], fault: { delay: { fixedDelay: Duration.seconds(1), ...noPercentage } } }])).toThrow(
      '[test/payments] httpRoutes[0].fault.delay.percentage is required (without it Istio delays no request), got undefined. Set percentage: 100 to delay every matching request');
    expect(() => vs([{ destinations: [{ host: 'p' }], fault: {} }])).toThrow(
      '[test/payments] httpRoutes[0].fault must have a delay or an abort, got neither. Add delay or abort, or remove fault');
  });

  test('fails when a query parameter uses a prefix match', () => {
    expect(() => vs([{ matches: [{ queryParams: { q: StringMatch.prefix('a') } }], destinations: [{ host: 'p' }] }])).toThrow('matches[0].queryParams.q cannot be a prefix match');
  });

  test('fails when a regex is not RE2', () => {
    expect(() => vs([{ matches: [{ uri: StringMatch.regex('(') }], destinations: [{ host: 'p' }] }])).toThrow('matches[0].uri regex "(" is not a valid regular expression. Use RE2 syntax');
  });

  test('fails when mirrorPercentage has no mirror', () => {
    expect(() => vs([{ destinations: [{ host: 'p' }], mirrorPercentage: 10 }])).toThrow('httpRoutes[0].mirrorPercentage needs mirror');
  });

  test('fails when a TLS route has no SNI match', () => {
    const chart = testChart();
    const v = new VirtualService(chart, 'vs', { hosts: ['a'] });
    expect(() => v.addTlsRoute({ matches: [], destinations: [{ host: 'a' }] })).toThrow('[test/vs] tlsRoutes[0].matches must have at least one match (Istio requires it for TLS routes)');
  });

  test('fails when hosts are empty or there is no route', () => {
    expect(() => new VirtualService(testChart(), 'vs', { hosts: [] })).toThrow('[test/vs] hosts must not be empty when given');
    const chart = testChart();
    new VirtualService(chart, 'vs', { hosts: ['a'] });
    expect(() => synthValid(chart)).toThrow(
      '[test/vs] httpRoutes, tcpRoutes and tlsRoutes must not all be empty (Istio rejects a VirtualService without http, tcp or tls routes), got 0 routes. Call addHttpRoute(), addTcpRoute() or addTlsRoute()');
  });

  describe('delegation', () => {
    test('renders a root route that delegates with the 15s default, and delegate routes without a timeout so that the root\'s applies', () => {
      // GIVEN
      const chart = testChart('shop');
      const root = new VirtualService(chart, 'root', { metadata: { name: 'shop' }, hosts: ['shop.example.com'], gateways: ['istio-system/public'] });
      const delegate = new VirtualService(chart, 'reviews', { metadata: { name: 'reviews-routes', namespace: 'reviews' }, isDelegate: true });

      // WHEN
      root.addHttpRoute({ matches: [{ uri: StringMatch.prefix('/reviews') }], delegate: { name: 'reviews-routes', namespace: 'reviews' } });
      delegate.addHttpRoute({ matches: [{ uri: StringMatch.prefix('/reviews/v2') }], destinations: [{ host: 'reviews', subset: 'v2' }] });

      // THEN
      const [rootObj, delegateObj] = synthValid(chart);
      expect(Yaml.stringify(rootObj, delegateObj)).toMatchSnapshot();
      expect(rootObj.spec.http).toEqual([{
        match: [{ uri: { prefix: '/reviews' } }],
        delegate: { name: 'reviews-routes', namespace: 'reviews' },
        timeout: '15s',
        retries: { attempts: 0 },
      }]);
      expect(delegateObj.spec).toEqual({
        http: [{
          match: [{ uri: { prefix: '/reviews/v2' } }],
          route: [{ destination: { host: 'reviews', subset: 'v2' } }],
          retries: { attempts: 0 },
        }],
      });
      expect(delegate.isDelegate).toBe(true);
      expect(delegate.hosts).toEqual([]);
    });

    test('renders a timeout on a delegate route only when given, and leaves an idempotent delegate route\'s retries to the root', () => {
      // GIVEN
      const chart = testChart('shop');
      const delegate = new VirtualService(chart, 'reviews', { metadata: { name: 'reviews-routes' }, isDelegate: true });

      // WHEN
      delegate.addHttpRoute({ matches: [{ uri: StringMatch.prefix('/reviews/slow') }], destinations: [{ host: 'reviews' }], timeout: Duration.seconds(30) });
      delegate.addHttpRoute({
        matches: [{ uri: StringMatch.prefix('/reviews'), method: StringMatch.exact('GET') }],
        destinations: [{ host: 'reviews' }],
        retries: { attempts: 2, perTryTimeout: Duration.seconds(20) },
      });

      // THEN
      const [obj] = synthValid(chart);
      expect(obj.spec.http).toEqual([
        { match: [{ uri: { prefix: '/reviews/slow' } }], route: [{ destination: { host: 'reviews' } }], timeout: '30s', retries: { attempts: 0 } },
        { match: [{ uri: { prefix: '/reviews' }, method: { exact: 'GET' } }], route: [{ destination: { host: 'reviews' } }], retries: { attempts: 2, perTryTimeout: '20s' } },
      ]);
    });

    test('fails when a delegate route sets unsafeNoTimeout, which the root\'s timeout would override', () => {
      const d = new VirtualService(testChart(), 'd', { isDelegate: true });
      expect(() => d.addHttpRoute({ destinations: [{ host: 'p' }], unsafeNoTimeout: true })).toThrow(
        '[test/d] httpRoutes[0].unsafeNoTimeout has no effect in a delegate VirtualService: Istio copies the root route\'s timeout into a delegate route without one, got true. '
        + 'Set unsafeNoTimeout on the root route that delegates here, or give this route a timeout');
    });

    test('fails when a delegate VirtualService has no route', () => {
      const chart = testChart();
      new VirtualService(chart, 'd', { isDelegate: true });
      expect(() => synthValid(chart)).toThrow(
        '[test/d] httpRoutes must not be empty in a delegate VirtualService (it has no other routes to offer the root), got 0 routes. Call addHttpRoute()');
    });

    test('fails when a route both delegates and forwards', () => {
      expect(() => vs([{ destinations: [{ host: 'p' }], delegate: { name: 'x' } }])).toThrow(
        '[test/payments] httpRoutes[0] must have exactly one of destinations, delegate, redirect and directResponse, got 2');
    });

    test('fails when a delegate VirtualService delegates again', () => {
      const d = new VirtualService(testChart(), 'd', { isDelegate: true });
      expect(() => d.addHttpRoute({ delegate: { name: 'other' } })).toThrow(
        '[test/d] httpRoutes[0].delegate cannot be used in a delegate VirtualService: Istio supports only one level of delegation. Route to destinations here, or move this route into the root VirtualService');
    });

    test('fails when either side of a delegation uses a regex match', () => {
      expect(() => vs([{ matches: [{ headers: { 'x-user': StringMatch.regex('a.*') } }], delegate: { name: 'x' } }])).toThrow(
        '[test/payments] httpRoutes[0].matches[0].headers.x-user cannot be a regex match in a route that delegates (Istio refuses regex matches on both sides of a delegation), got regex "a.*". Use StringMatch.exact() or StringMatch.prefix()');
      const d = new VirtualService(testChart(), 'd', { isDelegate: true });
      expect(() => d.addHttpRoute({ matches: [{ uri: StringMatch.regex('/v[12]') }], destinations: [{ host: 'p' }] })).toThrow(
        '[test/d] httpRoutes[0].matches[0].uri cannot be a regex match in a delegate VirtualService (Istio refuses regex matches on both sides of a delegation), got regex "/v[12]"');
    });

    test('fails when a delegate VirtualService has hosts, gateways or TCP routes', () => {
      expect(() => new VirtualService(testChart(), 'd', { isDelegate: true, hosts: ['a'] })).toThrow(
        '[test/d] hosts must be absent in a delegate VirtualService (isDelegate: true): Istio takes hosts, gateways and TCP/TLS routes from the root only. Remove hosts, or remove isDelegate');
      expect(() => new VirtualService(testChart(), 'd', { isDelegate: true, gateways: ['mesh'] })).toThrow('[test/d] gateways must be absent in a delegate VirtualService');
      const d = new VirtualService(testChart(), 'd', { isDelegate: true });
      expect(() => d.addTcpRoute({ destinations: [{ host: 'db' }] })).toThrow('[test/d] addTcpRoute is not available on a delegate VirtualService: Istio delegates HTTP routes only');
    });

    test('fails when hosts are missing without isDelegate, or the delegate is badly named', () => {
      expect(() => new VirtualService(testChart(), 'vs', {})).toThrow(
        '[test/vs] hosts is required. List at least one host, or set isDelegate: true for a delegate VirtualService');
      expect(() => vs([{ delegate: { name: 'Reviews_Routes' } }])).toThrow(
        '[test/payments] httpRoutes[0].delegate.name must be the name of a VirtualService (a DNS-1123 subdomain), got "Reviews_Routes"');
    });
  });

  test('fails when metadata.name is not a DNS-1123 subdomain', () => {
    expect(() => new VirtualService(testChart(), 'vs', { metadata: { name: 'Payments_VS' }, hosts: ['a'] })).toThrow(
      '[test/vs] metadata.name must be a DNS-1123 subdomain (lowercase alphanumerics, \'-\' and \'.\', starting and ending with an alphanumeric, at most 253 characters), got "Payments_VS"');
  });
});
