import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const canary = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'prod' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] }] },
};
function ingress(destination: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'edge', namespace: 'prod' }, spec: { hosts: ['shop.example.com'], gateways: ['istio-system/public'], http: [{ route: [{ destination }] }] } };
}

describe('IST0140', () => {
  test('fires on a gateway route to a host that another VirtualService splits by subset', () => {
    expect(findingsOf('IST0140', [canary, ingress({ host: 'reviews' })]).map(f => f.split(' (')[0])).toEqual([
      'spec.http[0].route[0].destination: VirtualService prod/edge sends gateway traffic to reviews without a subset, but VirtualService prod/reviews routes that host by subset: VirtualServices do not chain, so its subset routing does not apply to these requests',
    ]);
  });

  test('silent when the gateway route names a subset, or routes elsewhere', () => {
    expectSilent('IST0140', [canary, ingress({ host: 'reviews', subset: 'v1' })]);
    expectSilent('IST0140', [canary, ingress({ host: 'ratings' })]);
  });
});
