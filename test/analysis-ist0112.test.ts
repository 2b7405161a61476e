import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'prod' }, spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }, { name: 'grpc', port: 9090 }] } };
function vs(destination: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'prod' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination }] }] } };
}

describe('IST0112', () => {
  test('fires on a destination without port to a Service with several ports', () => {
    expect(findingsOf('IST0112', [service, vs({ host: 'reviews' })])).toEqual([
      'spec.http[0].route[0].destination: VirtualService prod/reviews routes to reviews without a port, but Service prod/reviews exposes ports 9080, 9090 (This VirtualService routes to a service "reviews" that exposes multiple ports [9080 9090]. Specifying a port in the destination is required to disambiguate.)',
    ]);
  });

  test('silent with a port, with one port, or when the Service is not among the manifests', () => {
    expectSilent('IST0112', [service, vs({ host: 'reviews', port: { number: 9080 } })]);
    expectSilent('IST0112', [{ ...service, spec: { ...service.spec, ports: [{ name: 'http', port: 9080 }] } }, vs({ host: 'reviews' })]);
    expectSilent('IST0112', [vs({ host: 'reviews' })]);
  });
});
