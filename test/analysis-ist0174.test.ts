import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

const dr = (host: string) => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'dr', namespace: 'prod' }, spec: { host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } });
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'prod' }, spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] } };

describe('IST0174', () => {
  test('fires with wholeCluster on a host no Service or ServiceEntry defines', () => {
    expect(ruleFindings('IST0174', [service, dr('ratings')], { wholeCluster: true }).map(f => `${f.path}: ${f.message}`)).toEqual([
      'spec.host: DestinationRule prod/dr is for host ratings, which no Service or ServiceEntry in the files defines for namespace prod, so its policy applies to nothing (The host ratings defined in the DestinationRule does not match any services in the mesh.)',
    ]);
  });

  test('silent on a Service host, and without wholeCluster', () => {
    expectSilent('IST0174', [service, dr('reviews')], { wholeCluster: true });
    expectSilent('IST0174', [dr('ratings')]);
  });
});
