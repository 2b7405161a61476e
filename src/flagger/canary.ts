import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { renderDuration, renderGatewayDuration, wholeMillis } from '../core/duration';
import { meshError, requireInteger, shown } from '../core/errors';
import { isDnsLabel, isDnsSubdomain } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace } from '../core/service-resolution';
import { checkProps } from '../core/strict-props';
import { renderTrafficPolicy } from '../istio/private/traffic-policy';
import { TrafficPolicy } from '../istio/traffic-policy';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

/** The traffic-management provider Flagger drives (`spec.provider`). */
export enum CanaryProvider {
  /** Istio VirtualService and DestinationRules (Flagger creates and owns them). */
  ISTIO = 'istio',
  /** Linkerd through SMI TrafficSplit, which needs the linkerd-smi extension since Linkerd 2.12. */
  LINKERD = 'linkerd',
  /** Gateway API v1 HTTPRoutes (Istio GAMMA, Linkerd 2.18+, any Gateway API implementation). */
  GATEWAY_API_V1 = 'gatewayapi:v1',
}

/** A parent of the HTTPRoute Flagger generates (`service.gatewayRefs[]`), for Gateway API providers. */
export interface CanaryGatewayRef {
  /** The parent's name. */
  readonly name: string;

  /**
   * The parent's namespace.
   *
   * @default - the route's namespace
   */
  readonly namespace?: string;

  /**
   * The parent's API group: `""` for a Service (GAMMA).
   *
   * @default "gateway.networking.k8s.io" (Gateway API's default)
   */
  readonly group?: string;

  /**
   * The parent's kind: `Service` for east-west routing (GAMMA), `Gateway` for ingress.
   *
   * @default "Gateway" (Gateway API's default)
   */
  readonly kind?: string;

  /**
   * The parent's port (for a Service parent, the Service port).
   *
   * @default - every port of the parent
   */
  readonly port?: number;
}

/** Retries of the route Flagger generates (`service.retries`, Istio only). They apply to every method. */
export interface CanaryServiceRetries {
  /** Retries after the first attempt; 0 disables retries (and Istio's default retry policy). */
  readonly attempts: number;

  /**
   * Timeout of each attempt.
   *
   * @default - Istio's default: the route timeout
   */
  readonly perTryTimeout?: Duration;

  /**
   * Envoy retry conditions, comma-separated (`5xx,connect-failure`).
   *
   * @default - Istio's default conditions
   */
  readonly retryOn?: string;
}

/** A metric check of the analysis (`analysis.metrics[]`). */
export interface CanaryMetric {
  /** The metric's name: a Flagger builtin (`request-success-rate`, `request-duration`) or any name with a template. */
  readonly name: string;

  /**
   * The lowest accepted value (`thresholdRange.min`).
   *
   * @default - no lower bound
   */
  readonly min?: number;

  /**
   * The highest accepted value (`thresholdRange.max`).
   *
   * @default - no upper bound
   */
  readonly max?: number;

  /**
   * The query's range, whole seconds or minutes.
   *
   * @default - Flagger's default (1m)
   */
  readonly interval?: Duration;

  /**
   * The MetricTemplate the query comes from (`templateRef.name`).
   *
   * @default - none: `name` must be a Flagger builtin metric
   */
  readonly templateName?: string;

  /**
   * The MetricTemplate's namespace (`templateRef.namespace`).
   *
   * @default - the Canary's namespace
   */
  readonly templateNamespace?: string;
}

/**
 * The analysis (`spec.analysis`): exactly one of `stepWeight` (linear steps up to `maxWeight`), `stepWeights`
 * (explicit steps) or `iterations` (A/B testing with `matchHeaders`, or blue/green).
 */
export interface CanaryAnalysis {
  /** How often Flagger checks the metrics and advances a step: whole seconds or minutes. */
  readonly interval: Duration;

  /** Failed checks before Flagger rolls back: an integer from 1. */
  readonly threshold: number;

  /**
   * The weight added to the canary at each step: an integer from 1 to 100.
   *
   * @default - not rendered (give `stepWeights` or `iterations` instead)
   */
  readonly stepWeight?: number;

  /**
   * The most traffic the canary gets before promotion (with `stepWeight`): an integer from 1 to 100.
   *
   * @default - Flagger's default (100)
   */
  readonly maxWeight?: number;

  /**
   * The canary's weight at each step, increasing integers from 1 to 100; the last is the most before promotion.
   *
   * @default - not rendered
   */
  readonly stepWeights?: number[];

  /**
   * The number of checks before promotion, without weight steps (A/B testing, blue/green).
   *
   * @default - not rendered
   */
  readonly iterations?: number;

  /**
   * Headers (exact values) that send a request to the canary during the analysis (A/B testing, with
   * `iterations`): `analysis.match[].headers`. Requests without them stay on the primary.
   *
   * @default - none
   */
  readonly matchHeaders?: { [name: string]: string };

  /**
   * The metric checks.
   *
   * @default - none: Flagger then checks only that the canary's pods are ready, and promotes
   */
  readonly metrics?: CanaryMetric[];
}

/** Properties for `flagger.Canary`. */
export interface CanaryProps {
  /**
   * Metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /** The traffic-management provider. */
  readonly provider: CanaryProvider;

  /** The Deployment Flagger takes over (`targetRef`): it creates `<name>-primary` and scales this one to zero between releases. */
  readonly targetDeployment: string;

  /** The Service port (`service.port`). */
  readonly port: number;

  /**
   * The container port (`service.targetPort`).
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;

  /**
   * The Service Flagger creates and clients call (`service.name`); Flagger adds `<name>-primary` and `<name>-canary`.
   *
   * @default - the name of `targetDeployment`
   */
  readonly serviceName?: string;

  /**
   * The request timeout of the generated route (`service.timeout`).
   *
   * @default - no timeout (Istio's and Gateway API's default)
   */
  readonly timeout?: Duration;

  /**
   * Retries of the generated route (Istio only; every method, POST included).
   *
   * @default - not rendered: Istio then applies its default retry policy to every method
   */
  readonly retries?: CanaryServiceRetries;

  /**
   * The parents of the generated HTTPRoute (required with Gateway API providers).
   *
   * @default - none
   */
  readonly gatewayRefs?: CanaryGatewayRef[];

  /**
   * The traffic policy of the generated DestinationRules (Istio only).
   *
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;

  /** The analysis. */
  readonly analysis: CanaryAnalysis;

  /**
   * How long the canary may take to make progress before Flagger rolls back (`progressDeadlineSeconds`).
   *
   * @default - Flagger's default (600s)
   */
  readonly progressDeadline?: Duration;
}

/**
 * A Flagger Canary (`flagger.app/v1beta1`): Flagger then owns the release of `targetDeployment` and the
 * routing objects of its Service (VirtualService and DestinationRules, or an HTTPRoute).
 */
export class Canary extends Construct implements IMeshResource {
  /** The Canary's name. */
  public readonly name: string;
  /** The Canary's namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: CanaryProps) {
    super(scope, id);
    props = checkProps(this, 'flagger.Canary', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const provider = props.provider;
    if (!Object.values(CanaryProvider).includes(provider)) {
      throw meshError(this, 'provider', `must be one of ${Object.values(CanaryProvider).join(', ')}, got ${shown(provider)}`);
    }
    const gateway = provider === CanaryProvider.GATEWAY_API_V1;
    for (const key of ['targetDeployment', 'serviceName'] as const) {
      const v = props[key];
      if (v !== undefined && !isDnsLabel(v)) throw meshError(this, key, `must be a DNS-1123 label, got ${shown(v)}`);
    }
    requirePort(this, 'port', props.port);
    requirePort(this, 'targetPort', props.targetPort);
    if (props.retries !== undefined && provider !== CanaryProvider.ISTIO) {
      throw meshError(this, 'retries', `is only read by Flagger's Istio provider, got provider ${provider}`, 'Leave retries unset');
    }
    if (props.trafficPolicy !== undefined && provider !== CanaryProvider.ISTIO) {
      throw meshError(this, 'trafficPolicy', `is only read by Flagger's Istio provider, got provider ${provider}`, 'Leave trafficPolicy unset');
    }
    if (gateway !== (props.gatewayRefs !== undefined && props.gatewayRefs.length > 0)) {
      throw meshError(this, 'gatewayRefs', gateway ? 'must list at least one parent with a Gateway API provider (Flagger refuses the Canary otherwise)'
        : `are only read by Gateway API providers, got provider ${provider}`);
    }
    const duration = (prop: string, d: Duration) => (gateway ? renderGatewayDuration(this, prop, d) : renderDuration(this, prop, d));
    const retries = props.retries;
    if (retries !== undefined) requireInteger(this, 'retries.attempts', retries.attempts, 0, 2 ** 31 - 1);
    const service = compact({
      name: props.serviceName,
      port: props.port,
      targetPort: props.targetPort,
      timeout: props.timeout === undefined ? undefined : duration('timeout', props.timeout),
      retries: retries === undefined ? undefined : compact({
        attempts: retries.attempts,
        perTryTimeout: retries.perTryTimeout === undefined ? undefined : renderDuration(this, 'retries.perTryTimeout', retries.perTryTimeout),
        retryOn: retries.retryOn,
      }),
      gatewayRefs: props.gatewayRefs?.map((r, i) => {
        if (typeof r?.name !== 'string' || !isDnsLabel(r.name)) throw meshError(this, `gatewayRefs[${i}].name`, `must be a DNS-1123 label, got ${shown(r?.name)}`);
        requirePort(this, `gatewayRefs[${i}].port`, r.port);
        if (r.namespace !== undefined && !isDnsLabel(r.namespace)) throw meshError(this, `gatewayRefs[${i}].namespace`, `must be a namespace (a DNS-1123 label), got ${shown(r.namespace)}`);
        if (r.group !== undefined && r.group !== '' && !isDnsSubdomain(r.group)) {
          throw meshError(this, `gatewayRefs[${i}].group`, `must be an API group (a DNS-1123 subdomain, or "" for the core group), got ${shown(r.group)}`);
        }
        if (r.kind !== undefined && (r.kind.length > 63 || !/^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(r.kind))) {
          throw meshError(this, `gatewayRefs[${i}].kind`, `must be a kind (Gateway, Service), got ${shown(r.kind)}`);
        }
        return compact({ name: r.name, namespace: r.namespace, group: r.group, kind: r.kind, port: r.port });
      }),
      trafficPolicy: flaggerTrafficPolicy(this, renderTrafficPolicy(this, 'trafficPolicy', props.trafficPolicy, 'v1')),
    });
    let progressDeadlineSeconds: number | undefined;
    if (props.progressDeadline !== undefined) {
      const ms = wholeMillis(this, 'progressDeadline', props.progressDeadline);
      if (ms % 1000 !== 0 || ms === 0) throw meshError(this, 'progressDeadline', `must be a positive whole number of seconds, got ${ms}ms`);
      progressDeadlineSeconds = ms / 1000;
    }
    this.apiObject = createApiObject(this, merge(GVKS['flagger.app'].Canary, {
      metadata: merge(props.metadata, { namespace: this.namespace }),
      spec: compact({
        provider,
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.targetDeployment },
        progressDeadlineSeconds,
        service,
        analysis: this.renderAnalysis(props.analysis),
      }),
    }));
    this.name = this.apiObject.name;
  }

  private renderAnalysis(a: CanaryAnalysis): any {
    if (a === null || typeof a !== 'object') throw meshError(this, 'analysis', `must be a CanaryAnalysis, got ${shown(a)}`);
    requireInteger(this, 'analysis.threshold', a.threshold, 1, 2 ** 31 - 1);
    if (a.threshold === undefined) throw meshError(this, 'analysis.threshold', 'must be set, got undefined', 'Give the failed checks before a rollback, for example 5');
    const modes = (['stepWeight', 'stepWeights', 'iterations'] as const).filter(k => a[k] !== undefined);
    if (modes.length !== 1) {
      throw meshError(this, 'analysis', `must set exactly one of stepWeight, stepWeights and iterations, got ${modes.length ? modes.join(' and ') : 'none'}`,
        'stepWeight for linear steps, stepWeights for explicit ones, iterations for A/B testing');
    }
    requireInteger(this, 'analysis.stepWeight', a.stepWeight, 1, 100);
    requireInteger(this, 'analysis.maxWeight', a.maxWeight, 1, 100);
    requireInteger(this, 'analysis.iterations', a.iterations, 1, 2 ** 31 - 1);
    if (a.maxWeight !== undefined && a.stepWeight === undefined) {
      throw meshError(this, 'analysis.maxWeight', 'is only read with stepWeight', 'With stepWeights, the last step is the most the canary gets');
    }
    const steps = a.stepWeights;
    const badStep = (w: number, i: number) => !Number.isInteger(w) || w < 1 || w > 100 || (i > 0 && w <= steps![i - 1]);
    if (steps !== undefined && (!Array.isArray(steps) || steps.length === 0 || steps.some(badStep))) {
      throw meshError(this, 'analysis.stepWeights', `must be a non-empty list of increasing integers from 1 to 100, got ${shown(steps)}`);
    }
    const headers = a.matchHeaders;
    if (headers !== undefined) {
      if (a.iterations === undefined) {
        throw meshError(this, 'analysis.matchHeaders', 'needs iterations (A/B testing)',
          'With weight steps, Flagger splits only the matching requests and sends every other one to the primary');
      }
      if (typeof headers !== 'object' || Object.keys(headers).length === 0 || Object.values(headers).some(v => typeof v !== 'string')) {
        throw meshError(this, 'analysis.matchHeaders', `must map header names to exact values, got ${shown(headers)}`);
      }
    }
    return compact({
      interval: flaggerInterval(this, 'analysis.interval', a.interval),
      threshold: a.threshold,
      stepWeight: a.stepWeight,
      maxWeight: a.maxWeight,
      stepWeights: steps === undefined ? undefined : [...steps],
      iterations: a.iterations,
      match: headers === undefined ? undefined
        : [{ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), { exact: v }])) }],
      metrics: a.metrics?.map((m, i) => {
        const at = `analysis.metrics[${i}]`;
        if (typeof m?.name !== 'string' || m.name.length === 0) throw meshError(this, `${at}.name`, `must be a non-empty string, got ${shown(m?.name)}`);
        if (m.min === undefined && m.max === undefined) throw meshError(this, at, 'must set min or max', 'A check without a threshold passes whatever the value');
        return compact({
          name: m.name,
          interval: m.interval === undefined ? undefined : flaggerInterval(this, `${at}.interval`, m.interval),
          thresholdRange: compact({ min: m.min, max: m.max }),
          templateRef: m.templateName === undefined ? undefined : compact({ name: m.templateName, namespace: m.templateNamespace }),
        });
      }),
    });
  }
}

/** Flagger's interval form (`^[0-9]+(m|s)`): whole minutes as `Nm`, else whole seconds as `Ns`. */
function flaggerInterval(scope: Construct, prop: string, d: Duration): string {
  if (!(d instanceof Duration)) throw meshError(scope, prop, `must be a Duration, got ${shown(d)}`, 'Use Duration.seconds() or Duration.minutes()');
  const ms = wholeMillis(scope, prop, d);
  if (ms === 0 || ms % 1000 !== 0) throw meshError(scope, prop, `must be a positive whole number of seconds, got ${ms}ms`);
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

function requirePort(scope: Construct, prop: string, port: number | undefined): void {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw meshError(scope, prop, `must be a port from 1 to 65535, got ${shown(port)}`);
}

function compact(o: { [key: string]: any }): any {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * The fields of an Istio TrafficPolicy that Flagger's Canary CRD declares (`spec.service.trafficPolicy`): the
 * API server prunes any other, so they are refused rather than dropped.
 */
const FLAGGER_TRAFFIC_POLICY: { [field: string]: string[] | undefined } = {
  connectionPool: ['http'],
  loadBalancer: ['consistentHash', 'localityLbSetting', 'simple', 'warmupDurationSecs'],
  outlierDetection: ['baseEjectionTime', 'consecutive5xxErrors', 'consecutiveErrors', 'consecutiveGatewayErrors', 'consecutiveLocalOriginFailures',
    'interval', 'maxEjectionPercent', 'minHealthPercent', 'splitExternalLocalOriginErrors'],
  tls: ['caCertificates', 'clientCertificate', 'mode', 'privateKey', 'sni', 'subjectAltNames'],
};
const FLAGGER_HTTP_POOL = ['h2UpgradePolicy', 'http1MaxPendingRequests', 'http2MaxRequests', 'idleTimeout', 'maxRequestsPerConnection', 'maxRetries'];

function flaggerTrafficPolicy(scope: Construct, policy: any): any {
  if (policy === undefined) return undefined;
  const refuse = (path: string, value: unknown) => {
    throw meshError(scope, path, `is not read by Flagger, got ${shown(value)}: its Canary CRD's trafficPolicy declares only connectionPool.http, loadBalancer, outlierDetection and tls (the API server would prune the rest)`,
      'Leave it out, or set it on a DestinationRule Flagger does not generate');
  };
  for (const [field, value] of Object.entries(policy)) {
    const known = FLAGGER_TRAFFIC_POLICY[field];
    if (known === undefined) refuse(`trafficPolicy.${field}`, value);
    for (const [sub, subValue] of Object.entries(value as object)) {
      if (!known!.includes(sub)) refuse(`trafficPolicy.${field}.${sub}`, subValue);
      if (field === 'connectionPool' && sub === 'http') {
        for (const [k, v] of Object.entries(subValue as object)) if (!FLAGGER_HTTP_POOL.includes(k)) refuse(`trafficPolicy.connectionPool.http.${k}`, v);
      }
    }
  }
  return policy;
}
