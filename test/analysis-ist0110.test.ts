import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'reviews-1', namespace: 'prod', labels: { app: 'reviews', version: 'v1' } }, spec: { containers: [{ name: 'app', image: 'reviews:1' }] } };
function sidecar(name: string, labels: Record<string, string>): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name, namespace: 'prod' }, spec: { workloadSelector: { labels }, egress: [{ hosts: ['./*'] }] } };
}

describe('IST0110', () => {
  test('fires on every Sidecar that selects a pod another Sidecar selects', () => {
    // GIVEN two Sidecars whose selectors both match the pod
    expect(findingsOf('IST0110', [pod, sidecar('by-app', { app: 'reviews' }), sidecar('by-version', { version: 'v1' })])).toEqual([
      'spec.workloadSelector: Sidecar prod/by-app and the other Sidecars of [by-app by-version] select Pod prod/reviews-1: the proxy gets one of them, which one is undefined (The Sidecars [by-app by-version] in namespace "prod" select the same workload pod "reviews-1", which can lead to undefined behavior.)',
      'spec.workloadSelector: Sidecar prod/by-version and the other Sidecars of [by-app by-version] select Pod prod/reviews-1: the proxy gets one of them, which one is undefined (The Sidecars [by-app by-version] in namespace "prod" select the same workload pod "reviews-1", which can lead to undefined behavior.)',
    ]);
  });

  test('silent when the selectors pick different pods', () => {
    expectSilent('IST0110', [pod, sidecar('by-app', { app: 'reviews' }), sidecar('other', { app: 'ratings' })]);
  });
});
