import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'reviews', namespace: 'prod' },
  spec: { selector: { matchLabels: { app: 'reviews' } }, template: { metadata: { labels: { app: 'reviews' } }, spec: { containers: [{ name: 'app', image: 'reviews:1' }] } } },
};
function telemetry(name: string, matchLabels: Record<string, string>): any {
  return { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name, namespace: 'prod' }, spec: { selector: { matchLabels }, accessLogging: [{ providers: [{ name: 'envoy' }] }] } };
}

describe('IST0159', () => {
  test('fires on Telemetries that select the pods of the same workload', () => {
    expect(findingsOf('IST0159', [deployment, telemetry('one', { app: 'reviews' }), telemetry('two', { app: 'reviews' })]).map(f => f.split(' (')[0])).toEqual([
      'spec.selector: Telemetry prod/one and the other Telemetries of [one two] select Deployment prod/reviews: which one configures its telemetry is undefined',
      'spec.selector: Telemetry prod/two and the other Telemetries of [one two] select Deployment prod/reviews: which one configures its telemetry is undefined',
    ]);
  });

  test('silent with one Telemetry per pod', () => {
    expectSilent('IST0159', [deployment, telemetry('one', { app: 'reviews' }), telemetry('two', { app: 'ratings' })]);
  });
});
