import { analyzeManifests } from '../src/analysis';

function dr(subsets: any[]): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'prod' }, spec: { host: 'reviews', subsets } };
}
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'reviews-v1', namespace: 'prod' },
  spec: { template: { metadata: { labels: { app: 'reviews', version: 'v1' } } } },
};

function kia0209(manifests: any[]): string[] {
  return analyzeManifests(manifests, { schemaValidation: false }).filter(f => f.ruleId === 'KIA0209').map(f => `${f.severity} ${f.path}: ${f.message}`);
}

describe('KIA0209', () => {
  test('fires on a subset without labels', () => {
    expect(kia0209([dr([{ name: 'v1' }])])).toEqual([
      'warning spec.subsets[0]: This subset has not labels: subset "v1" of host "reviews" has no labels, so it selects every endpoint of the host',
    ]);
  });

  test('is only informational when another subset selects a workload (as Kiali)', () => {
    expect(kia0209([deployment, dr([{ name: 'v1', labels: { version: 'v1' } }, { name: 'all', labels: {} }])])).toEqual([
      'info spec.subsets[1]: This subset has not labels: subset "all" of host "reviews" has no labels, so it selects every endpoint of the host',
    ]);
  });

  test('silent when every subset has labels', () => {
    expect(kia0209([dr([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }])])).toEqual([]);
  });
});
