/**
 * The payments app of the seed documents (../shared/seeds), through cdk8s-mesh's constructs: the
 * workloads, the Istio configuration, and the Linkerd equivalent. What differs from the seeds, and why:
 *
 * - current API versions (`networking.istio.io/v1`, `security.istio.io/v1`);
 * - POST /api/payments is never retried: the seeds' catch-all route retried every method 3 times (and
 *   Istio's default policy retries any route without `retries`), so routes are split by method and the
 *   POST-capable ones render `retries.attempts: 0`;
 * - every route has a timeout; outlier detection never ejects more than 50% of the pool;
 * - no empty `fault:` block;
 * - Linkerd's `retryBudget` sits on the ServiceProfile spec (on a route the API server prunes it).
 */
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpMethod, istio, linkerd } from '../../src';
import { MeshAnalyzer } from '../../src/analysis';

const NS = 'production';

/** The namespaces (cluster-scoped, so in a chart without a default namespace). */
class PaymentsNamespace extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ApiObject(this, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } });
    // Prometheus scrapes from here (allow-prometheus-scrape names it as a source).
    new ApiObject(this, 'monitoring', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } });
  }
}

/** Service accounts, Services and Deployments (plain Kubernetes objects). */
class PaymentsWorkloads extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: NS });
    this.workload('frontend', 'stable', 2, 8080);
    this.workload('payment-api', 'stable', 3, 8080);
    this.workload('payment-api', 'canary', 1, 8080);
    for (const app of ['frontend', 'payment-api']) {
      new ApiObject(this, `${app}-sa`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: app } });
      new ApiObject(this, `${app}-svc`, {
        apiVersion: 'v1', kind: 'Service', metadata: { name: app },
        spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
      });
    }
  }

  private workload(app: string, version: string, replicas: number, port: number) {
    const labels = { app, version };
    new ApiObject(this, `${app}-${version}`, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${app}-${version}` },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: app,
            containers: [{ name: app, image: `example.com/${app}:${version}`, ports: [{ name: 'http', containerPort: port }] }],
          },
        },
      },
    });
  }
}

/** The seeds' Istio objects: STRICT mTLS, canary routing without unsafe retries, circuit breaking, L7 authz. */
class PaymentsIstio extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: NS });
    new istio.PeerAuthentication(this, 'default', { metadata: { name: 'default' } });

    const vs = new istio.VirtualService(this, 'payment-api', { metadata: { name: 'payment-api' }, hosts: ['payment-api'] });
    const reads = ['GET', 'HEAD', 'OPTIONS'].map(m => istio.StringMatch.exact(m));
    const readRetries = {
      attempts: 3,
      perTryTimeout: Duration.seconds(5),
      retryOn: [istio.RetryOn.CONNECT_FAILURE, istio.RetryOn.REFUSED_STREAM, istio.RetryOn.UNAVAILABLE, istio.RetryOn.SERVER_ERROR],
    };
    const canary = [{ host: 'payment-api', subset: 'canary', weight: 100 }];
    const split = [{ host: 'payment-api', subset: 'stable', weight: 90 }, { host: 'payment-api', subset: 'canary', weight: 10 }];
    const canaryHeader = { 'x-canary': istio.StringMatch.exact('true') };
    vs.addHttpRoute({
      name: 'canary-reads',
      matches: reads.map(method => ({ headers: canaryHeader, method })),
      destinations: canary,
      retries: readRetries,
      timeout: Duration.seconds(30),
    });
    vs.addHttpRoute({ name: 'canary', matches: [{ headers: canaryHeader }], destinations: canary, timeout: Duration.seconds(30) });
    vs.addHttpRoute({ name: 'reads', matches: reads.map(method => ({ method })), destinations: split, retries: readRetries, timeout: Duration.seconds(30) });
    vs.addHttpRoute({ name: 'writes', destinations: split, timeout: Duration.seconds(30) });

    const connectionPool = { tcp: { maxConnections: 100 }, http: { http2MaxRequests: 1000, maxRequestsPerConnection: 10 } };
    new istio.DestinationRule(this, 'payment-api-rule', {
      metadata: { name: 'payment-api' },
      host: 'payment-api',
      trafficPolicy: {
        connectionPool,
        outlierDetection: {
          consecutive5xxErrors: 10,
          interval: Duration.seconds(60),
          baseEjectionTime: Duration.seconds(30),
          maxEjectionPercent: 50,
          minHealthPercent: 50,
        },
      },
      subsets: [
        { name: 'stable', labels: { version: 'stable' } },
        // A subset's connectionPool replaces the top-level one: repeat the limits the canary must keep.
        { name: 'canary', labels: { version: 'canary' }, trafficPolicy: { connectionPool: { ...connectionPool, http: { ...connectionPool.http, maxRequestsPerConnection: 1 } } } },
      ],
    });

    istio.AuthorizationPolicy.allowNothing(this, 'deny-all', { metadata: { name: 'deny-all' } });
    new istio.AuthorizationPolicy(this, 'allow-frontend-to-payment', {
      metadata: { name: 'allow-frontend-to-payment' },
      selector: { matchLabels: { app: 'payment-api' } },
      action: istio.AuthorizationAction.ALLOW,
      rules: [{
        sources: [{ principals: [`cluster.local/ns/${NS}/sa/frontend`] }],
        operations: [{ methods: ['GET', 'POST'], paths: ['/api/payments', '/api/payments/*'] }],
      }],
    });
    new istio.AuthorizationPolicy(this, 'allow-prometheus-scrape', {
      metadata: { name: 'allow-prometheus-scrape' },
      action: istio.AuthorizationAction.ALLOW,
      rules: [{ sources: [{ namespaces: ['monitoring'] }], operations: [{ methods: ['GET'], ports: [8080, 9090], paths: ['/metrics', '/health'] }] }],
    });
  }
}

/** The seeds' Linkerd ServiceProfile, with the retry budget where Linkerd reads it. */
class PaymentsLinkerd extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: NS });
    const profile = new linkerd.ServiceProfile(this, 'payment-api', {
      service: { name: 'payment-api' },
      retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: Duration.seconds(10) },
    });
    profile.addRoute({
      name: 'POST /api/payments',
      condition: linkerd.RequestMatch.methodAndPath(HttpMethod.POST, '/api/payments'),
      responseClasses: [{ condition: linkerd.ResponseMatch.status(500, 599), isFailure: true }],
      timeout: Duration.seconds(10),
    });
    profile.addRoute({
      name: 'GET /api/payments/{id}',
      condition: linkerd.RequestMatch.methodAndPath(HttpMethod.GET, '/api/payments/[^/]*'),
      timeout: Duration.seconds(5),
    });
  }
}

/** Builds the example into `app`; synthesis fails on any error of the validation engine or the rule pack. */
export function build(app: App): void {
  new PaymentsNamespace(app, 'payments-namespace');
  new PaymentsWorkloads(app, 'payments-workloads');
  new PaymentsIstio(app, 'payments-istio');
  new PaymentsLinkerd(app, 'payments-linkerd');
  MeshAnalyzer.addToScope(app);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
