import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'edge-istio-1', namespace: 'edge', labels: { 'gateway.networking.k8s.io/gateway-name': 'edge', 'app': 'edge-istio' } }, spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } };
function policy(spec: any): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-admin', namespace: 'edge' }, spec: { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }], ...spec } };
}

describe('IST0166', () => {
  test('fires on a policy whose selector matches the pods of a Gateway API Gateway', () => {
    expect(findingsOf('IST0166', [pod, policy({ selector: { matchLabels: { app: 'edge-istio' } } })])).toEqual([
      'spec.selector: AuthorizationPolicy edge/deny-admin selects the pods of Gateway API Gateway edge, where Istio ignores selectors, so it does not apply to that gateway (Ineffective selector on Kubernetes Gateway edge. Use the TargetRef field instead.)',
    ]);
  });

  test('silent with targetRefs, or a selector matching other pods', () => {
    expectSilent('IST0166', [pod, policy({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }] })]);
    expectSilent('IST0166', [pod, policy({ selector: { matchLabels: { app: 'web' } } })]);
  });
});
