import { Construct } from 'constructs';
import { requireNoDefaultRetries, unsupported } from './mesh-support';
import { IMeshResource } from '../../core/resource';
import * as gatewayApi from '../../gateway-api';
import * as k8s from '../../k8s';
import * as linkerd from '../../linkerd';
import type { CanaryIntent } from '../canary-service';

/**
 * Gateway API (Istio GAMMA, Linkerd): per-version Services, and HTTPRoutes with the Service as parent. The
 * header rule and the weighted rule share one route; Gateway API ranks a rule with a header match above one
 * without, whatever the order. On Linkerd, retries need their own route (its annotations apply to every rule of
 * a route), whose rules match only the retried methods: Gateway API ranks a method match above header matches,
 * so those rules repeat the header rule for the retried methods.
 */
export function renderCanaryGateway(scope: Construct, c: CanaryIntent): IMeshResource[] {
  const mesh = c.mesh;
  const istio = mesh.isIstio;
  if (c.circuitBreaker !== undefined) {
    throw unsupported(scope, mesh, 'circuitBreaker', 'Gateway API routes have no outlier detection or connection limits',
      istio ? 'Use Mesh.istio() (classic dialect), or add an istio.DestinationRule for the per-version Services'
        : 'Use Linkerd\'s failure accrual on the Service (balancer.linkerd.io/failure-accrual annotations)');
  }
  if (istio && c.retries !== undefined) {
    throw unsupported(scope, mesh, 'retries', 'the standard Gateway API channel (../shared/crds, v1.6) has no HTTPRoute retry field, and the API server prunes the experimental one',
      'Use Mesh.istio() (classic dialect, VirtualService retries), or leave retries unset');
  }
  requireNoDefaultRetries(scope, mesh);
  const resources: IMeshResource[] = [];
  const stableName = `${c.service}-stable`;
  const canaryName = `${c.service}-canary`;
  if (c.createVersionServices) {
    for (const [id, name, selector] of [['StableService', stableName, c.stableSelector], ['CanaryService', canaryName, c.canarySelector]] as const) {
      resources.push(new k8s.Service(scope, id, { metadata: { name }, selector, ports: [{ port: c.port, targetPort: c.targetPort }] }));
    }
  }
  const parents = [gatewayApi.RouteParent.service(c.service, c.port)];
  const canaryOnly: gatewayApi.RouteBackend[] = [{ name: canaryName, port: c.port, weight: 100 }];
  const split: gatewayApi.RouteBackend[] = [
    { name: stableName, port: c.port, weight: 100 - c.canaryWeight },
    { name: canaryName, port: c.port, weight: c.canaryWeight },
  ];
  const timeouts = { request: c.timeout };
  const headers = c.header ? { [c.header.name]: c.header.value } : undefined;
  const Route = istio ? gatewayApi.HttpRoute : linkerd.HttpRoute;
  const main = new Route(scope, 'HttpRoute', { metadata: { name: c.service }, parents, catchAll: false });
  if (headers) main.addRule({ matches: [{ headers }], backends: canaryOnly, timeouts });
  main.addRule({ backends: split, timeouts });
  if (c.retries) {
    const retried = new linkerd.HttpRoute(scope, 'RetriedHttpRoute', {
      metadata: { name: `${c.service}-retried` },
      parents,
      catchAll: false,
      retry: { http: [linkerd.HttpRetryCondition.FIVE_XX], limit: c.retries.attempts, timeout: c.retries.perTryTimeout },
    });
    if (headers) retried.addRule({ matches: c.retryMethods.map(method => ({ headers, method })), backends: canaryOnly, timeouts });
    retried.addRule({ matches: c.retryMethods.map(method => ({ method })), backends: split, timeouts });
    resources.push(main, retried);
  } else {
    resources.push(main);
  }
  return resources;
}
