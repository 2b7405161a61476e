import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } };
function ap(namespaces: string[]): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'allow-frontend', namespace: 'prod' },
    spec: { rules: [{ from: [{ source: { namespaces } }] }] },
  };
}

function kia0101(manifests: any[]): string[] {
  return ruleFindings('KIA0101', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('KIA0101', () => {
  test('fires on a source namespace that is not among the manifests', () => {
    expect(kia0101([namespace, ap(['prod', 'frontnd'])])).toEqual([
      'spec.rules[0].from[0].source.namespaces[1]: Namespace not found for this rule: spec.rules[0].from[0].source.namespaces names "frontnd", '
        + 'which is not a namespace of the manifests',
    ]);
  });

  test('silent on known namespaces, matching wildcards, and built-in namespaces', () => {
    expectSilent('KIA0101', [namespace, ap(['prod', 'pro*', 'istio-system', 'kube-system'])]);
  });

  test('silent when the manifests contain no Namespace', () => {
    expectSilent('KIA0101', [ap(['frontnd'])]);
  });
});
