/**
 * Istio's Bookinfo meshed through the patterns, for one mesh: strict mTLS for the namespace, default deny with
 * one allow per call edge (the ingress to productpage, productpage to details and reviews, reviews to
 * ratings: each with only the methods and paths it uses), a reviews canary (v2 takes 10%, and every request
 * of the user jason), and on Istio an HTTPS ingress for the pages. `examples/bookinfo-istio` and
 * `examples/bookinfo-linkerd` build it; `examples/bookinfo` keeps Istio's own networking samples, one chart per file.
 */
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, HttpMethod, Identity, IngressGateway, Mesh, StrictMtlsNamespace, ZeroTrustAuthz } from '../../src';
import { MeshAnalyzer } from '../../src/analysis';

const NS = 'bookinfo';
const PORT = 9080;
const SERVICES = ['productpage', 'details', 'reviews', 'ratings'];
const DEPLOYMENTS: Array<[string, string]> = [['productpage', 'v1'], ['details', 'v1'], ['reviews', 'v1'], ['reviews', 'v2'], ['ratings', 'v1']];

/** Bookinfo's ServiceAccounts, Services and Deployments, as samples/bookinfo/platform/kube/bookinfo.yaml has them. */
class Workloads extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: NS });
    for (const app of SERVICES) {
      new ApiObject(this, `${app}-sa`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `bookinfo-${app}` } });
      new ApiObject(this, `${app}-svc`, {
        apiVersion: 'v1', kind: 'Service', metadata: { name: app, labels: { app, service: app } },
        spec: { selector: { app }, ports: [{ name: 'http', port: PORT }] },
      });
    }
    for (const [app, version] of DEPLOYMENTS) {
      const labels = { app, version };
      new ApiObject(this, `${app}-${version}`, {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${app}-${version}` },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: `bookinfo-${app}`,
              containers: [{ name: app, image: `docker.io/istio/examples-bookinfo-${app}-${version}:1.20.3`, ports: [{ containerPort: PORT }] }],
            },
          },
        },
      });
    }
  }
}

/** Who calls the product page from outside: Istio's ingress gateway, or on Linkerd the (meshed) ingress controller. */
function ingressIdentity(mesh: Mesh): Identity {
  return mesh.isIstio ? Identity.serviceAccount('istio-ingressgateway', 'istio-system') : Identity.serviceAccount('ingress-nginx', 'ingress-nginx');
}

/** Builds Bookinfo for `mesh` into `app`; synthesis fails on any error of the validation engine or the rule pack. */
export function buildBookinfo(app: App, mesh: Mesh): void {
  const namespaces = new Chart(app, 'namespace');
  const strict = new StrictMtlsNamespace(namespaces, 'bookinfo', { mesh, namespace: NS });
  new Workloads(app, 'workloads');

  const reviews = new Chart(app, 'reviews', { namespace: NS });
  new CanaryService(reviews, 'reviews', {
    mesh,
    service: 'reviews',
    port: PORT,
    stableSelector: { app: 'reviews', version: 'v1' },
    canarySelector: { app: 'reviews', version: 'v2' },
    canaryWeight: 10,
    headerOverride: { name: 'end-user', value: 'jason' },
    timeout: Duration.seconds(10),
    retries: { attempts: 2, perTryTimeout: Duration.seconds(3), methods: [HttpMethod.GET] },
  });

  // Default deny, then one allow per call edge of Bookinfo's graph.
  const sa = (app: string) => Identity.serviceAccount(`bookinfo-${app}`, NS);
  const to = (app: string) => ({ labels: { app }, service: app, ports: [PORT] });
  const authz = new ZeroTrustAuthz(new Chart(app, 'authz', { namespace: NS }), 'authz', {
    mesh,
    allow: [
      {
        sources: [ingressIdentity(mesh)],
        to: to('productpage'),
        methods: [HttpMethod.GET, HttpMethod.POST],
        paths: ['/productpage', '/static/*', '/login', '/logout', '/api/v1/products', '/api/v1/products/*'],
      },
      { sources: [sa('productpage')], to: to('details'), methods: [HttpMethod.GET], paths: ['/details/*'] },
      { sources: [sa('productpage')], to: to('reviews'), methods: [HttpMethod.GET], paths: ['/reviews/*'] },
      { sources: [sa('reviews')], to: to('ratings'), methods: [HttpMethod.GET], paths: ['/ratings/*'] },
    ],
  });
  // On Linkerd, ports no Server describes are denied too.
  for (const [key, value] of Object.entries(authz.namespaceAnnotations)) strict.resources[0].apiObject.metadata.addAnnotation(key, value);

  if (mesh.isIstio) {
    new IngressGateway(new Chart(app, 'ingress', { namespace: NS }), 'bookinfo', {
      mesh,
      name: 'bookinfo',
      hosts: ['bookinfo.example.com'],
      tlsSecret: 'bookinfo-tls',
      routes: [
        { pathPrefix: '/productpage', service: 'productpage', port: PORT },
        { pathPrefix: '/static', service: 'productpage', port: PORT },
        { pathPrefix: '/login', service: 'productpage', port: PORT },
        { pathPrefix: '/logout', service: 'productpage', port: PORT },
        { pathPrefix: '/api/v1/products', service: 'productpage', port: PORT },
      ],
    });
  }
  MeshAnalyzer.addToScope(app);
}
