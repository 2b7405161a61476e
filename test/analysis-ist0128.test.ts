import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function dr(spec: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'db-tls', namespace: 'prod' }, spec: { host: 'mydb.prod.svc.cluster.local', ...spec } };
}

function ist0128(manifest: any): string[] {
  return ruleFindings('IST0128', [manifest]).map(f => `${f.path}: ${f.message}`);
}

describe('IST0128', () => {
  test('fires on SIMPLE TLS without caCertificates', () => {
    expect(ist0128(dr({ trafficPolicy: { tls: { mode: 'SIMPLE' } } }))).toEqual([
      'spec.trafficPolicy.tls.caCertificates: DestinationRule db-tls in namespace prod has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: mydb.prod.svc.cluster.local',
    ]);
  });

  test('fires on MUTUAL TLS with credentialName but no workloadSelector, and on a subset', () => {
    expect(ist0128(dr({
      trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'db-credential' } },
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } } }],
    }))).toEqual([
      'spec.subsets[0].trafficPolicy.tls.caCertificates: DestinationRule db-tls in namespace prod has TLS mode set to SIMPLE (subset v1) but no caCertificates are set to validate server identity for host: mydb.prod.svc.cluster.local (insecureSkipVerify: true switches verification off explicitly)',
      'spec.trafficPolicy.tls.caCertificates: DestinationRule db-tls in namespace prod has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: mydb.prod.svc.cluster.local (credentialName db-credential supplies a CA only on a DestinationRule with a workloadSelector)',
    ]);
  });

  test('silent with caCertificates, credentialName with a workloadSelector, or ISTIO_MUTUAL', () => {
    expectSilent('IST0128', [dr({ trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/etc/certs/ca.pem' } } })]);
    expectSilent('IST0128', [dr({ workloadSelector: { matchLabels: { app: 'api' } }, trafficPolicy: { tls: { mode: 'SIMPLE', credentialName: 'db-ca' } } })]);
    expectSilent('IST0128', [dr({ trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })]);
  });
});
