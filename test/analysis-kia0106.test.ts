import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } };
const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'frontend', namespace: 'prod' } };
function ap(principals: string[]): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'allow-frontend', namespace: 'prod' },
    spec: { rules: [{ from: [{ source: { principals } }] }] },
  };
}

function kia0106(manifests: any[]): string[] {
  return ruleFindings('KIA0106', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('KIA0106', () => {
  test('fires on a principal whose service account is not among the manifests', () => {
    expect(kia0106([serviceAccount, ap(['cluster.local/ns/prod/sa/frontend', 'cluster.local/ns/prod/sa/frontnd'])])).toEqual([
      'spec.rules[0].from[0].source.principals[1]: Service Account not found for this principal: spec.rules[0].from[0].source.principals has '
        + '"cluster.local/ns/prod/sa/frontnd", but there is no ServiceAccount prod/frontnd among the manifests',
    ]);
  });

  test('fires on a principal whose namespace is not among the manifests', () => {
    expect(kia0106([namespace, ap(['cluster.local/ns/prd/sa/frontend'])])).toEqual([
      'spec.rules[0].from[0].source.principals[0]: Service Account not found for this principal: spec.rules[0].from[0].source.principals has '
        + '"cluster.local/ns/prd/sa/frontend", but namespace "prd" is not among the manifests',
    ]);
  });

  test('silent on known and default service accounts, wildcards, and namespaces without ServiceAccounts in the manifests', () => {
    expectSilent('KIA0106', [namespace, serviceAccount, ap([
      'cluster.local/ns/prod/sa/frontend',
      '*/ns/prod/sa/default',
      'cluster.local/ns/prod/sa/*',
      '*',
      'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
    ])]);
  });

  test('silent when the manifests contain no ServiceAccount and no Namespace', () => {
    expectSilent('KIA0106', [ap(['cluster.local/ns/prod/sa/frontnd'])]);
  });
});
