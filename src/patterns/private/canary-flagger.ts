import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { circuitBreakerPolicy } from './canary-istio';
import { requireNoDefaultRetries, unsupported } from './mesh-support';
import { meshError, requireInteger, shown } from '../../core/errors';
import { IstioDialect } from '../../core/mesh';
import { isDnsLabel } from '../../core/names';
import { IMeshResource } from '../../core/resource';
import * as flagger from '../../flagger';
import type { CanaryIntent } from '../canary-service';

/** Flagger's builtin checks, the default of `FlaggerHandOffOptions.metrics`. */
const BUILTIN_METRICS: flagger.CanaryMetric[] = [
  { name: 'request-success-rate', min: 99, interval: Duration.minutes(1) },
  { name: 'request-duration', max: 500, interval: Duration.minutes(1) },
];

/**
 * Flagger hand-off: one `flagger.app/v1beta1` Canary, no routing objects (Flagger creates the Services
 * `<service>`, `<service>-primary`, `<service>-canary` and the VirtualService/DestinationRules or the HTTPRoute).
 *
 * - Provider: `istio` on Istio classic; `gatewayapi:v1` with the Service as the route's parent on Istio GAMMA and
 *   on Linkerd (Flagger's `linkerd` provider writes SMI TrafficSplits, which need linkerd-smi since 2.12).
 * - Retries: Flagger's `service.retries` is one policy for every method, so the pattern's method-scoped retries
 *   are refused; on Istio classic `attempts: 0` is rendered, since Flagger's route would otherwise get Istio's
 *   default retry policy, POST included.
 * - Header override: Flagger's `analysis.match` is A/B testing (matching requests to the canary, all others to the
 *   primary, no weight steps), so it is rendered only with `iterations`; with weight steps it is refused.
 */
export function renderCanaryFlagger(scope: Construct, c: CanaryIntent): IMeshResource[] {
  const mesh = c.mesh;
  const o = c.handOff!._flagger!;
  const classic = mesh.dialect === IstioDialect.CLASSIC;
  if (c.retries !== undefined) {
    throw meshError(scope, 'retries', `is not supported with CanaryHandOff.flagger(): Flagger's service.retries applies to every method of the one route it generates, POST and PATCH included${classic ? '' : ', and its Gateway API provider renders no retries at all'}`,
      'Leave retries unset (the Canary then renders attempts: 0 on Istio), or retry idempotent calls in the client');
  }
  if (c.circuitBreaker !== undefined && !classic) {
    throw unsupported(scope, mesh, 'circuitBreaker', 'Flagger\'s Gateway API provider generates HTTPRoutes, which have no outlier detection or connection limits',
      mesh.isIstio ? 'Use Mesh.istio() (classic dialect): the Canary\'s service.trafficPolicy carries it' : 'Use Linkerd\'s failure accrual on the Service (balancer.linkerd.io/failure-accrual annotations)');
  }
  requireNoDefaultRetries(scope, mesh);
  const deployment = o.deployment ?? c.service;
  if (!isDnsLabel(deployment)) throw meshError(scope, 'handOff.deployment', `must be a Deployment name (a DNS-1123 label), got ${shown(deployment)}`);
  requireInteger(scope, 'handOff.threshold', o.threshold, 1, 2 ** 31 - 1);
  requireInteger(scope, 'handOff.iterations', o.iterations, 1, 2 ** 31 - 1);

  let steps: Pick<flagger.CanaryAnalysis, 'stepWeight' | 'maxWeight' | 'stepWeights' | 'iterations' | 'matchHeaders'>;
  if (o.iterations !== undefined) {
    for (const key of ['stepWeight', 'maxWeight'] as const) {
      if (o[key] !== undefined) throw meshError(scope, `handOff.${key}`, 'must not be set with iterations (A/B testing moves no weight)', `Remove ${key}, or iterations for weight steps`);
    }
    if (c.stages !== undefined) throw meshError(scope, 'stages', 'must not be set with handOff iterations (A/B testing moves no weight)', 'Remove stages, or iterations for weight steps');
    if (c.header === undefined) {
      throw meshError(scope, 'handOff.iterations', 'needs headerOverride: A/B testing sends the requests carrying that header to the canary',
        'Set headerOverride, or remove iterations for weight steps');
    }
    steps = { iterations: o.iterations, matchHeaders: { [c.header.name]: c.header.value } };
  } else {
    if (c.header !== undefined) {
      throw meshError(scope, 'headerOverride', 'is not supported with Flagger weight steps: Flagger\'s analysis.match turns the Canary into A/B testing, which splits only the matching requests and sends every other request to the primary',
        'Remove headerOverride, or give CanaryHandOff.flagger({ iterations }) for A/B testing (the header\'s requests to the canary, no weight steps)');
    }
    if (c.stages !== undefined) {
      for (const key of ['stepWeight', 'maxWeight'] as const) {
        if (o[key] !== undefined) throw meshError(scope, `handOff.${key}`, `must not be set with stages (they are the steps, rendered as analysis.stepWeights), got ${shown(o[key])}`, 'Remove one of them');
      }
      if (c.stages[0] === 0) throw meshError(scope, 'stages', `must start above 0 with CanaryHandOff.flagger() (every Flagger step sends the canary traffic), got ${shown(c.stages)}`, 'Drop the 0 stage: Flagger starts every release at 0');
      steps = { stepWeights: [...c.stages] };
    } else {
      steps = { stepWeight: o.stepWeight ?? 10, maxWeight: o.maxWeight ?? 50 };
    }
  }
  const gateway = mesh.usesGatewayApi;
  const canary = new flagger.Canary(scope, 'Canary', {
    metadata: { name: c.service },
    provider: gateway ? flagger.CanaryProvider.GATEWAY_API_V1 : flagger.CanaryProvider.ISTIO,
    targetDeployment: deployment,
    serviceName: c.service,
    port: c.port,
    targetPort: c.targetPort,
    timeout: c.timeout,
    retries: gateway ? undefined : { attempts: 0 },
    gatewayRefs: gateway ? [{ name: c.service, group: '', kind: 'Service', port: c.port }] : undefined,
    trafficPolicy: circuitBreakerPolicy(c),
    progressDeadline: o.progressDeadline,
    analysis: {
      interval: o.interval ?? Duration.minutes(1),
      threshold: o.threshold ?? 5,
      ...steps,
      metrics: o.metrics ?? BUILTIN_METRICS,
    },
  });
  return [canary];
}
