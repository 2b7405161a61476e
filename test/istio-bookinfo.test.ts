import { Testing, Yaml } from 'cdk8s';
import { expectValid } from './support/synth';
import { build } from '../examples/bookinfo/main';

/** The Bookinfo example: every chart synthesizes, passes the validation engine, and keeps upstream semantics. */
describe('Bookinfo example', () => {
  const app = Testing.app();
  build(app);
  const charts = Object.fromEntries(app.charts.map(c => [c.node.id, c.toJson()]));

  test('has one chart per upstream file, all valid', () => {
    expect(Object.keys(charts)).toHaveLength(17);
    for (const objects of Object.values(charts)) expectValid(objects);
    expect(Yaml.stringify(...charts['virtual-service-reviews-test-v2'], ...charts['destination-rule-all'])).toMatchSnapshot();
  });

  test('keeps upstream names, subsets and weights', () => {
    expect(charts['destination-rule-all'].map((o: any) => [o.metadata.name, o.spec.subsets.map((s: any) => s.name)])).toEqual([
      ['productpage', ['v1']], ['reviews', ['v1', 'v2', 'v3']], ['ratings', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']], ['details', ['v1', 'v2']],
    ]);
    const mtls = charts['destination-rule-all-mtls'];
    expect(mtls.map((o: any) => o.metadata.name)).toEqual(['productpage', 'reviews', 'ratings', 'details']);
    expect(mtls.map((o: any) => o.spec.trafficPolicy.tls)).toEqual(Array(4).fill({ mode: 'ISTIO_MUTUAL' }));
    expect(charts['virtual-service-reviews-80-20'][0].spec.http[0].route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['v1', 80], ['v2', 20]]);
  });

  test('injects faults only where upstream does, for jason only', () => {
    const [abort] = charts['virtual-service-ratings-test-abort'];
    expect(abort.spec.http[0].match).toEqual([{ headers: { 'end-user': { exact: 'jason' } } }]);
    expect(abort.spec.http[0].fault).toEqual({ abort: { httpStatus: 500, percentage: { value: 100 } } });
    expect(abort.spec.http[1]).not.toHaveProperty('fault');
    const [delay] = charts['virtual-service-ratings-test-delay'];
    expect(delay.spec.http[0].fault).toEqual({ delay: { fixedDelay: '7s', percentage: { value: 100 } } });
  });

  test('difference: every route renders attempts: 0 and the 15s default timeout', () => {
    // GIVEN: every HTTP route of every virtual-service-* chart (counted first, so that the loop cannot pass on nothing)
    const files = Object.keys(charts).filter(file => file.startsWith('virtual-service'));
    const routes = files.flatMap(file => charts[file].flatMap((o: any) => o.spec.http));
    expect(files).toHaveLength(14);
    expect(routes).toHaveLength(24);

    // THEN
    for (const route of routes) {
      expect(route.retries).toEqual({ attempts: 0 });
      expect(route.timeout).toEqual('15s');
    }
  });
});
