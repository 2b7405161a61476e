import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function vs(spec: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'prod' }, spec: { hosts: ['reviews'], ...spec } };
}

function kia1104(manifest: any): string[] {
  return ruleFindings('KIA1104', [manifest]).map(f => `${f.path}: ${f.message}`);
}

describe('KIA1104', () => {
  test('fires on a single HTTP destination with weight under 100', () => {
    expect(kia1104(vs({ http: [{ name: 'main', route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }] }] }))).toEqual([
      'spec.http[0].route[0].weight: The weight is assumed to be 100 because there is only one route destination: spec.http[0] ("main") sends all traffic to "reviews", not 80%',
    ]);
  });

  test('fires on TCP routes too', () => {
    expect(kia1104(vs({ tcp: [{ route: [{ destination: { host: 'reviews' }, weight: 50 }] }] }))).toHaveLength(1);
  });

  test('silent on weight 100, no weight, and a split', () => {
    expectSilent('KIA1104', [vs({
      http: [
        { route: [{ destination: { host: 'reviews' }, weight: 100 }] },
        { route: [{ destination: { host: 'reviews' } }] },
        { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] },
      ],
    })]);
  });
});
