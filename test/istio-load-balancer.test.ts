import { Duration, Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { DestinationRule, LoadBalancerAlgorithm } = istio;

function lb(loadBalancer: istio.LoadBalancerSettings, outlierDetection?: istio.OutlierDetection) {
  const chart = testChart('shop');
  new DestinationRule(chart, 'payments', { metadata: { name: 'payments' }, host: 'payments', trafficPolicy: { loadBalancer, outlierDetection } });
  return chart;
}

describe('LoadBalancerSettings', () => {
  test('renders locality failover with outlier detection, and warmup', () => {
    // GIVEN / WHEN
    const chart = lb({
      simple: LoadBalancerAlgorithm.ROUND_ROBIN,
      localityLbSetting: {
        enabled: true,
        failover: [{ fromRegion: 'us-east', toRegion: 'us-west' }],
        failoverPriority: ['topology.istio.io/network'],
      },
      warmup: { duration: Duration.seconds(90), minimumPercent: 20, aggression: 1.5 },
    }, { consecutive5xxErrors: 5 });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.trafficPolicy.loadBalancer).toEqual({
      simple: 'ROUND_ROBIN',
      localityLbSetting: { enabled: true, failover: [{ from: 'us-east', to: 'us-west' }], failoverPriority: ['topology.istio.io/network'] },
      warmup: { duration: '90s', minimumPercent: 20, aggression: 1.5 },
    });
  });

  test('renders locality distribution without an algorithm', () => {
    const [obj] = synthValid(lb({
      localityLbSetting: { distribute: [{ fromLocality: 'us-west/zone1/*', toLocalities: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] },
    }));
    expect(obj.spec.trafficPolicy.loadBalancer).toEqual({
      localityLbSetting: { distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] },
    });
  });

  test('renders a cookie hash with path, ttl and attributes on a ring', () => {
    const [obj] = synthValid(lb({
      consistentHash: {
        httpCookieName: 'session',
        cookiePath: '/',
        cookieTtl: Duration.minutes(30),
        cookieAttributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure' }],
        ringHash: { minimumRingSize: 2048 },
      },
    }));
    expect(obj.spec.trafficPolicy.loadBalancer.consistentHash).toEqual({
      httpCookie: { name: 'session', path: '/', ttl: '1800s', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure' }] },
      ringHash: { minimumRingSize: 2048 },
    });
  });

  test('renders Maglev with a prime table size', () => {
    const [obj] = synthValid(lb({ consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 65537 } } }));
    expect(obj.spec.trafficPolicy.loadBalancer.consistentHash).toEqual({ httpHeaderName: 'x-user', maglev: { tableSize: 65537 } });
  });

  test('fails when failover has no outlier detection to trigger it', () => {
    expect(() => lb({ localityLbSetting: { failover: [{ fromRegion: 'us-east', toRegion: 'us-west' }] } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.localityLbSetting sets failover without outlierDetection at the same level: Istio fails over only when outlier detection ejects the local endpoints, so traffic would never move. Add outlierDetection next to loadBalancer');
  });

  test('fails when distribute and failover are combined, or weights do not sum to 100', () => {
    expect(() => lb({ localityLbSetting: { distribute: [{ fromLocality: 'a', toLocalities: { b: 100 } }], failover: [{ fromRegion: 'a', toRegion: 'b' }] } }, {})).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.localityLbSetting cannot set both distribute and failover (Istio rejects it). Keep one of them');
    expect(() => lb({ localityLbSetting: { distribute: [{ fromLocality: 'us-west/*', toLocalities: { 'us-west/*': 70, 'us-east/*': 20 } }] } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.localityLbSetting.distribute[0].toLocalities weights must sum to 100, got 70 + 20 = 90. Adjust the shares so that they add up to 100');
  });

  test('fails on malformed or overlapping localities', () => {
    expect(() => lb({ localityLbSetting: { distribute: [{ fromLocality: 'us-west/*/zone', toLocalities: { 'us-west': 100 } }] } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.localityLbSetting.distribute[0].fromLocality must be a locality region[/zone[/subzone]] with at most one \'*\', at the end, got "us-west/*/zone"');
    expect(() => lb({ localityLbSetting: { distribute: [{ fromLocality: 'us-west', toLocalities: { 'us-west': 50, 'us-west/zone1': 50 } }] } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.localityLbSetting.distribute[0].toLocalities has overlapping localities "us-west" and "us-west/zone1". List each locality once, at one level');
    expect(() => lb({ localityLbSetting: { distribute: [{ fromLocality: 'us-west', toLocalities: {} }] } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.localityLbSetting.distribute[0].toLocalities must list at least one locality, got {}. Give each upstream locality its share, summing to 100');
  });

  test('fails when failover stays in a region or mixes with topology priorities', () => {
    expect(() => lb({ localityLbSetting: { failover: [{ fromRegion: 'us-east', toRegion: 'us-east' }] } }, {})).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.localityLbSetting.failover[0] must fail over to a different region, got "us-east" to itself. Set toRegion to another region');
    expect(() => lb({ localityLbSetting: { failover: [{ fromRegion: 'us-east/zone1', toRegion: 'us-west' }] } }, {})).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.localityLbSetting.failover[0].fromRegion must be a region, without \'/\' or \'*\', got "us-east/zone1". Name the region alone, such as us-east');
    expect(() => lb({ localityLbSetting: { failover: [{ fromRegion: 'a', toRegion: 'b' }], failoverPriority: ['topology.kubernetes.io/zone'] } }, {})).toThrow(
      'localityLbSetting.failoverPriority[0] cannot be the topology label "topology.kubernetes.io/zone" together with failover (Istio rejects it)');
  });

  test('fails when warmup is combined with an algorithm that ignores it, or is out of range', () => {
    expect(() => lb({ simple: LoadBalancerAlgorithm.RANDOM, warmup: { duration: Duration.seconds(30) } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.warmup applies only to ROUND_ROBIN and LEAST_REQUEST, got RANDOM: Istio would ignore it. Remove warmup or use LoadBalancerAlgorithm.ROUND_ROBIN or LEAST_REQUEST');
    expect(() => lb({ warmup: { duration: Duration.seconds(30), aggression: 0.5 } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.warmup.aggression must be a number of at least 1, got 0.5');
    expect(() => lb({ warmup: { duration: Duration.seconds(30), minimumPercent: 120 } })).toThrow(
      'trafficPolicy.loadBalancer.warmup.minimumPercent must be a number from 0 to 100, got 120');
  });

  test('fails on a Maglev table size that is not prime, or two hash algorithms', () => {
    expect(() => lb({ consistentHash: { useSourceIp: true, maglev: { tableSize: 65536 } } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.consistentHash.maglev.tableSize must be a prime number below 5000011, got 65536. Use 65537 (Envoy\'s default) or another prime');
    expect(() => lb({ consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 }, ringHash: {} } })).toThrow(
      'trafficPolicy.loadBalancer.consistentHash must have at most one of ringHash and maglev, got both');
  });

  test('fails when cookie settings come without a cookie, or attributes are malformed', () => {
    expect(() => lb({ consistentHash: { httpHeaderName: 'x-user', cookiePath: '/' } })).toThrow(
      '[test/payments] trafficPolicy.loadBalancer.consistentHash.cookiePath applies only to the cookie Istio generates for httpCookieName. Remove cookiePath or hash on httpCookieName');
    expect(() => lb({ consistentHash: { httpCookieName: 's', cookieTtl: Duration.hours(1), cookieAttributes: [{ name: 'Same Site' }] } })).toThrow(
      'consistentHash.cookieAttributes[0].name must be a cookie attribute name (an HTTP token such as SameSite), got "Same Site"');
  });

  test('fails when loadBalancer sets nothing', () => {
    expect(() => lb({})).toThrow('[test/payments] trafficPolicy.loadBalancer must set simple, consistentHash, localityLbSetting or warmup');
  });
});
