import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function pod(securityContext: any, containerContext?: any, labels: Record<string, string> = { app: 'web' }): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod', labels }, spec: { securityContext, containers: [{ name: 'web', image: 'web:1', ...(containerContext ? { securityContext: containerContext } : {}) }] } };
}

describe('IST0144', () => {
  test('fires once on a Pod that runs as UID 1337, in its pod or container security context', () => {
    expect(findingsOf('IST0144', [pod({ runAsUser: 1337 }, { runAsUser: 1337 })])).toEqual([
      'spec.securityContext.runAsUser: Pod prod/web runs as UID 1337 (spec.securityContext.runAsUser, spec.containers[0].securityContext.runAsUser), the sidecar proxy\'s UID: its traffic bypasses the proxy, without mTLS or policy (User ID (UID) 1337 is reserved for the sidecar proxy.)',
    ]);
  });

  test('silent on other UIDs and on Istio\'s own objects', () => {
    expectSilent('IST0144', [pod({ runAsUser: 1000 })]);
    expectSilent('IST0144', [pod({ runAsUser: 1337 }, undefined, { istio: 'ingressgateway' })]);
  });
});
