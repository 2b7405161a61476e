/**
 * The seeds' payment-api story through the patterns, for one mesh: strict mTLS for the namespace, the
 * workloads, the canary (90/10 with the `x-canary: "true"` override, GET-only retries, a 30s timeout,
 * circuit breaking where the mesh has it). `examples/payments-istio` and `examples/payments-linkerd` build it.
 */
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, HttpMethod, Identity, Mesh, StrictMtlsNamespace, ZeroTrustAuthz } from '../../src';
import { MeshAnalyzer } from '../../src/analysis';

const NS = 'production';

/** ServiceAccounts, the Service clients call, and one Deployment per version. */
class Workloads extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: NS });
    for (const app of ['frontend', 'payment-api']) {
      new ApiObject(this, `${app}-sa`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: app } });
      new ApiObject(this, `${app}-svc`, {
        apiVersion: 'v1', kind: 'Service', metadata: { name: app },
        spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
      });
    }
    for (const [app, version, replicas] of [['frontend', 'stable', 2], ['payment-api', 'stable', 3], ['payment-api', 'canary', 1]] as const) {
      const labels = { app, version };
      new ApiObject(this, `${app}-${version}`, {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${app}-${version}` },
        spec: {
          replicas,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { serviceAccountName: app, containers: [{ name: app, image: `example.com/${app}:${version}`, ports: [{ name: 'http', containerPort: 8080 }] }] },
          },
        },
      });
    }
  }
}

/** Builds the payments app for `mesh` into `app`; synthesis fails on any error of the validation engine or the rule pack. */
export function buildPayments(app: App, mesh: Mesh): void {
  const namespaces = new Chart(app, 'namespace');
  const strict = new StrictMtlsNamespace(namespaces, 'production', { mesh, namespace: NS });
  // Prometheus scrapes from here (allowMonitoring names it as a source).
  new ApiObject(namespaces, 'monitoring', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } });
  new Workloads(app, 'workloads');
  new CanaryService(new Chart(app, 'canary', { namespace: NS }), 'payment-api', {
    mesh,
    service: 'payment-api',
    port: 80,
    targetPort: 8080,
    stableSelector: { app: 'payment-api', version: 'stable' },
    canarySelector: { app: 'payment-api', version: 'canary' },
    canaryWeight: 10,
    headerOverride: { name: 'x-canary', value: 'true' },
    timeout: Duration.seconds(30),
    retries: { attempts: 3, perTryTimeout: Duration.seconds(5), methods: [HttpMethod.GET] },
    circuitBreaker: mesh.isIstio ? { consecutive5xxErrors: 10, interval: Duration.seconds(60), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 } : undefined,
  });
  // Default deny; frontend may GET and POST /api/payments and /api/payments/*; monitoring may scrape.
  const authz = new ZeroTrustAuthz(new Chart(app, 'authz', { namespace: NS }), 'authz', {
    mesh,
    allow: [{
      sources: [Identity.serviceAccount('frontend', NS)],
      to: { labels: { app: 'payment-api' }, ports: [8080] },
      methods: [HttpMethod.GET, HttpMethod.POST],
      paths: ['/api/payments', '/api/payments/*'],
    }],
  });
  authz.allowMonitoring({ ports: [8080, 9090] });
  // On Linkerd, ports no Server describes are denied too.
  for (const [key, value] of Object.entries(authz.namespaceAnnotations)) strict.resources[0].apiObject.metadata.addAnnotation(key, value);
  MeshAnalyzer.addToScope(app);
}
