import { expectSilent, findingsOf, httpRoute } from './support/mesh-rule-fixtures';

const rules = [{ backendRefs: [{ name: 'payments', port: 80 }] }];

describe('MESH115', () => {
  test('fires on a parentRef of kind Service without group "": the group defaults to the route\'s', () => {
    expect(findingsOf('MESH115', [httpRoute('payments', { parentRefs: [{ kind: 'Service', name: 'payments', port: 80 }], rules })])).toEqual([
      'spec.parentRefs[0]: HTTPRoute prod/payments parentRefs[0] names gateway.networking.k8s.io/Service payments: without group: "" the group defaults to gateway.networking.k8s.io, so this is not the core Service payments; routes attach to Gateways, Services (GAMMA) and Linkerd Servers, so this parent never gets the route',
    ]);
  });

  test('fires on a Linkerd route whose parent defaults to a Gateway (policy.linkerd.io/Gateway)', () => {
    const route = { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'HTTPRoute', metadata: { name: 'admin', namespace: 'prod' }, spec: { parentRefs: [{ name: 'payments-http' }], rules: [{}] } };
    expect(findingsOf('MESH115', [route], { valid: false }).map(f => f.split(';')[0])).toEqual([
      'spec.parentRefs[0]: HTTPRoute prod/admin parentRefs[0] names policy.linkerd.io/Gateway payments-http',
    ]);
  });

  test('silent on Gateways, core Services and Linkerd Servers', () => {
    expectSilent('MESH115', [httpRoute('payments', {
      parentRefs: [{ name: 'edge' }, { group: '', kind: 'Service', name: 'payments', port: 80 }, { group: 'policy.linkerd.io', kind: 'Server', name: 'payments-http' }],
      rules,
    })]);
  });
});
