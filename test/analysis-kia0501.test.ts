import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

const strict = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'prod' }, spec: { mtls: { mode: 'STRICT' } } };
const autoMtlsOff = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: 'enableAutoMtls: false\n' } };
function dr(host: string, mode: string): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'mtls', namespace: 'prod' }, spec: { host, trafficPolicy: { tls: { mode } } } };
}

function kia0501(manifests: any[]): string[] {
  return ruleFindings('KIA0501', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('KIA0501', () => {
  test('fires on a STRICT namespace without a DestinationRule enabling mTLS, auto mTLS off', () => {
    expect(kia0501([autoMtlsOff, strict])).toEqual([
      'spec.mtls.mode: Destination Rule enabling namespace-wide mTLS is missing: this PeerAuthentication requires mTLS (STRICT) in prod, '
        + 'auto mTLS is off (enableAutoMtls: false), and no DestinationRule for host "*.prod.svc.cluster.local" or "*.local" sets tls.mode ISTIO_MUTUAL, '
        + 'so clients send plain text that the servers reject',
    ]);
  });

  test('reads enableAutoMtls from an IstioOperator too', () => {
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio', namespace: 'istio-system' }, spec: { meshConfig: { enableAutoMtls: false } } };
    expect(kia0501([operator, strict])).toHaveLength(1);
  });

  test('silent with a namespace- or mesh-wide ISTIO_MUTUAL DestinationRule, or with auto mTLS on', () => {
    expectSilent('KIA0501', [autoMtlsOff, strict, dr('*.prod.svc.cluster.local', 'ISTIO_MUTUAL')]);
    expectSilent('KIA0501', [autoMtlsOff, strict, dr('*.local', 'ISTIO_MUTUAL')]);
    expectSilent('KIA0501', [strict]);
  });
});
