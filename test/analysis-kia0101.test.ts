import { analyzeManifests } from '../src/analysis';

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
  return analyzeManifests(manifests, { schemaValidation: false }).filter(f => f.ruleId === 'KIA0101').map(f => `${f.path}: ${f.message}`);
}

describe('KIA0101', () => {
  test('fires on a source namespace that is not among the manifests', () => {
    expect(kia0101([namespace, ap(['prod', 'frontnd'])])).toEqual([
      'spec.rules[0].from[0].source.namespaces[1]: Namespace not found for this rule: spec.rules[0].from[0].source.namespaces names "frontnd", '
        + 'which is not a namespace of the manifests',
    ]);
  });

  test('silent on known namespaces, matching wildcards, and built-in namespaces', () => {
    expect(kia0101([namespace, ap(['prod', 'pro*', 'istio-system', 'kube-system'])])).toEqual([]);
  });

  test('silent when the manifests contain no Namespace', () => {
    expect(kia0101([ap(['frontnd'])])).toEqual([]);
  });
});
