import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function dr(tls: any): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'db-tls', namespace: 'prod' },
    spec: { host: 'mydb.prod.svc.cluster.local', trafficPolicy: { portLevelSettings: [{ port: { number: 80 } }, { port: { number: 443 }, tls }] } },
  };
}

function ist0129(manifest: any): string[] {
  return ruleFindings('IST0129', [manifest]).map(f => `${f.path}: ${f.message}`);
}

describe('IST0129', () => {
  test('fires on a port-level SIMPLE TLS without caCertificates', () => {
    expect(ist0129(dr({ mode: 'SIMPLE' }))).toEqual([
      'spec.trafficPolicy.portLevelSettings[1].tls.caCertificates: DestinationRule db-tls in namespace prod has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: mydb.prod.svc.cluster.local at port 443',
    ]);
  });

  test('silent with caCertificates or with mesh mTLS', () => {
    expectSilent('IST0129', [dr({ mode: 'MUTUAL', caCertificates: '/etc/certs/ca.pem', clientCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem' })]);
    expectSilent('IST0129', [dr({ mode: 'ISTIO_MUTUAL' })]);
  });
});
