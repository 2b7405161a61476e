import { expectSilent, findingsOf, httpRoute, service, serviceProfile } from './support/mesh-rule-fixtures';

const profile = serviceProfile('payments.prod.svc.cluster.local', { routes: [{ name: 'GET /api', condition: { method: 'GET', pathRegex: '/api' } }] });

describe('MESH111', () => {
  test('fires on retry/timeout annotations of a Service that has a ServiceProfile', () => {
    const svc = service('payments', { app: 'payments' }, { annotations: { 'retry.linkerd.io/http': '5xx', 'timeout.linkerd.io/request': '2s', 'other': 'x' } });
    expect(findingsOf('MESH111', [svc, profile])).toEqual([
      'metadata.annotations[retry.linkerd.io/http]: annotation retry.linkerd.io/http on Service prod/payments is ignored for every caller: ServiceProfile prod/payments.prod.svc.cluster.local exists for Service prod/payments, and Linkerd then takes retries and timeouts from the profile\'s routes not from annotations',
      'metadata.annotations[timeout.linkerd.io/request]: annotation timeout.linkerd.io/request on Service prod/payments is ignored for every caller: ServiceProfile prod/payments.prod.svc.cluster.local exists for Service prod/payments, and Linkerd then takes retries and timeouts from the profile\'s routes not from annotations',
    ]);
  });

  test('fires on annotations of an HTTPRoute whose parent Service has a ServiceProfile (in the callers\' namespace)', () => {
    const route = httpRoute('payments', { parentRefs: [{ group: '', kind: 'Service', name: 'payments', port: 80 }], rules: [{ backendRefs: [{ name: 'payments', port: 80 }] }] },
      { annotations: { 'retry.linkerd.io/limit': '2' } });
    const clientProfile = { ...profile, metadata: { ...profile.metadata, namespace: 'web' } };
    expect(findingsOf('MESH111', [route, clientProfile])).toEqual([
      'metadata.annotations[retry.linkerd.io/limit]: annotation retry.linkerd.io/limit on HTTPRoute prod/payments (spec.parentRefs[0]) is ignored for callers in namespace web: ServiceProfile web/payments.prod.svc.cluster.local exists for Service prod/payments, and Linkerd then takes retries and timeouts from the profile\'s routes, and this route itself, not from annotations',
    ]);
  });

  test('silent without a ServiceProfile for the Service', () => {
    const svc = service('payments', { app: 'payments' }, { annotations: { 'retry.linkerd.io/http': '5xx' } });
    const other = serviceProfile('ledger.prod.svc.cluster.local', { routes: [{ name: 'GET /', condition: { method: 'GET' } }] });
    expectSilent('MESH111', [svc, other]);
  });
});
