import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function pa(namespace: string, mode: string): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode } } };
}
const nsDr = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'prod-mtls', namespace: 'prod' },
  spec: { host: '*.prod.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
};
const autoMtlsOff = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: 'enableAutoMtls: false\n' } };

function kia0206(manifests: any[]): string[] {
  return ruleFindings('KIA0206', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('KIA0206', () => {
  test('fires on a namespace-wide ISTIO_MUTUAL DestinationRule without a PeerAuthentication enabling mTLS, auto mTLS off', () => {
    expect(kia0206([autoMtlsOff, nsDr, pa('prod', 'DISABLE')])).toEqual([
      'spec.trafficPolicy.tls.mode: PeerAuthentication enabling namespace-wide mTLS is missing: this DestinationRule sets tls.mode ISTIO_MUTUAL '
        + 'for host "*.prod.svc.cluster.local", but no PeerAuthentication without selector in prod or istio-system sets mtls.mode STRICT or PERMISSIVE',
    ]);
  });

  test('silent with a namespace PeerAuthentication enabling mTLS, or with auto mTLS on (Istio\'s default, as Kiali)', () => {
    expectSilent('KIA0206', [autoMtlsOff, nsDr, pa('prod', 'STRICT')]);
    expectSilent('KIA0206', [nsDr]);
  });
});
