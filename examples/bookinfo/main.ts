import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as istio from '../../src/istio';

/**
 * Istio's Bookinfo traffic-management configs (samples/bookinfo/networking in istio/istio 1.30), one chart
 * per file: every `destination-rule-*.yaml` and `virtual-service-*.yaml`. Apply one DestinationRule chart,
 * then the VirtualService chart of the task at hand, as the Istio tasks do with kubectl.
 *
 * Deliberate differences from the upstream YAML, all from the layer's safe defaults: every route renders
 * `retries: { attempts: 0 }` (no route pins an idempotent method, so Istio would otherwise retry POSTs twice)
 * and `timeout: 15s` (Istio's own default is no timeout at all).
 */

const SERVICES: { [service: string]: string[] } = {
  productpage: ['v1'],
  reviews: ['v1', 'v2', 'v3'],
  ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'],
  details: ['v1', 'v2'],
};

const JASON = [{ headers: { 'end-user': istio.StringMatch.exact('jason') } }];

/** A destination-rule-*.yaml variant: one DestinationRule per service, subsets labelled by version. */
function destinationRules(scope: Construct, services: string[], trafficPolicy?: istio.TrafficPolicy): void {
  for (const host of services) {
    new istio.DestinationRule(scope, host, {
      metadata: { name: host },
      host,
      trafficPolicy,
      subsets: SERVICES[host].map(v => ({ name: v, labels: { version: v } })),
    });
  }
}

/** A VirtualService sending all traffic for `host` to one subset. */
function toSubset(scope: Construct, host: string, subset: string): istio.VirtualService {
  return new istio.VirtualService(scope, host, {
    metadata: { name: host },
    hosts: [host],
    httpRoutes: [{ destinations: [{ host, subset }] }],
  });
}

/** A VirtualService splitting traffic for `host` between subsets by weight. */
function split(scope: Construct, host: string, weights: { [subset: string]: number }): istio.VirtualService {
  return new istio.VirtualService(scope, host, {
    metadata: { name: host },
    hosts: [host],
    httpRoutes: [{ destinations: Object.entries(weights).map(([subset, weight]) => ({ host, subset, weight })) }],
  });
}

/** A VirtualService routing the user jason to `jasonSubset` (with an optional fault), everyone else to `otherSubset`. */
function forJason(scope: Construct, host: string, jasonSubset: string, otherSubset: string, fault?: istio.HttpFaultInjection): istio.VirtualService {
  const vs = new istio.VirtualService(scope, host, { metadata: { name: host }, hosts: [host] });
  vs.addHttpRoute({ matches: JASON, fault, destinations: [{ host, subset: jasonSubset }] });
  vs.addHttpRoute({ destinations: [{ host, subset: otherSubset }] });
  return vs;
}

/** One chart per upstream file, named after it. */
const VARIANTS: { [file: string]: (chart: Chart) => void } = {
  'destination-rule-all': c => destinationRules(c, Object.keys(SERVICES)),
  'destination-rule-all-mtls': c => destinationRules(c, Object.keys(SERVICES), { tls: { mode: istio.ClientTlsMode.ISTIO_MUTUAL } }),
  'destination-rule-reviews': c => destinationRules(c, ['reviews'], { loadBalancer: { simple: istio.LoadBalancerAlgorithm.RANDOM } }),
  'virtual-service-all-v1': c => Object.keys(SERVICES).forEach(host => toSubset(c, host, 'v1')),
  'virtual-service-details-v2': c => toSubset(c, 'details', 'v2'),
  'virtual-service-ratings-db': c => { toSubset(c, 'reviews', 'v3'); toSubset(c, 'ratings', 'v2'); },
  'virtual-service-ratings-mysql': c => { toSubset(c, 'reviews', 'v3'); toSubset(c, 'ratings', 'v2-mysql'); },
  'virtual-service-ratings-mysql-vm': c => { toSubset(c, 'reviews', 'v3'); toSubset(c, 'ratings', 'v2-mysql-vm'); },
  'virtual-service-ratings-test-abort': c => forJason(c, 'ratings', 'v1', 'v1', { abort: { httpStatus: 500, percentage: 100 } }),
  'virtual-service-ratings-test-delay': c => forJason(c, 'ratings', 'v1', 'v1', { delay: { fixedDelay: Duration.seconds(7), percentage: 100 } }),
  'virtual-service-reviews-50-v3': c => split(c, 'reviews', { v1: 50, v3: 50 }),
  'virtual-service-reviews-80-20': c => split(c, 'reviews', { v1: 80, v2: 20 }),
  'virtual-service-reviews-90-10': c => split(c, 'reviews', { v1: 90, v2: 10 }),
  'virtual-service-reviews-jason-v2-v3': c => forJason(c, 'reviews', 'v2', 'v3'),
  'virtual-service-reviews-test-v2': c => forJason(c, 'reviews', 'v2', 'v1'),
  'virtual-service-reviews-v2-v3': c => split(c, 'reviews', { v2: 50, v3: 50 }),
  'virtual-service-reviews-v3': c => toSubset(c, 'reviews', 'v3'),
};

/** Adds one chart per Bookinfo networking file to `app`. */
export function build(app: App): void {
  for (const [file, define] of Object.entries(VARIANTS)) {
    define(new Chart(app, file));
  }
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
