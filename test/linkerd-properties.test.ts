import { Chart, Duration, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { HttpMethod } from '../src/core/http-method';
import { HeaderMatch, HttpRouteFilter, PathMatch, QueryParamMatch, RouteParent } from '../src/gateway-api';
import { HttpRetryCondition, HttpRoute, RequestMatch, ServiceProfile } from '../src/linkerd';
import { configurePropertyTests, expectValid, synthValid, testChart } from './support/synth';

configurePropertyTests(fc);

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
const longDnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
const dnsSubdomain = fc.array(longDnsLabel, { minLength: 1, maxLength: 6 }).map(labels => labels.join('.'));
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const segment = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const safeMethod = fc.constantFrom(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
/** Durations as a user may write them: whole, fractional, tiny and huge numbers of milliseconds. */
const anyMillis = fc.oneof(
  fc.integer({ min: 0, max: 4_000_000_000 }), fc.double({ min: 0, max: 1e12 }), fc.constantFrom(0, 0.5, 999, 1000, 60_000, 60_001));

/** Mostly `usual` values, so that both outcomes occur, and sometimes `unusual` ones. */
function mostly<T>(usual: fc.Arbitrary<T>, ...unusual: fc.Arbitrary<T>[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 6 }, ...unusual.map(arbitrary => ({ arbitrary, weight: 1 })));
}

/** The YAML of every object of a chart, validated. */
function yamlOf(chart: Chart): string {
  return Yaml.stringify(...synthValid(chart));
}

/** Asserts that building either gives objects the validation engine accepts or throws a mesh error naming one of `props`. */
function expectValidOrMeshError(build: () => Chart, props: string[]): 'valid' | 'error' {
  let manifests: any[] | undefined;
  let thrown: unknown;
  try {
    manifests = Testing.synth(build());
  } catch (e) {
    thrown = e;
  }
  if (manifests !== undefined) {
    expectValid(manifests);
    return 'valid';
  }
  expect(thrown).toBeInstanceOf(Error);
  const named = props.map(p => p.replace(/[.[\]]/g, '\\$&')).join('|');
  expect((thrown as Error).message).toMatch(new RegExp(`^\\[[^\\]]*\\] (${named}) `));
  return 'error';
}

describe('Linkerd properties', () => {
  test('HTTPRoute backend weights keep their order and are non-negative integers', () => {
    const weight = fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined });
    const backend = fc.record({ name: dnsLabel, port: fc.integer({ min: 1, max: 65535 }), weight });
    fc.assert(fc.property(fc.array(backend, { minLength: 1, maxLength: 16 }), backends => {
      const chart = testChart('production');
      new HttpRoute(chart, 'Split', { parents: [RouteParent.service('payments', 8080)], catchAll: false, rules: [{ backends }] });
      const refs = synthValid(chart)[0].spec.rules[0].backendRefs;
      expect(refs.map((r: any) => [r.name, r.port])).toEqual(backends.map(b => [b.name, b.port]));
      refs.forEach((r: any, i: number) => {
        if (backends[i].weight === undefined) {
          expect(r).not.toHaveProperty('weight');
        } else {
          expect(r.weight).toBe(backends[i].weight);
          expect(Number.isInteger(r.weight) && r.weight >= 0).toBe(true);
        }
      });
    }), { numRuns: 100 });
  });

  test('HTTPRoute backend weights that are not integers from 0 to 1000000 are refused by index', () => {
    const weight = fc.oneof(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.double(), fc.constantFrom(-1, 0.5, 1_000_001, NaN, Infinity));
    fc.assert(fc.property(fc.array(weight, { minLength: 1, maxLength: 8 }), weights => {
      const chart = testChart('production');
      const route = new HttpRoute(chart, 'Split', { parents: [RouteParent.service('payments', 8080)], catchAll: false });
      const firstBad = weights.findIndex(w => !Number.isInteger(w) || w < 0 || w > 1_000_000);
      const add = () => route.addRule({ backends: weights.map((w, i) => ({ name: `v${i}`, port: 8080, weight: w })) });
      if (firstBad < 0) {
        add();
        expect(synthValid(chart)[0].spec.rules[0].backendRefs.map((r: any) => r.weight)).toEqual(weights);
      } else {
        expect(add).toThrow(`[test/Split] rules[0].backends[${firstBad}].weight must be an integer from 0 to 1000000, got `);
      }
    }), { numRuns: 100 });
  });

  test('the same ServiceProfile, HTTPRoute or OpenAPI document gives byte-identical YAML', () => {
    const route = fc.record({
      segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
      method: fc.constantFrom(...Object.values(HttpMethod)),
      timeoutMs: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
    });
    const rule = fc.record({
      prefix: fc.array(segment, { minLength: 1, maxLength: 3 }).map(s => `/${s.join('/')}`),
      method: safeMethod,
      header: fc.option(fc.tuple(headerName, segment), { nil: undefined }),
      query: fc.option(fc.tuple(headerName, segment), { nil: undefined }),
      setHeader: fc.option(fc.tuple(headerName, segment), { nil: undefined }),
      backends: fc.array(fc.record({ name: dnsLabel, weight: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(dnsLabel, fc.uniqueArray(route, { selector: r => `${r.method} ${r.segments.join('/')}`, maxLength: 6 }), fc.array(rule, { minLength: 1, maxLength: 4 }),
      (service, routes, rules) => {
        const buildProfile = () => {
          const chart = testChart('production');
          const profile = new ServiceProfile(chart, 'Profile', { service: { name: service } });
          for (const r of routes) {
            const path = `/${r.segments.join('/')}`;
            profile.addRoute({
              name: `${r.method} ${path}`,
              condition: RequestMatch.methodAndPath(r.method, `^${path}$`),
              timeout: r.timeoutMs === undefined ? undefined : Duration.millis(r.timeoutMs),
            });
          }
          return chart;
        };
        const buildRoute = () => {
          const chart = testChart('production');
          const http = new HttpRoute(chart, 'Route', { parents: [RouteParent.service(service, 8080)], retry: { http: [HttpRetryCondition.GATEWAY_ERROR] }, catchAll: false });
          for (const r of rules) {
            http.addRule({
              matches: [{
                path: PathMatch.prefix(r.prefix),
                method: r.method,
                headerMatches: r.header ? [HeaderMatch.regex(r.header[0], `^${r.header[1]}$`)] : undefined,
                queryParams: r.query ? [QueryParamMatch.exact(r.query[0], r.query[1])] : undefined,
              }],
              filters: r.setHeader ? [HttpRouteFilter.requestHeaderModifier({ set: { [r.setHeader[0]]: r.setHeader[1] } })] : undefined,
              backends: r.backends.map(b => ({ name: b.name, port: 8080, weight: b.weight })),
            });
          }
          return chart;
        };
        expect(yamlOf(buildProfile())).toEqual(yamlOf(buildProfile()));
        expect(yamlOf(buildRoute())).toEqual(yamlOf(buildRoute()));
      }), { numRuns: 50 });
  });

  test('fromOpenApi gives byte-identical YAML for the same document, whatever its key order', () => {
    const operation = fc.record({
      statuses: fc.uniqueArray(fc.constantFrom('200', '201', '204', '400', '404', '409', '500', '503', '5XX', 'default'), { maxLength: 4 }),
      retryable: fc.option(fc.boolean(), { nil: undefined }),
      timeout: fc.option(fc.constantFrom('250ms', '1s', '1.5s', '2m'), { nil: undefined }),
    });
    const pathItem = fc.dictionary(fc.constantFrom('get', 'head', 'put', 'delete', 'post', 'patch'), operation, { minKeys: 1 });
    const path = fc.array(fc.oneof(segment, segment.map(s => `{${s}}`)), { minLength: 1, maxLength: 4 }).map(s => `/${s.join('/')}`);
    fc.assert(fc.property(fc.dictionary(path, pathItem, { minKeys: 1, maxKeys: 6 }), paths => {
      const toOperation = (method: string, op: any) => ({
        responses: Object.fromEntries(op.statuses.map((s: string) => [s, { description: s }])),
        // Only safe methods and PUT/DELETE may be declared retryable without the unsafe opt-in.
        ...(op.retryable !== undefined && !['post', 'patch'].includes(method) ? { 'x-linkerd-retryable': op.retryable } : {}),
        ...(op.timeout !== undefined ? { 'x-linkerd-timeout': op.timeout } : {}),
      });
      const document = (reverse: boolean) => {
        const order = <T>(entries: T[]) => (reverse ? [...entries].reverse() : entries);
        return {
          openapi: '3.0.3',
          paths: Object.fromEntries(order(Object.entries(paths)).map(([p, item]) =>
            [p, Object.fromEntries(order(Object.entries(item)).map(([m, op]) => [m, toOperation(m, op)]))])),
        };
      };
      const build = (reverse: boolean) => {
        const chart = testChart('production');
        ServiceProfile.fromOpenApi(chart, 'Profile', { service: { name: 'payments' }, document: document(reverse) });
        return yamlOf(chart);
      };
      const first = build(false);
      expect(build(false)).toEqual(first);
      expect(build(true)).toEqual(first);
    }), { numRuns: 50 });
  });

  test('arbitrary names, namespaces, timeouts and retry ratios give valid YAML or an error naming the prop', () => {
    const seen = { valid: 0, error: 0 };
    const name = mostly(dnsLabel, fc.string({ maxLength: 70 }), fc.constantFrom('', 'Payments', 'a_b', '-a', 'a'.repeat(64)));
    const ratio = mostly(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double(), fc.constantFrom(-0.1, 1000.5, NaN, Infinity));
    const perSecond = mostly(fc.integer({ min: 0, max: 100 }), fc.integer(), fc.double());
    const domain = fc.option(mostly(dnsSubdomain, fc.string({ maxLength: 20 })), { nil: undefined });
    fc.assert(fc.property(name, name, domain, ratio, perSecond, mostly(fc.integer({ min: 1000, max: 60_000 }), anyMillis),
      fc.option(mostly(fc.integer({ min: 1, max: 60_000 }), anyMillis), { nil: undefined }),
      (service, namespace, clusterDomain, retryRatio, minRetriesPerSecond, ttlMs, timeoutMs) => {
        seen[expectValidOrMeshError(() => {
          const chart = testChart('production');
          const profile = new ServiceProfile(chart, 'Profile', {
            service: { name: service, namespace, clusterDomain },
            retryBudget: { retryRatio, minRetriesPerSecond, ttl: Duration.millis(ttlMs) },
          });
          profile.addRoute({ name: 'GET /', condition: RequestMatch.method(HttpMethod.GET), timeout: timeoutMs === undefined ? undefined : Duration.millis(timeoutMs) });
          return chart;
        }, ['service.name', 'service.namespace', 'service.clusterDomain', 'retryBudget.retryRatio', 'retryBudget.minRetriesPerSecond', 'retryBudget.ttl', 'routes[0].timeout'])]++;
      }), { numRuns: 100 });
    // Both outcomes occurred: the property is not vacuous.
    expect(seen.valid).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  test('arbitrary route parents, backends and timeouts give valid YAML or an error naming the prop', () => {
    const seen = { valid: 0, error: 0 };
    const name = mostly(dnsLabel, fc.string({ maxLength: 70 }));
    const port = mostly(fc.integer({ min: 1, max: 65535 }), fc.integer(), fc.double());
    const millis = mostly(fc.integer({ min: 0, max: 600_000 }), anyMillis);
    const namespaces = mostly(dnsLabel, fc.string({ maxLength: 10 }));
    fc.assert(fc.property(name, namespaces, name, port, port, millis, fc.option(millis, { nil: undefined }), millis,
      mostly(fc.integer({ min: 0, max: 10 }), fc.integer(), fc.double()),
      (parent, namespace, backend, parentPort, backendPort, requestMs, backendRequestMs, retryMs, limit) => {
        seen[expectValidOrMeshError(() => {
          const chart = testChart('production');
          new HttpRoute(chart, 'Route', {
            metadata: { namespace },
            parents: [RouteParent.service(parent, parentPort)],
            catchAll: false,
            retry: { http: [HttpRetryCondition.FIVE_XX], limit, timeout: Duration.millis(retryMs) },
            rules: [{
              matches: [{ method: HttpMethod.GET }],
              backends: [{ name: backend, port: backendPort }],
              timeouts: {
                request: Duration.millis(requestMs),
                backendRequest: backendRequestMs === undefined ? undefined : Duration.millis(backendRequestMs),
              },
            }],
          });
          return chart;
        }, ['metadata.namespace', 'parents[0]', 'parents[0].name', 'parents[0].port', 'retry.limit', 'retry.timeout', 'rules[0].backends[0].name', 'rules[0].backends[0].port',
          'rules[0].timeouts.request', 'rules[0].timeouts.backendRequest'])]++;
      }), { numRuns: 100 });
    expect(seen.valid).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  test('ServiceProfile names are <svc>.<ns>.svc.<domain> and DNS-1123 subdomains', () => {
    fc.assert(fc.property(longDnsLabel, longDnsLabel, fc.option(dnsSubdomain, { nil: undefined }), (service, namespace, clusterDomain) => {
      const chart = testChart();
      const make = () => new ServiceProfile(chart, 'Profile', { service: { name: service, namespace, clusterDomain } });
      const expected = `${service}.${namespace}.svc.${clusterDomain ?? 'cluster.local'}`;
      if (expected.length > 253) {
        expect(make).toThrow(`[test/Profile] service.clusterDomain must keep the profile name within 253 characters (a DNS-1123 subdomain), got ${expected.length} characters`);
        return;
      }
      expect(make().name).toBe(expected);
      const [obj] = synthValid(chart);
      expect(obj.metadata).toEqual({ name: expected, namespace });
      expect(obj.metadata.name).toMatch(DNS_1123_SUBDOMAIN);
    }), { numRuns: 100 });
  });
});
