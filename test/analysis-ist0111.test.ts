import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function sidecar(name: string, workloadSelector?: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name, namespace: 'prod' }, spec: { ...(workloadSelector ? { workloadSelector } : {}), egress: [{ hosts: ['./*'] }] } };
}

describe('IST0111', () => {
  test('fires on each of several Sidecars without workloadSelector in one namespace', () => {
    expect(findingsOf('IST0111', [sidecar('b'), sidecar('a', { labels: {} })])).toEqual([
      'spec: Sidecar prod/a is one of 2 Sidecars without workloadSelector in namespace prod ([a b]): only one can be the namespace default and which one applies is undefined (The Sidecars [a b] in namespace "prod" have no workload selector, which can lead to undefined behavior.)',
      'spec: Sidecar prod/b is one of 2 Sidecars without workloadSelector in namespace prod ([a b]): only one can be the namespace default and which one applies is undefined (The Sidecars [a b] in namespace "prod" have no workload selector, which can lead to undefined behavior.)',
    ]);
  });

  test('silent with one default Sidecar per namespace', () => {
    expectSilent('IST0111', [sidecar('default'), sidecar('reviews', { labels: { app: 'reviews' } })]);
  });
});
