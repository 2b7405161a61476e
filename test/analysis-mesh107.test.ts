import { authorizationPolicy, deployment, expectSilent, findingsOf, namespaceObject } from './support/mesh-rule-fixtures';

const ambient = namespaceObject('prod', { 'istio.io/dataplane-mode': 'ambient' });
const l7 = {
  selector: { matchLabels: { app: 'payments' } },
  action: 'ALLOW',
  rules: [
    { from: [{ source: { principals: ['cluster.local/ns/prod/sa/frontend'] } }] },
    { from: [{ source: { namespaces: ['web'] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }], when: [{ key: 'request.headers[x-tenant]', values: ['a'] }] },
  ],
};

describe('MESH107', () => {
  test('fires on a selector-based L7 rule in an ambient namespace', () => {
    expect(findingsOf('MESH107', [ambient, authorizationPolicy('payments', l7)])).toEqual([
      'spec.rules[1]: rule spec.rules[1] uses L7 attributes (to[0].operation.methods, to[0].operation.paths, when[0] (request.headers[x-tenant])) in a selector-based policy for ambient workloads in namespace prod: ztunnel enforces only L4 and fails safe by treating the policy as DENY, and waypoints ignore selector-based policies, so the rule is not enforced as written',
    ]);
  });

  test('fires on requestPrincipals when the selected pods are labelled ambient', () => {
    const pods = deployment('payments', { 'app': 'payments', 'istio.io/dataplane-mode': 'ambient' });
    const policy = authorizationPolicy('jwt', { selector: { matchLabels: { app: 'payments' } }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
    expect(findingsOf('MESH107', [pods, policy])).toEqual([
      'spec.rules[0]: rule spec.rules[0] uses L7 attributes (from[0].source.requestPrincipals) in a selector-based policy for ambient workloads in namespace prod: ztunnel enforces only L4 and fails safe by treating the policy as DENY, and waypoints ignore selector-based policies, so the rule is not enforced as written',
    ]);
  });

  test('silent on targetRefs policies, L4-only rules in ambient namespaces, and L7 rules in sidecar namespaces', () => {
    const targeted = authorizationPolicy('payments-l7', { targetRefs: [{ group: '', kind: 'Service', name: 'payments' }], rules: l7.rules });
    const l4 = authorizationPolicy('payments-l4', { selector: l7.selector, rules: [{ from: [{ source: { namespaces: ['web'] } }], to: [{ operation: { ports: ['8080'] } }] }] });
    expectSilent('MESH107', [ambient, targeted, l4]);
    expectSilent('MESH107', [namespaceObject('prod', { 'istio-injection': 'enabled' }), authorizationPolicy('payments', l7)]);
  });
});
