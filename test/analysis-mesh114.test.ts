import { expectSilent, findingsOf, httpRoute, ruleFindings, serviceProfile } from './support/mesh-rule-fixtures';

const profile = serviceProfile('payments.prod.svc.cluster.local', { routes: [{ name: 'GET /api', condition: { method: 'GET', pathRegex: '/api' } }] });
const canary = httpRoute('payments-canary', {
  parentRefs: [{ group: '', kind: 'Service', name: 'payments', port: 80 }],
  rules: [{ backendRefs: [{ name: 'payments-stable', port: 80, weight: 90 }, { name: 'payments-canary', port: 80, weight: 10 }] }],
});

describe('MESH114', () => {
  test('fires on a GAMMA HTTPRoute whose parent Service has a ServiceProfile: Linkerd ignores the route', () => {
    // GIVEN a canary split on the Service, and a profile for the same Service
    expect(findingsOf('MESH114', [canary, profile])).toEqual([
      'spec.parentRefs[0]: HTTPRoute prod/payments-canary attaches to Service prod/payments, but ServiceProfile prod/payments.prod.svc.cluster.local exists for that Service: Linkerd\'s proxies of every caller then route by the profile and ignore the Service\'s routes, so this route\'s backendRefs split, matches, filters and timeouts never apply',
    ]);
  });

  test('a profile in a client namespace shadows the route for callers there only', () => {
    const clientProfile = { ...profile, metadata: { ...profile.metadata, namespace: 'web' } };
    expect(findingsOf('MESH114', [canary, clientProfile])[0]).toContain('Linkerd\'s proxies of callers in namespace web then route by the profile');
  });

  test('is an error, so synthesis with MeshAnalyzer.addToScope fails', () => {
    expect(ruleFindings('MESH114', [canary, profile])[0].severity).toBe('error');
  });

  test('silent without a profile for the parent Service, or for a route attached to a Gateway', () => {
    expectSilent('MESH114', [canary, serviceProfile('ledger.prod.svc.cluster.local', { routes: [{ name: 'GET /', condition: { method: 'GET' } }] })]);
    const north = httpRoute('payments-edge', { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], rules: [{ backendRefs: [{ name: 'payments', port: 80 }] }] });
    expectSilent('MESH114', [north, profile]);
  });
});
