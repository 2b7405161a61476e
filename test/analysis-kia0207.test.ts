import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function pa(namespace: string, mode: string, name = 'default'): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec: { mtls: { mode } } };
}
const disablingDr = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'prod-plain', namespace: 'prod' },
  spec: { host: '*.prod.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } },
};

function kia0207(manifests: any[]): string[] {
  return ruleFindings('KIA0207', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('KIA0207', () => {
  test('fires on a namespace-wide DestinationRule disabling mTLS while the namespace is STRICT', () => {
    expect(kia0207([disablingDr, pa('prod', 'STRICT', 'strict')])).toEqual([
      'spec.trafficPolicy.tls.mode: PeerAuthentication with TLS strict mode found, it should be permissive: this DestinationRule sets tls.mode DISABLE '
        + 'for host "*.prod.svc.cluster.local", but PeerAuthentication prod/strict sets mtls.mode STRICT, so servers reject the plain-text requests',
    ]);
  });

  test('silent when the namespace is PERMISSIVE, or STRICT only for a selected workload', () => {
    expectSilent('KIA0207', [disablingDr, pa('prod', 'PERMISSIVE')]);
    const selected = pa('prod', 'STRICT');
    selected.spec.selector = { matchLabels: { app: 'payments' } };
    expectSilent('KIA0207', [disablingDr, selected]);
  });
});
