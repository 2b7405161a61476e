import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

const disabled = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'prod' }, spec: { mtls: { mode: 'DISABLE' } } };
function dr(name: string, host: string, mode: string): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: 'prod' }, spec: { host, trafficPolicy: { tls: { mode } } } };
}

function kia0505(manifests: any[]): string[] {
  return ruleFindings('KIA0505', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('KIA0505', () => {
  test('fires on a namespace disabling mTLS while a namespace-wide DestinationRule sends ISTIO_MUTUAL', () => {
    expect(kia0505([disabled, dr('prod-mtls', '*.prod.svc.cluster.local', 'ISTIO_MUTUAL')])).toEqual([
      'spec.mtls.mode: Destination Rule disabling namespace-wide mTLS is missing: this PeerAuthentication disables mTLS in prod, '
        + 'but DestinationRule prod/prod-mtls sets tls.mode ISTIO_MUTUAL for host "*.prod.svc.cluster.local", so clients send mTLS the servers do not accept',
    ]);
  });

  test('fires when only a mesh-wide DestinationRule sends mTLS', () => {
    expect(kia0505([disabled, dr('mesh-mtls', '*.local', 'ISTIO_MUTUAL')])).toHaveLength(1);
  });

  test('silent when a namespace-wide DestinationRule disables mTLS too', () => {
    expectSilent('KIA0505', [disabled, dr('prod-plain', '*.prod.svc.cluster.local', 'DISABLE'), dr('mesh-mtls', '*.local', 'ISTIO_MUTUAL')]);
    expectSilent('KIA0505', [disabled]);
  });
});
