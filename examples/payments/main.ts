/**
 * The payment-api objects of the seed documents (../shared/seeds), written with the generated L1
 * bindings, with the seeds' mistakes corrected:
 *
 * - current API versions (`networking.istio.io/v1`, `security.istio.io/v1`, `linkerd.io/v1alpha2`);
 * - the catch-all route has `retries.attempts: 0`, because it matches POST /api/payments and Istio would
 *   otherwise retry payments; GET routes are split out and keep their retries;
 * - no empty `fault:` block; outlier detection at the seeds' own conservative tuning;
 * - Linkerd's `retryBudget` on the ServiceProfile spec, where the CRD declares it (on a route it is pruned).
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ManifestValidator } from '../../src/analysis';
import { ServiceProfileV1Alpha2 } from '../../src/imports/linkerd.io';
import { DestinationRule, VirtualService } from '../../src/imports/networking.istio.io';
import { AuthorizationPolicy, PeerAuthentication } from '../../src/imports/security.istio.io';

const NS = 'production';

class PaymentsIstio extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: NS });
    new PeerAuthentication(this, 'default', { metadata: { name: 'default' }, spec: { mtls: { mode: 'STRICT' as any } } });

    const canaryHeader = { headers: { 'x-canary': { exact: 'true' } } };
    new VirtualService(this, 'payment-api', {
      metadata: { name: 'payment-api' },
      spec: {
        hosts: ['payment-api'],
        http: [
          { name: 'canary-get', match: [{ ...canaryHeader, method: { exact: 'GET' } }], route: [{ destination: { host: 'payment-api', subset: 'canary' }, weight: 100 }], retries: { attempts: 3, perTryTimeout: '5s', retryOn: 'connect-failure,refused-stream,unavailable,5xx' }, timeout: '30s' },
          { name: 'canary', match: [canaryHeader], route: [{ destination: { host: 'payment-api', subset: 'canary' }, weight: 100 }], retries: { attempts: 0 }, timeout: '30s' },
          {
            name: 'get',
            match: [{ method: { exact: 'GET' } }],
            route: [{ destination: { host: 'payment-api', subset: 'stable' }, weight: 90 }, { destination: { host: 'payment-api', subset: 'canary' }, weight: 10 }],
            retries: { attempts: 3, perTryTimeout: '5s', retryOn: 'connect-failure,refused-stream,unavailable,5xx' },
            timeout: '30s',
          },
          {
            name: 'default',
            route: [{ destination: { host: 'payment-api', subset: 'stable' }, weight: 90 }, { destination: { host: 'payment-api', subset: 'canary' }, weight: 10 }],
            retries: { attempts: 0 },
            timeout: '30s',
          },
        ],
      },
    });

    new DestinationRule(this, 'payment-api-dr', {
      metadata: { name: 'payment-api' },
      spec: {
        host: 'payment-api',
        trafficPolicy: {
          connectionPool: { tcp: { maxConnections: 100 }, http: { http2MaxRequests: 1000, maxRequestsPerConnection: 10 } },
          outlierDetection: { consecutive5XxErrors: 10, interval: '60s', baseEjectionTime: '30s', maxEjectionPercent: 50, minHealthPercent: 50 },
        },
        subsets: [
          { name: 'stable', labels: { version: 'stable' } },
          { name: 'canary', labels: { version: 'canary' }, trafficPolicy: { connectionPool: { http: { maxRequestsPerConnection: 1 } } } },
        ],
      },
    });

    new AuthorizationPolicy(this, 'deny-all', { metadata: { name: 'deny-all' }, spec: {} });
    new AuthorizationPolicy(this, 'allow-frontend', {
      metadata: { name: 'allow-frontend-to-payment' },
      spec: {
        selector: { matchLabels: { app: 'payment-api' } },
        action: 'ALLOW' as any,
        rules: [{
          from: [{ source: { principals: ['cluster.local/ns/production/sa/frontend'] } }],
          to: [{ operation: { methods: ['POST'], paths: ['/api/payments', '/api/payments/*'] } }],
        }],
      },
    });
    new AuthorizationPolicy(this, 'allow-prometheus', {
      metadata: { name: 'allow-prometheus-scrape' },
      spec: {
        action: 'ALLOW' as any,
        rules: [{
          from: [{ source: { namespaces: ['monitoring'] } }],
          to: [{ operation: { ports: ['8080', '9090'], paths: ['/metrics', '/health'] } }],
        }],
      },
    });
  }
}

class PaymentsLinkerd extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: NS });
    new ServiceProfileV1Alpha2(this, 'payment-api', {
      metadata: { name: `payment-api.${NS}.svc.cluster.local` },
      spec: {
        routes: [
          {
            name: 'POST /api/payments',
            condition: { method: 'POST', pathRegex: '/api/payments' },
            responseClasses: [{ condition: { status: { min: 500, max: 599 } }, isFailure: true }],
            timeout: '10s',
            isRetryable: false,
          },
          { name: 'GET /api/payments/{id}', condition: { method: 'GET', pathRegex: '/api/payments/[^/]*' }, timeout: '5s', isRetryable: true },
        ],
        retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' },
      },
    });
  }
}

/** Builds the example into `app`, with the validation engine run at synth time. */
export function build(app: App): void {
  new PaymentsIstio(app, 'payments-istio');
  new PaymentsLinkerd(app, 'payments-linkerd');
  ManifestValidator.addToScope(app);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
