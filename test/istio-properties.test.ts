import { Chart, Duration, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import * as istio from '../src/istio';
import { configurePropertyTests, synthValid, testChart } from './support/synth';

configurePropertyTests(fc);

/**
 * Invariants of the Istio layer, checked on generated inputs (fast-check). Runs are bounded so that the file
 * stays within a few seconds.
 */
const { DestinationRule, Gateway, PeerAuthentication, PortProtocol, Sidecar, StringMatch, VirtualService } = istio;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A weighted split of one route over `h0`, `h1`, ...; returns the chart. */
function split(weights: number[]): Chart {
  const chart = testChart('shop');
  new VirtualService(chart, 'vs', { hosts: ['h'], httpRoutes: [{ destinations: weights.map((weight, i) => ({ host: `h${i}`, weight })) }] });
  return chart;
}

/** Numbers a JavaScript caller might pass where an integer is expected. */
const anyNumber = fc.oneof(
  fc.integer({ min: -5, max: 10 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5, 2 ** 31, 2 ** 53, 1e300),
);

/**
 * Durations a caller might build. cdk8s's Duration refuses negative amounts itself, so negative durations never
 * reach the library; NaN, fractions of a millisecond, zero and values beyond any API field do.
 */
const anyDuration = fc.oneof(
  fc.nat({ max: 60_000 }).map(ms => Duration.millis(ms)),
  fc.double({ min: 0, max: 10, noNaN: true }).map(s => Duration.seconds(s)),
  fc.constantFrom(Duration.millis(NaN), Duration.seconds(Infinity), Duration.days(1e6), Duration.millis(1e300), Duration.millis(0.25)),
);

/** Mostly `usual` values, so that both outcomes (valid YAML, mesh error) occur, and sometimes `unusual` ones. */
function mostly<T>(usual: fc.Arbitrary<T>, ...unusual: fc.Arbitrary<T>[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 4 }, ...unusual.map(arbitrary => ({ arbitrary, weight: 1 })));
}

/** Asserts a thrown value is a mesh error: an Error whose message starts with the construct path and names a prop. */
function expectMeshError(e: unknown, props: RegExp): void {
  expect(e).toBeInstanceOf(Error);
  const message = (e as Error).message;
  expect(message.startsWith('[')).toBe(true);
  expect(message).toMatch(props);
}

describe('Istio layer properties', () => {
  describe('weights', () => {
    /** Percent splits over 1 to 5 destinations that sum to 100 (zeros included). */
    const percentSplit = fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 })
      .map(cuts => [0, ...[...cuts].sort((a, b) => a - b), 100])
      .map(points => points.slice(1).map((p, i) => p - points[i]))
      .filter(ws => ws.length === 1 || ws.some(w => w > 0));

    test('render as given when they sum to 100, in order', () => {
      fc.assert(fc.property(percentSplit, ws => {
        const route = synthValid(split(ws))[0].spec.http[0].route;
        expect(route.map((r: any) => r.destination.host)).toEqual(ws.map((_, i) => `h${i}`));
        expect(route.map((r: any) => r.weight)).toEqual(ws);
      }), { numRuns: 100 });
    });

    test('are never rescaled: any other total is refused, with the same shares in percent as the fix', () => {
      const weights = fc.array(fc.nat({ max: 1000 }), { minLength: 2, maxLength: 6 })
        .filter(ws => ws.some(w => w > 0) && ws.reduce((a, b) => a + b, 0) !== 100);
      fc.assert(fc.property(weights, ws => {
        const total = ws.reduce((a, b) => a + b, 0);
        let message = '';
        try {
          split(ws);
        } catch (e) {
          message = (e as Error).message;
        }
        const problem = `weights must sum to 100 (percent of the traffic, rendered as given), got ${ws.join(' + ')} = ${total}. `;
        expect(message.startsWith(`[test/vs] httpRoutes[0].destinations ${problem}`)).toBe(true);
        const fix = /Write ([\d + ]+) for the same shares$/.exec(message);
        if (fix) {
          const shares = fix[1].split(' + ').map(Number);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
          shares.forEach((p, i) => expect(Math.abs(p - (100 * ws[i]) / total)).toBeLessThan(1));
        } else {
          expect(message).toMatch(/Give shares in percent that add up to 100$/);
        }
      }), { numRuns: 100 });
    });

    test('a total of 0 over several destinations is a clear error, not a crash', () => {
      fc.assert(fc.property(fc.integer({ min: 2, max: 8 }), n => {
        expect(() => split(Array(n).fill(0))).toThrow(
          `[test/vs] httpRoutes[0].destinations weights must not all be 0 (got ${Array(n).fill(0).join(' + ')} = 0): Istio rejects a route with no traffic. Give at least one destination a positive weight`);
      }), { numRuns: 7 });
    });
  });

  describe('determinism', () => {
    const vsInput = fc.record({
      // Percent splits, so that every generated split renders (see the weights properties).
      weights: fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 4 })
        .map(ws => [...ws.slice(1), 100 - ws.slice(1).reduce((a, b) => a + b, 0)]),
      timeoutMs: fc.integer({ min: 1000, max: 60_000 }),
      attempts: fc.integer({ min: 0, max: 3 }),
      header: fc.stringMatching(/^x-[a-z]{1,8}$/),
    });
    const drInput = fc.record({
      subsets: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), { minLength: 1, maxLength: 4 }),
      maxConnections: fc.integer({ min: 1, max: 10_000 }),
      consecutive5xxErrors: fc.integer({ min: 0, max: 50 }),
      intervalMs: fc.integer({ min: 1, max: 600_000 }),
    });

    function buildVs(input: { weights: number[]; timeoutMs: number; attempts: number; header: string }): string {
      const chart = testChart('shop');
      const v = new VirtualService(chart, 'vs', { hosts: ['payments'] });
      v.addHttpRoute({ matches: [{ headers: { [input.header]: StringMatch.exact('1') } }], destinations: [{ host: 'canary' }] });
      v.addHttpRoute({
        matches: [{ method: StringMatch.exact('GET') }],
        destinations: input.weights.map((weight, i) => ({ host: `v${i}`, weight: input.weights.length > 1 ? weight : undefined })),
        timeout: Duration.millis(input.timeoutMs),
        retries: { attempts: input.attempts },
      });
      return Yaml.stringify(...Testing.synth(chart));
    }

    function buildDr(input: { subsets: string[]; maxConnections: number; consecutive5xxErrors: number; intervalMs: number }): string {
      const chart = testChart('shop');
      new DestinationRule(chart, 'dr', {
        host: 'payments',
        trafficPolicy: {
          connectionPool: { tcp: { maxConnections: input.maxConnections } },
          outlierDetection: { consecutive5xxErrors: input.consecutive5xxErrors, interval: Duration.millis(input.intervalMs) },
        },
        subsets: input.subsets.map(name => ({ name, labels: { version: name } })),
      });
      return Yaml.stringify(...Testing.synth(chart));
    }

    test('building the same VirtualService twice gives byte-identical YAML', () => {
      fc.assert(fc.property(vsInput, input => {
        expect(buildVs(input)).toEqual(buildVs(input));
      }), { numRuns: 50 });
    });

    test('building the same DestinationRule twice gives byte-identical YAML', () => {
      fc.assert(fc.property(drInput, input => {
        expect(buildDr(input)).toEqual(buildDr(input));
      }), { numRuns: 50 });
    });
  });

  describe('errors instead of crashes', () => {
    /** Counts the outcomes of a property, so that a test can assert that both occurred (it is not vacuous). */
    function outcomes() {
      const seen = { valid: 0, error: 0 };
      return {
        seen,
        /** Builds; on success synthesizes through the validation engine, on a throw checks it is a mesh error naming one of `props`. */
        check(build: () => Chart, props: RegExp): void {
          let chart: Chart;
          try {
            chart = build();
          } catch (e) {
            expectMeshError(e, props);
            seen.error++;
            return;
          }
          synthValid(chart);
          seen.valid++;
        },
      };
    }

    test('any retry attempts and timeouts synthesize valid YAML or throw a mesh error naming the prop', () => {
      const { seen, check } = outcomes();
      const usualDuration = fc.integer({ min: 1, max: 5000 }).map(ms => Duration.millis(ms));
      const input = fc.record({
        attempts: mostly(fc.integer({ min: 0, max: 3 }), anyNumber),
        perTryTimeout: fc.option(mostly(usualDuration, anyDuration), { nil: undefined }),
        timeout: fc.option(mostly(fc.integer({ min: 1000, max: 60_000 }).map(ms => Duration.millis(ms)), anyDuration), { nil: undefined }),
        backoff: fc.option(mostly(usualDuration, anyDuration), { nil: undefined }),
        get: fc.boolean(),
        unsafe: fc.boolean(),
      });
      fc.assert(fc.property(input, i => {
        check(() => {
          const chart = testChart();
          new VirtualService(chart, 'vs', {
            hosts: ['h'],
            httpRoutes: [{
              matches: i.get ? [{ method: StringMatch.exact('GET') }] : undefined,
              destinations: [{ host: 'h' }],
              timeout: i.timeout,
              retries: { attempts: i.attempts, perTryTimeout: i.perTryTimeout, backoff: i.backoff },
              allowUnsafeRetries: i.unsafe,
            }],
          });
          return chart;
        }, /^\[test\/vs\] httpRoutes\[0\]\.(timeout|retries\.(attempts|perTryTimeout|backoff)) /);
      }), { numRuns: 100 });
      // Both outcomes occurred: the property is not vacuous.
      expect(seen.valid).toBeGreaterThan(0);
      expect(seen.error).toBeGreaterThan(0);
    });

    test('any outlier detection and connection pool numbers synthesize valid YAML or throw a mesh error naming the prop', () => {
      const { seen, check } = outcomes();
      const usualDuration = fc.integer({ min: 1, max: 600_000 }).map(ms => Duration.millis(ms));
      const input = fc.record({
        consecutive5xxErrors: fc.option(mostly(fc.integer({ min: 0, max: 50 }), anyNumber), { nil: undefined }),
        maxEjectionPercent: fc.option(mostly(fc.integer({ min: 0, max: 50 }), anyNumber), { nil: undefined }),
        interval: fc.option(mostly(usualDuration, anyDuration), { nil: undefined }),
        baseEjectionTime: fc.option(mostly(usualDuration, anyDuration), { nil: undefined }),
        maxConnections: fc.option(mostly(fc.integer({ min: 1, max: 10_000 }), anyNumber), { nil: undefined }),
        connectTimeout: fc.option(mostly(usualDuration, anyDuration), { nil: undefined }),
      });
      fc.assert(fc.property(input, i => {
        check(() => {
          const chart = testChart();
          new DestinationRule(chart, 'dr', {
            host: 'h',
            trafficPolicy: {
              outlierDetection: {
                consecutive5xxErrors: i.consecutive5xxErrors,
                maxEjectionPercent: i.maxEjectionPercent,
                interval: i.interval,
                baseEjectionTime: i.baseEjectionTime,
              },
              connectionPool: { tcp: { maxConnections: i.maxConnections, connectTimeout: i.connectTimeout } },
            },
          });
          return chart;
        }, /^\[test\/dr\] trafficPolicy\.(outlierDetection\.(consecutive5xxErrors|maxEjectionPercent|interval|baseEjectionTime)|connectionPool\.tcp\.(maxConnections|connectTimeout)) /);
      }), { numRuns: 100 });
      expect(seen.valid).toBeGreaterThan(0);
      expect(seen.error).toBeGreaterThan(0);
    });

    test('any weights, including negative, fractional and NaN, render or throw a mesh error naming the weight', () => {
      const { seen, check } = outcomes();
      // Splits that sum to 100 with one entry sometimes replaced by any number, and arrays of any numbers.
      const almost = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.option(anyNumber, { freq: 2 }))
        .map(([a, odd]) => (odd === null ? [a, 100 - a] : [a, odd]));
      const weights = fc.oneof(almost, fc.array(mostly(fc.integer({ min: 0, max: 100 }), anyNumber), { minLength: 1, maxLength: 5 }));
      fc.assert(fc.property(weights, ws => {
        check(() => split(ws), /^\[test\/vs\] httpRoutes\[0\]\.destinations(\[\d+\]\.weight)? /);
      }), { numRuns: 100 });
      expect(seen.valid).toBeGreaterThan(0);
      expect(seen.error).toBeGreaterThan(0);
    });
  });

  describe('generated names', () => {
    /**
     * Construct ids as users write them: any case, `_`, `.`, `-`, spaces and digits (never `/`, and never a name
     * of Object.prototype such as `valueOf`, which the constructs library itself cannot store as a child).
     */
    const id = fc.stringMatching(/^[A-Za-z0-9_. -]{1,40}$/).filter(s => s.trim().length > 0 && !(s in Object.prototype));

    test('are DNS-1123 subdomains (labels for Gateways), unique, and pass the validation engine', () => {
      fc.assert(fc.property(id, fc.uniqueArray(id, { minLength: 5, maxLength: 5 }), (chartId, [a, b, c, d, e]) => {
        // GIVEN
        const chart = new Chart(Testing.app(), chartId, { namespace: 'shop' });

        // WHEN
        new VirtualService(chart, a, { hosts: ['h'], httpRoutes: [{ destinations: [{ host: 'h' }] }] });
        new DestinationRule(chart, b, { host: 'h' });
        new Gateway(chart, c, { selector: { istio: 'ingressgateway' }, servers: [{ port: 80, protocol: PortProtocol.HTTP, hosts: ['*'] }] });
        new Sidecar(chart, d, { egress: [{ hosts: ['./*'] }] });
        new PeerAuthentication(chart, e);

        // THEN
        const objects = synthValid(chart);
        const names = objects.map(o => o.metadata.name as string);
        for (const o of objects) {
          const name: string = o.metadata.name;
          if (o.kind === 'Gateway') expect(name.length <= 63 && DNS_LABEL.test(name)).toBe(true);
          else expect(name.length <= 253 && DNS_SUBDOMAIN.test(name)).toBe(true);
        }
        expect(new Set(names).size).toBe(names.length);
      }), { numRuns: 60 });
    });

    test('leave names cdk8s generates validly unchanged', () => {
      const chart = testChart('shop');
      const v = new VirtualService(chart, 'payments', { hosts: ['h'], httpRoutes: [{ destinations: [{ host: 'h' }] }] });
      const odd = new VirtualService(chart, 'Payments_V2', { hosts: ['h'], httpRoutes: [{ destinations: [{ host: 'h' }] }] });
      expect(v.apiObject.name).toMatch(/^test-payments-c8[0-9a-f]{6}$/);
      expect(odd.apiObject.name).toMatch(/^test-payments-v2-c8[0-9a-f]{6}$/);
    });
  });
});
