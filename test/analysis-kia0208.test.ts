import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function pa(namespace: string, mode: string): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode } } };
}
function dr(namespace: string, host: string): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'plain', namespace },
    spec: { host, trafficPolicy: { tls: { mode: 'DISABLE' } } },
  };
}

function kia0208(manifests: any[]): string[] {
  return ruleFindings('KIA0208', manifests).map(f => `${f.namespace} ${f.path}: ${f.message}`);
}

describe('KIA0208', () => {
  test('fires on a mesh-wide DestinationRule disabling mTLS while the mesh is STRICT', () => {
    expect(kia0208([pa('istio-system', 'STRICT'), dr('istio-system', '*.local')])).toEqual([
      'istio-system spec.trafficPolicy.tls.mode: PeerAuthentication enabling mTLS found, permissive mode needed: this mesh-wide DestinationRule sets '
        + 'tls.mode DISABLE for host "*.local", but mesh-wide PeerAuthentication istio-system/default sets mtls.mode STRICT, so servers reject the plain-text requests',
    ]);
  });

  test('fires on a namespace-wide DestinationRule disabling mTLS in a namespace without its own PeerAuthentication', () => {
    expect(kia0208([pa('istio-system', 'STRICT'), dr('prod', '*.prod.svc.cluster.local')])).toHaveLength(1);
  });

  test('silent when the mesh is PERMISSIVE, or the namespace states its own mode', () => {
    expectSilent('KIA0208', [pa('istio-system', 'PERMISSIVE'), dr('istio-system', '*.local')]);
    expectSilent('KIA0208', [pa('istio-system', 'STRICT'), pa('prod', 'DISABLE'), dr('prod', '*.prod.svc.cluster.local')]);
  });
});
