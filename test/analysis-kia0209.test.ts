import { deployment, expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function dr(subsets: any[]): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'prod' }, spec: { host: 'reviews', subsets } };
}
const reviewsV1 = deployment('reviews-v1', { app: 'reviews', version: 'v1' });

function kia0209(manifests: any[]): string[] {
  return ruleFindings('KIA0209', manifests).map(f => `${f.severity} ${f.path}: ${f.message}`);
}

describe('KIA0209', () => {
  test('fires on a subset without labels', () => {
    expect(kia0209([dr([{ name: 'v1' }])])).toEqual([
      'warning spec.subsets[0]: This subset has not labels: subset "v1" of host "reviews" has no labels, so it selects every endpoint of the host',
    ]);
  });

  test('is only informational when another subset selects a workload (as Kiali)', () => {
    expect(kia0209([reviewsV1, dr([{ name: 'v1', labels: { version: 'v1' } }, { name: 'all', labels: {} }])])).toEqual([
      'info spec.subsets[1]: This subset has not labels: subset "all" of host "reviews" has no labels, so it selects every endpoint of the host',
    ]);
  });

  test('silent when every subset has labels', () => {
    expectSilent('KIA0209', [dr([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }])]);
  });
});
