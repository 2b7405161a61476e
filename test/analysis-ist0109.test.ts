import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function vs(name: string, namespace: string, spec: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec: { http: [{ route: [{ destination: { host: 'reviews.prod.svc.cluster.local' } }] }], ...spec } };
}

function ist0109(...manifests: any[]): string[] {
  return ruleFindings('IST0109', manifests).map(f => `${f.namespace}/${f.name} ${f.path}: ${f.message}`);
}

describe('IST0109', () => {
  test('fires on two VirtualServices for the same host on the mesh gateway', () => {
    // GIVEN a short host in prod and its FQDN in web, both exported everywhere
    const a = vs('reviews', 'prod', { hosts: ['reviews'] });
    const b = vs('reviews-canary', 'web', { hosts: ['ratings', 'reviews.prod.svc.cluster.local'], gateways: ['mesh'] });
    // THEN both are reported
    expect(ist0109(a, b)).toEqual([
      'prod/reviews spec.hosts[0]: VirtualService prod/reviews and web/reviews-canary are bound to the mesh gateway and define host reviews.prod.svc.cluster.local for every namespace: which routes the sidecars use is undefined (The VirtualServices prod/reviews,web/reviews-canary associated with mesh gateway define the same host reviews.prod.svc.cluster.local which can lead to undefined behavior.)',
      'web/reviews-canary spec.hosts[1]: VirtualService web/reviews-canary and prod/reviews are bound to the mesh gateway and define host reviews.prod.svc.cluster.local for every namespace: which routes the sidecars use is undefined (The VirtualServices prod/reviews,web/reviews-canary associated with mesh gateway define the same host reviews.prod.svc.cluster.local which can lead to undefined behavior.)',
    ]);
  });

  test('a namespace-scoped VirtualService conflicts with a global wildcard one', () => {
    const a = vs('local', 'web', { hosts: ['api.example.com'], exportTo: ['.'] });
    const b = vs('all', 'edge', { hosts: ['*.example.com'] });
    expect(ist0109(a, b).map(f => f.split(':')[0])).toEqual(['edge/all spec.hosts[0]', 'web/local spec.hosts[0]']);
  });

  test('silent when the hosts differ, the exports are disjoint, or one is bound to a gateway only', () => {
    expectSilent('IST0109', [
      vs('reviews', 'prod', { hosts: ['reviews'], exportTo: ['.'] }),
      vs('reviews-web', 'web', { hosts: ['reviews.prod.svc.cluster.local'], exportTo: ['.'] }),
      vs('ingress', 'prod', { hosts: ['reviews'], gateways: ['istio-system/public'] }),
      vs('ratings', 'prod', { hosts: ['ratings'] }),
    ]);
  });
});
