import { authorizationPolicy, deployment, expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const denyAll = authorizationPolicy('deny-all', {});
const allowFrontend = authorizationPolicy('allow-frontend', {
  selector: { matchLabels: { app: 'payments' } },
  action: 'ALLOW',
  rules: [{ from: [{ source: { principals: ['cluster.local/ns/prod/sa/frontend'] } }] }],
});

describe('MESH105', () => {
  test('fires on a workload under an allow-nothing policy that no ALLOW policy selects', () => {
    const manifests = [denyAll, allowFrontend, deployment('payments', { app: 'payments' }), deployment('ledger', { app: 'ledger', tier: 'db' })];
    expect(findingsOf('MESH105', manifests)).toEqual([
      'spec.template.metadata.labels: Deployment prod/ledger is under default deny (allow-nothing AuthorizationPolicy prod/deny-all) and no ALLOW AuthorizationPolicy with rules selects its pods (labels: app=ledger, tier=db): Istio will deny every request to it',
    ]);
  });

  test('fires on a mesh-wide allow-nothing policy in the root namespace', () => {
    const manifests = [authorizationPolicy('deny-all', {}, 'istio-system'), deployment('ledger', { app: 'ledger' }, { namespace: 'billing' })];
    expect(findingsOf('MESH105', manifests)).toEqual([
      'spec.template.metadata.labels: Deployment billing/ledger is under default deny (allow-nothing AuthorizationPolicy istio-system/deny-all) and no ALLOW AuthorizationPolicy with rules selects its pods (labels: app=ledger): Istio will deny every request to it',
    ]);
  });

  test('silent when a selector, namespace-wide or root-namespace ALLOW policy reaches the workload, or without default deny', () => {
    const namespaceWide = authorizationPolicy('allow-monitoring', { rules: [{ from: [{ source: { namespaces: ['monitoring'] } }] }] });
    const rootAllow = authorizationPolicy('allow-ingress', {
      selector: { matchLabels: { app: 'ledger' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/ingress'] } }] }],
    }, 'istio-system');
    expectSilent('MESH105', [denyAll, allowFrontend, deployment('payments', { app: 'payments' })]);
    expectSilent('MESH105', [denyAll, namespaceWide, deployment('ledger', { app: 'ledger' })]);
    expectSilent('MESH105', [denyAll, rootAllow, deployment('ledger', { app: 'ledger' })]);
    expectSilent('MESH105', [allowFrontend, deployment('ledger', { app: 'ledger' })]);
  });
});
