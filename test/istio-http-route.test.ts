import { Duration, Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { VirtualService, StringMatch, UnmatchedPreflights } = istio;

function route(options: istio.HttpRouteOptions) {
  const chart = testChart('shop');
  new VirtualService(chart, 'payments', { metadata: { name: 'payments' }, hosts: ['payments'], httpRoutes: [options] });
  return chart;
}

describe('HttpRoute', () => {
  test('renders several mirrors, each with its own percentage', () => {
    // GIVEN / WHEN
    const chart = route({
      destinations: [{ host: 'payments' }],
      mirrors: [{ host: 'payments-shadow', subset: 'v2', percentage: 5 }, { host: 'audit', port: 8080 }],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.http[0].mirrors).toEqual([
      { destination: { host: 'payments-shadow', subset: 'v2' }, percentage: { value: 5 } },
      { destination: { host: 'audit', port: { number: 8080 } } },
    ]);
    expect(obj.spec.http[0]).not.toHaveProperty('mirror');
    expect(obj.spec.http[0]).not.toHaveProperty('mirrorPercentage');
  });

  test('renders retryIgnorePreviousHosts on an idempotent route', () => {
    const [obj] = synthValid(route({
      matches: [{ method: StringMatch.exact('GET') }],
      destinations: [{ host: 'payments' }],
      retries: { attempts: 2, retryIgnorePreviousHosts: false },
    }));
    expect(obj.spec.http[0].retries).toEqual({ attempts: 2, retryIgnorePreviousHosts: false });
  });

  test('renders header and query parameter presence matches as {} and withoutHeaders', () => {
    // GIVEN / WHEN
    const chart = route({
      matches: [{
        headers: { 'x-debug': StringMatch.present() },
        withoutHeaders: { 'x-canary': StringMatch.present(), 'x-env': StringMatch.prefix('test') },
        queryParams: { trace: StringMatch.present() },
      }],
      destinations: [{ host: 'payments' }],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.http[0].match).toEqual([{
      headers: { 'x-debug': {} },
      withoutHeaders: { 'x-canary': {}, 'x-env': { prefix: 'test' } },
      queryParams: { trace: {} },
    }]);
  });

  test('renders CORS unmatchedPreflights', () => {
    const [obj] = synthValid(route({
      destinations: [{ host: 'payments' }],
      corsPolicy: { allowOrigins: [StringMatch.exact('https://shop.example.com')], unmatchedPreflights: UnmatchedPreflights.IGNORE },
    }));
    expect(obj.spec.http[0].corsPolicy).toEqual({ allowOrigins: [{ exact: 'https://shop.example.com' }], unmatchedPreflights: 'IGNORE' });
  });

  test('fails when mirrors and mirror are combined', () => {
    expect(() => route({ destinations: [{ host: 'p' }], mirror: { host: 'a' }, mirrors: [{ host: 'b' }] })).toThrow(
      '[test/payments] httpRoutes[0].mirrors cannot be combined with mirror (Istio would mirror to both), got both. Move the mirror into mirrors, with its percentage');
    expect(() => route({ destinations: [{ host: 'p' }], mirrorPercentage: 5, mirrors: [{ host: 'b' }] })).toThrow(
      'httpRoutes[0].mirrors cannot be combined with mirrorPercentage');
  });

  test('fails when a mirror has a bad percentage, no host, or is empty', () => {
    expect(() => route({ destinations: [{ host: 'p' }], mirrors: [{ host: 'b', percentage: 101 }] })).toThrow(
      '[test/payments] httpRoutes[0].mirrors[0].percentage must be a number from 0 to 100, got 101');
    expect(() => route({ destinations: [{ host: 'p' }], mirrors: [{ host: '' }] })).toThrow(
      '[test/payments] httpRoutes[0].mirrors[0].host must be a non-empty service name, got ""');
    expect(() => route({ destinations: [{ host: 'p' }], mirrors: [] })).toThrow('[test/payments] httpRoutes[0].mirrors must not be empty when given, got []. Omit it for no mirroring');
  });

  test('fails when a mirror carries a weight instead of dropping it', () => {
    expect(() => route({ destinations: [{ host: 'p' }], mirror: { host: 'shadow', weight: 10 } })).toThrow(
      '[test/payments] httpRoutes[0].mirror.weight does not apply to a mirror (Istio has no such field there), got 10. Remove weight');
  });

  test('fails when mirrors are set on a redirect', () => {
    expect(() => route({ redirect: { uri: '/' }, mirrors: [{ host: 'b' }] })).toThrow(
      '[test/payments] httpRoutes[0].mirrors has no effect on a route that answers with redirect or directResponse. Remove mirrors');
  });

  test('fails when a presence match is used outside headers and query parameters', () => {
    expect(() => route({ matches: [{ uri: StringMatch.present() }], destinations: [{ host: 'p' }] })).toThrow(
      '[test/payments] httpRoutes[0].matches[0].uri cannot be StringMatch.present(): presence matches exist only for headers, withoutHeaders and queryParams');
  });

  test('fails when unmatchedPreflights is not a known value', () => {
    expect(() => route({
      destinations: [{ host: 'p' }],
      corsPolicy: { allowOrigins: [StringMatch.exact('https://a')], unmatchedPreflights: 'DROP' as istio.UnmatchedPreflights },
    })).toThrow('[test/payments] httpRoutes[0].corsPolicy.unmatchedPreflights must be one of "FORWARD", "IGNORE" (UnmatchedPreflights), got "DROP"');
  });

  test('fails with a mesh error, not a cdk8s crash, on a fraction of a millisecond', () => {
    expect(() => route({ destinations: [{ host: 'p' }], timeout: Duration.millis(0.5) })).toThrow(
      '[test/payments] httpRoutes[0].timeout must be a whole number of milliseconds and at least 1ms, got 0.5ms');
  });

  test('fails when a duration exceeds what the API server accepts', () => {
    expect(() => route({ destinations: [{ host: 'p' }], timeout: Duration.days(200_000) })).toThrow(
      '[test/payments] httpRoutes[0].timeout must be at most 9223372036854ms (about 292 years, the longest duration the API server\'s CEL duration() accepts), got 17280000000000ms');
  });
});
