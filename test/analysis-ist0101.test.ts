import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function vs(spec: any, namespace = 'prod'): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace }, spec: { hosts: ['reviews'], ...spec } };
}
function dr(name: string, namespace: string, spec: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec };
}
const gateway = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'istio-system' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } };

function ist0101(...manifests: any[]): string[] {
  return ruleFindings('IST0101', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('IST0101', () => {
  test('fires on a route subset that no DestinationRule defines', () => {
    // GIVEN a DestinationRule with v1 only, and a route to v2
    const manifests = [
      dr('reviews', 'prod', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      vs({ http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] }] }),
    ];
    // THEN
    expect(ist0101(...manifests)).toEqual([
      'spec.http[0].route[1].destination.subset: VirtualService prod/reviews routes to subset "v2" of reviews (reviews.prod.svc.cluster.local), but DestinationRule prod/reviews (host reviews.prod.svc.cluster.local, in namespace prod), which istiod applies to it, defines only subsets v1 (Referenced host+subset in destinationrule not found: "reviews+v2")',
    ]);
  });

  test('fires on a mirror subset with no DestinationRule at all', () => {
    expect(ist0101(vs({ http: [{ route: [{ destination: { host: 'reviews' } }], mirror: { host: 'reviews', subset: 'shadow' } }] }))).toEqual([
      'spec.http[0].mirror.subset: VirtualService prod/reviews mirrors to subset "shadow" of reviews (reviews.prod.svc.cluster.local), but no DestinationRule for that host is visible in namespace prod (Referenced mirror+subset in destinationrule not found: "reviews+shadow")',
    ]);
  });

  test('a DestinationRule in the client namespace shadows the one in the service namespace, as in istiod', () => {
    const manifests = [
      dr('reviews', 'prod', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      dr('reviews-tls', 'web', { host: 'reviews.prod.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
      vs({ hosts: ['reviews.prod.svc.cluster.local'], http: [{ route: [{ destination: { host: 'reviews.prod.svc.cluster.local', subset: 'v1' } }] }] }, 'web'),
    ];
    expect(ist0101(...manifests).map(f => f.split(':')[0])).toEqual(['spec.http[0].route[0].destination.subset']);
  });

  test('fires on a gateway that is not among the manifests', () => {
    expect(ist0101(vs({ gateways: ['mesh', 'istio-system/public', 'web-gw'], http: [{ route: [{ destination: { host: 'reviews' } }] }] }), gateway)).toEqual([
      'spec.gateways[2]: VirtualService prod/reviews binds to gateway "web-gw", but there is no Gateway prod/web-gw (networking.istio.io or gateway.networking.k8s.io) among the manifests, so its routes are not served there (Referenced gateway not found: "web-gw")',
    ]);
  });

  test('silent when subsets resolve through the service namespace, the root namespace, exportTo and wildcards', () => {
    const manifests = [
      dr('reviews', 'prod', { host: 'reviews', exportTo: ['*'], subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      dr('all', 'istio-system', { host: '*.example.com', subsets: [{ name: 'eu', labels: { region: 'eu' } }] }),
      vs({
        hosts: ['reviews.prod.svc.cluster.local'],
        gateways: ['mesh', 'istio-system/public'],
        http: [{
          route: [{ destination: { host: 'reviews.prod.svc.cluster.local', subset: 'v1' } }, { destination: { host: 'api.example.com', subset: 'eu' } }],
          mirrors: [{ destination: { host: 'reviews.prod.svc.cluster.local', subset: 'v1' } }],
        }],
      }, 'web'),
      gateway,
    ];
    expectSilent('IST0101', [...manifests]);
  });

  test('fires when the only DestinationRule is not exported to the client namespace', () => {
    const manifests = [
      dr('reviews', 'prod', { host: 'reviews', exportTo: ['.'], subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      vs({ hosts: ['reviews.prod.svc.cluster.local'], http: [{ route: [{ destination: { host: 'reviews.prod.svc.cluster.local', subset: 'v1' } }] }] }, 'web'),
    ];
    expect(ist0101(...manifests)).toHaveLength(1);
  });

  test('a Gateway API Gateway of that name counts; an internal generated gateway is IST0165\'s', () => {
    const kubeGateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'web-gw', namespace: 'prod' }, spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } };
    expectSilent('IST0101', [kubeGateway, vs({ gateways: ['web-gw', 'istio-ingress/gw~istio-autogenerated-k8s-gateway~http'], http: [{ route: [{ destination: { host: 'reviews' } }] }] })]);
  });

  describe('destination hosts', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'prod' }, spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] } };
    const route = (destination: any) => vs({ http: [{ route: [{ destination }] }] }, 'web');

    test('fires with wholeCluster on a host no Service or ServiceEntry defines, and on a port the Service lacks', () => {
      // GIVEN the Service exposes 9080 only
      const manifests = [service, route({ host: 'ratings.prod.svc.cluster.local' }), { ...route({ host: 'reviews.prod.svc.cluster.local', port: { number: 80 } }), metadata: { name: 'port', namespace: 'web' } }];
      // THEN
      expect(ruleFindings('IST0101', manifests, { wholeCluster: true }).map(f => `${f.name} ${f.path}: ${f.message}`)).toEqual([
        'port spec.http[0].route[0].destination.port.number: VirtualService web/port routes to reviews.prod.svc.cluster.local port 80, but Service prod/reviews exposes only 9080 (Referenced host:port not found: "reviews.prod.svc.cluster.local:80")',
        'reviews spec.http[0].route[0].destination.host: VirtualService web/reviews routes to ratings.prod.svc.cluster.local, but no Service or ServiceEntry among the manifests defines that host for namespace web (exportTo of both sides counts), so requests get 503 (Referenced host not found: "ratings.prod.svc.cluster.local")',
      ]);
      // without wholeCluster the missing host may live outside the manifests; the port is still decidable
      expect(ist0101(...manifests)).toHaveLength(1);
    });

    test('honours the exportTo annotation of a Service and the exportTo of a ServiceEntry, and wildcard hosts', () => {
      const hidden = { ...service, metadata: { ...service.metadata, annotations: { 'networking.istio.io/exportTo': '.' } } };
      expect(ruleFindings('IST0101', [hidden, route({ host: 'reviews.prod.svc.cluster.local' })], { wholeCluster: true })).toHaveLength(1);
      const se = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'eu', namespace: 'web' }, spec: { hosts: ['*.eu.example.com'], exportTo: ['.'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] } };
      expect(ruleFindings('IST0101', [se, route({ host: 'api.eu.example.com' })], { wholeCluster: true })).toEqual([]);
      expect(ruleFindings('IST0101', [{ ...se, metadata: { name: 'eu', namespace: 'other' } }, route({ host: 'api.eu.example.com' })], { wholeCluster: true })).toHaveLength(1);
    });
  });

  describe('selectors and source namespaces (wholeCluster)', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'reviews-1', namespace: 'prod', labels: { app: 'reviews' } }, spec: { containers: [{ name: 'app', image: 'reviews:1' }] } };
    const sidecar = (labels: Record<string, string>) => ({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'sc', namespace: 'prod' }, spec: { workloadSelector: { labels }, egress: [{ hosts: ['./*'] }] } });
    const telemetry = (matchLabels: Record<string, string>) => ({ apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'tm', namespace: 'prod' }, spec: { selector: { matchLabels }, accessLogging: [{ providers: [{ name: 'envoy' }] }] } });
    const policy = (namespaces: string[]) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ap', namespace: 'prod' }, spec: { rules: [{ from: [{ source: { namespaces } }] }] } });
    const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

    test('fires on a Sidecar or Telemetry selecting no pod, and on a source namespace no Namespace matches', () => {
      const manifests = [pod, namespace('prod'), namespace('web-1'), sidecar({ app: 'ratings' }), telemetry({ app: 'ratings', version: 'v1' }), policy(['web-*', 'Prod', 'shop'])];
      expect(ruleFindings('IST0101', manifests, { wholeCluster: true }).map(f => `${f.kind} ${f.path}: ${f.message}`)).toEqual([
        'AuthorizationPolicy spec.rules[0].from[0].source.namespaces[2]: AuthorizationPolicy prod/ap names source namespace "shop", which matches no Namespace among the manifests, so the entry matches no caller (Referenced namespace not found: "shop")',
        'Sidecar spec.workloadSelector.labels: Sidecar prod/sc selects app=ratings, but no Pod or workload in namespace prod has those labels, so it applies to nothing (Referenced selector not found: "app=ratings")',
        'Telemetry spec.selector.matchLabels: Telemetry prod/tm selects app=ratings,version=v1, but no Pod or workload in namespace prod has those labels, so it applies to nothing (Referenced selector not found: "app=ratings,version=v1")',
      ]);
      // without wholeCluster, pods and namespaces may be outside the manifests
      expect(ist0101(...manifests)).toEqual([]);
      expect(ruleFindings('IST0101', [pod, sidecar({ app: 'reviews' }), telemetry({ app: 'reviews' })], { wholeCluster: true })).toEqual([]);
    });
  });

  test('with wholeCluster, fires on a Gateway selecting no pod and on a credentialName with no Secret where the gateway runs', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ingress-1', namespace: 'istio-system', labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } };
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'shop-cert', namespace: 'istio-system' }, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } };
    const tlsGateway = (name: string, selector: any, credentialName: string) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name, namespace: 'shop' },
      spec: { selector, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName } }] },
    });
    const manifests = [pod, secret, tlsGateway('good', { istio: 'ingressgateway' }, 'shop-cert'), tlsGateway('typo', { istio: 'ingressgateway' }, 'shop-crt'), tlsGateway('orphan', { istio: 'custom' }, 'shop-cert')];
    expect(ruleFindings('IST0101', manifests, { wholeCluster: true }).map(f => `${f.name} ${f.path}: ${f.message}`)).toEqual([
      'orphan spec.selector: Gateway shop/orphan selects istio=custom, but no Pod or workload among the manifests has those labels, so no gateway proxy serves it (Referenced selector not found: "istio=custom")',
      'typo spec.servers[0].tls.credentialName: Gateway shop/typo server 0 takes its certificate from Secret istio-system/shop-crt, the namespace of its gateway workload Pod istio-system/ingress-1, but there is no such Secret among the manifests, so the TLS listener has no certificate (Referenced credentialName not found: "shop-crt")',
    ]);
    expect(ist0101(...manifests)).toEqual([]);
  });
});
