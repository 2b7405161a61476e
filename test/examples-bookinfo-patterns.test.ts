import { Testing } from 'cdk8s';
import { build as buildIstio } from '../examples/bookinfo-istio/main';
import { build as buildLinkerd } from '../examples/bookinfo-linkerd/main';
import { AuthzDecision, AuthzExplainer } from '../src/analysis/explain';

function manifests(build: (app: any) => void): any[] {
  const app = Testing.app();
  build(app);
  return app.charts.flatMap(c => c.toJson());
}

const ISTIO = manifests(buildIstio);
const LINKERD = manifests(buildLinkerd);
const WORKLOADS: { [app: string]: string } = { productpage: 'productpage-v1', details: 'details-v1', reviews: 'reviews-v1', ratings: 'ratings-v1' };

/** Bookinfo's call graph: caller, callee, a method and path the caller sends. */
const EDGES: Array<[string, string, string, string]> = [
  ['productpage', 'details', 'GET', '/details/0'],
  ['productpage', 'reviews', 'GET', '/reviews/0'],
  ['reviews', 'ratings', 'GET', '/ratings/0'],
];

function decide(objects: any[], mesh: 'istio' | 'linkerd', from: [string, string], to: string, method: string, path: string): AuthzDecision {
  const e = AuthzExplainer.explain(objects, {
    sourceNamespace: from[0], sourceServiceAccount: from[1], targetNamespace: 'bookinfo', targetWorkload: WORKLOADS[to], method, path, port: 9080,
  });
  return mesh === 'istio' ? e.istio.decision : e.linkerd!.decision;
}

describe.each([['istio', ISTIO], ['linkerd', LINKERD]] as const)('Bookinfo through the patterns on %s', (mesh, objects) => {
  const sa = (app: string): [string, string] => ['bookinfo', `bookinfo-${app}`];
  const ingress: [string, string] = mesh === 'istio' ? ['istio-system', 'istio-ingressgateway'] : ['ingress-nginx', 'ingress-nginx'];

  test.each(EDGES)('%s may call %s (%s %s)', (from, to, method, path) => {
    expect(decide(objects, mesh, sa(from), to, method, path)).toBe(AuthzDecision.ALLOW);
  });

  test('the ingress may load and post the product page, nothing else', () => {
    expect(decide(objects, mesh, ingress, 'productpage', 'GET', '/productpage')).toBe(AuthzDecision.ALLOW);
    expect(decide(objects, mesh, ingress, 'productpage', 'POST', '/login')).toBe(AuthzDecision.ALLOW);
    expect(decide(objects, mesh, ingress, 'details', 'GET', '/details/0')).toBe(AuthzDecision.DENY);
    expect(decide(objects, mesh, ingress, 'productpage', 'DELETE', '/productpage')).toBe(AuthzDecision.DENY);
  });

  test('every call outside the graph is denied', () => {
    for (const from of Object.keys(WORKLOADS)) {
      for (const to of Object.keys(WORKLOADS)) {
        const edge = EDGES.find(([f, t]) => f === from && t === to);
        const path = edge ? edge[3] : `/${to}/0`;
        const expected = edge ? AuthzDecision.ALLOW : AuthzDecision.DENY;
        expect([from, to, decide(objects, mesh, sa(from), to, 'GET', path)]).toEqual([from, to, expected]);
      }
    }
    // An allowed edge with a method or path it does not use.
    expect(decide(objects, mesh, sa('reviews'), 'ratings', 'POST', '/ratings/0')).toBe(AuthzDecision.DENY);
    expect(decide(objects, mesh, sa('productpage'), 'details', 'GET', '/admin')).toBe(AuthzDecision.DENY);
  });
});

test('on Istio an HTTPS ingress serves the pages; on Linkerd the ingress is the controller the user runs', () => {
  const gateway = ISTIO.find(o => o.kind === 'Gateway');
  expect(gateway.spec.servers.map((s: any) => [s.port.number, s.tls])).toEqual([[443, { mode: 'SIMPLE', credentialName: 'bookinfo-tls' }], [80, { httpsRedirect: true }]]);
  expect(LINKERD.find(o => o.kind === 'Gateway')).toBeUndefined();
});
