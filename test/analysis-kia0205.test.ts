import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function pa(namespace: string, mode: string): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode } } };
}
const meshDr = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'mesh-mtls', namespace: 'istio-system' },
  spec: { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
};

function kia0205(manifests: any[]): string[] {
  return ruleFindings('KIA0205', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('KIA0205', () => {
  test('fires on a mesh-wide ISTIO_MUTUAL DestinationRule without a mesh-wide PeerAuthentication enabling mTLS', () => {
    expect(kia0205([meshDr, pa('prod', 'STRICT')])).toEqual([
      'spec.trafficPolicy.tls.mode: PeerAuthentication enabling mTLS at mesh level is missing: this DestinationRule sets tls.mode ISTIO_MUTUAL for host "*.local", '
        + 'but no PeerAuthentication without selector in istio-system sets mtls.mode STRICT or PERMISSIVE',
    ]);
  });

  test('silent when the root namespace has a STRICT or PERMISSIVE PeerAuthentication', () => {
    expectSilent('KIA0205', [meshDr, pa('istio-system', 'PERMISSIVE')]);
    expectSilent('KIA0205', [meshDr, pa('istio-system', 'STRICT')]);
  });
});
