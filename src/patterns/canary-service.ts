import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCanaryStep, ArgoTrafficRouting, CanaryHandOff } from './canary-hand-off';
import { CanaryRetries } from './canary-retries';
import { renderCanaryFlagger } from './private/canary-flagger';
import { renderCanaryGateway } from './private/canary-gateway';
import { ARGO_CANARY_SUBSET, ARGO_STABLE_SUBSET, renderCanaryIstio } from './private/canary-istio';
import { requireMesh, unsupported } from './private/mesh-support';
import { meshError, shown } from '../core/errors';
import { HttpMethod } from '../core/http-method';
import { IDEMPOTENT_METHODS } from '../core/http-methods';
import { IstioDialect, LinkerdRouting, Mesh } from '../core/mesh';
import { isDnsLabel } from '../core/names';
import { IMeshResource } from '../core/resource';
import { checkProps } from '../core/strict-props';

/** A header that sends a request to the canary whatever the split (the seeds' `x-canary: "true"`). */
export interface CanaryHeaderOverride {
  /** The header name (an HTTP token, matched case-insensitively). */
  readonly name: string;
  /** The exact value that selects the canary. */
  readonly value: string;
}

/**
 * Circuit breaking of the service's pool (Istio DestinationRule `trafficPolicy`). Ejection never exceeds 50%
 * of the pool: the Istio layer refuses more without its named opt-in.
 */
export interface CanaryCircuitBreaker {
  /**
   * Consecutive 5xx responses that eject a host (`outlierDetection.consecutive5xxErrors`).
   *
   * @default 10
   */
  readonly consecutive5xxErrors?: number;

  /**
   * How often hosts are evaluated (`outlierDetection.interval`).
   *
   * @default Duration.seconds(60)
   */
  readonly interval?: Duration;

  /**
   * Minimum ejection time (`outlierDetection.baseEjectionTime`).
   *
   * @default Duration.seconds(30)
   */
  readonly baseEjectionTime?: Duration;

  /**
   * Most of the pool that may be ejected, in percent (`outlierDetection.maxEjectionPercent`), at most 50.
   *
   * @default 50
   */
  readonly maxEjectionPercent?: number;

  /**
   * Maximum TCP connections to the service (`connectionPool.tcp.maxConnections`).
   *
   * @default - Istio's default (2^32-1)
   */
  readonly maxConnections?: number;

  /**
   * Maximum concurrent requests (`connectionPool.http.http2MaxRequests`).
   *
   * @default - Istio's default (2^32-1)
   */
  readonly http2MaxRequests?: number;

  /**
   * Maximum requests per connection (`connectionPool.http.maxRequestsPerConnection`).
   *
   * @default - unlimited
   */
  readonly maxRequestsPerConnection?: number;
}

/** Properties for `CanaryService`. */
export interface CanaryServiceProps {
  /** The mesh and dialect to render for. */
  readonly mesh: Mesh;

  /** The Service clients call (a DNS-1123 label), in the chart's namespace. */
  readonly service: string;

  /** The Service port clients call. */
  readonly port: number;

  /**
   * The container port of both versions (for the per-version Services of Gateway API dialects).
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;

  /**
   * Labels selecting the stable version's pods (Istio subset `stable`; Service `<service>-stable`).
   * Required, except with `handOff` (Flagger selects the pods of its Deployment; with Argo Rollouts, see
   * `ArgoRolloutsHandOffOptions.podSelector`), where it must be unset.
   *
   * @default - none (required without `handOff`)
   */
  readonly stableSelector?: { [key: string]: string };

  /**
   * Labels selecting the canary's pods (Istio subset `canary`; Service `<service>-canary`). Required, except
   * with `handOff`, where it must be unset.
   *
   * @default - none (required without `handOff`)
   */
  readonly canarySelector?: { [key: string]: string };

  /**
   * Percent of requests (those without the header override) sent to the canary: an integer from 0 to 100.
   * The stable version gets the rest: both weights are rendered as given, summing to 100, on every dialect.
   * Not with `stages`.
   *
   * @default 0
   */
  readonly canaryWeight?: number;

  /**
   * Progressive stages: canary weights from 0 to 100, increasing (`[5, 25, 50, 100]`). `stage` picks the
   * current one, so a pipeline promotes by changing one value.
   *
   * @default - no stages: `canaryWeight` applies
   */
  readonly stages?: number[];

  /**
   * The index into `stages` of the current stage.
   *
   * @default 0
   */
  readonly stage?: number;

  /**
   * A header that sends every request carrying it to the canary (100%).
   *
   * @default - none
   */
  readonly headerOverride?: CanaryHeaderOverride;

  /**
   * The request timeout of every route.
   *
   * @default Duration.seconds(15)
   */
  readonly timeout?: Duration;

  /**
   * Retries, of safe and idempotent methods only. Not on Istio (GAMMA): the standard Gateway API channel has
   * no retry field.
   *
   * @default - no retries: on Istio every route renders `retries: {attempts: 0}`
   */
  readonly retries?: CanaryRetries;

  /**
   * Circuit breaking (Istio classic: the DestinationRule's traffic policy).
   *
   * @default - on Istio classic, the Istio layer's outlier detection (10 consecutive 5xx, 60s interval, 30s
   * ejection, at most 50% ejected); Gateway API dialects set none
   */
  readonly circuitBreaker?: CanaryCircuitBreaker;

  /**
   * On Gateway API dialects, create the per-version Services (`<service>-stable`, `<service>-canary`) that the
   * route's backends name; false when they exist already under those names.
   *
   * @default true
   */
  readonly createVersionServices?: boolean;

  /**
   * Hands the progression to a progressive-delivery controller, which then owns the weights:
   * `CanaryHandOff.flagger()` emits a Flagger Canary instead of the routing objects (the stages become its
   * steps); `CanaryHandOff.argoRollouts()` (Istio classic) emits the VirtualService and DestinationRule that Argo
   * Rollouts edits, at 100/0. Not with `canaryWeight` or `stage`.
   *
   * @default - none: the pattern renders the weights itself
   */
  readonly handOff?: CanaryHandOff;
}

/** The validated intent, as the dialect renderers read it. @internal */
export interface CanaryIntent {
  readonly mesh: Mesh;
  readonly service: string;
  readonly port: number;
  readonly targetPort: number;
  readonly stableSelector: { [key: string]: string };
  readonly canarySelector: { [key: string]: string };
  readonly canaryWeight: number;
  readonly header?: CanaryHeaderOverride;
  readonly timeout: Duration;
  readonly retries?: CanaryRetries;
  readonly retryMethods: HttpMethod[];
  readonly circuitBreaker?: CanaryCircuitBreaker;
  readonly createVersionServices: boolean;
  readonly stages?: number[];
  readonly handOff?: CanaryHandOff;
}

/**
 * A canary release of one Service: a weighted split between the stable version and the canary, an optional
 * header that sends a request to the canary whatever the split, timeouts on every route, and retries only
 * for methods safe to replay. One intent, three dialects:
 *
 * - Istio classic: one VirtualService and one DestinationRule with subsets `stable` and `canary`; routes are
 *   split by method so that only the retried methods carry `retries`, and every other route renders
 *   `retries: {attempts: 0}` (Istio's default policy would retry a POST otherwise).
 * - Gateway API (Istio GAMMA, Linkerd): per-version Services and HTTPRoutes with the Service as parent, the
 *   header rule first and a weighted rule matching everything else. On Linkerd, retries go on a second
 *   HTTPRoute whose rules match only the retried methods.
 *
 * With `handOff`, a progressive-delivery controller owns the weights: Flagger gets a `flagger.app/v1beta1`
 * Canary instead of the routing objects, Argo Rollouts the Istio classic objects at 100/0 and, from
 * `argoTrafficRouting()` and `argoSteps()`, what its Rollout names.
 */
export class CanaryService extends Construct {
  /** The percent of requests sent to the stable version (with `handOff`, 100: where the controller starts). */
  public readonly stableWeight: number;
  /** The percent of requests sent to the canary (with `handOff`, 0: where the controller starts). */
  public readonly canaryWeight: number;
  /** Every object the pattern rendered, in creation order. */
  public readonly resources: IMeshResource[];

  private readonly intent: CanaryIntent;
  private readonly argoRoutes: string[] = [];

  constructor(scope: Construct, id: string, props: CanaryServiceProps) {
    super(scope, id);
    const intent = validate(this, checkProps(this, 'CanaryService', props));
    this.intent = intent;
    this.canaryWeight = intent.canaryWeight;
    this.stableWeight = 100 - intent.canaryWeight;
    if (intent.handOff?._kind === 'flagger') {
      this.resources = renderCanaryFlagger(this, intent);
    } else if (intent.handOff?._kind === 'argo-rollouts') {
      const rendered = renderCanaryIstio(this, intent, intent.handOff._argo);
      this.resources = rendered.resources;
      this.argoRoutes.push(...rendered.weightedRoutes);
    } else {
      this.resources = intent.mesh.usesGatewayApi ? renderCanaryGateway(this, intent) : renderCanaryIstio(this, intent).resources;
    }
  }

  /**
   * With `CanaryHandOff.argoRollouts()`: the Rollout's `spec.strategy.canary.trafficRouting`, naming the
   * VirtualService, the routes Argo sets the weights of (the weighted ones; the header-override routes keep
   * sending to the `canary` subset, which Argo points at the stable pods once a release is promoted), and the
   * DestinationRule with its subsets.
   */
  public argoTrafficRouting(): ArgoTrafficRouting {
    this.requireArgo('argoTrafficRouting()');
    return {
      istio: {
        virtualService: { name: this.intent.service, routes: [...this.argoRoutes] },
        destinationRule: { name: this.intent.service, canarySubsetName: ARGO_CANARY_SUBSET, stableSubsetName: ARGO_STABLE_SUBSET },
      },
    };
  }

  /**
   * With `CanaryHandOff.argoRollouts()` and `stages`: the Rollout's `spec.strategy.canary.steps`, a
   * `setWeight` per stage, each followed by a pause (`ArgoRolloutsHandOffOptions.pause`).
   */
  public argoSteps(): ArgoCanaryStep[] {
    this.requireArgo('argoSteps()');
    const stages = this.intent.stages;
    if (stages === undefined) throw meshError(this, 'stages', 'must be set for argoSteps(), got undefined', 'List the canary weights, for example [5, 25, 50, 100]');
    const pause = this.intent.handOff?._argo?.pause;
    return stages.flatMap(w => [{ setWeight: w }, { pause: pause === undefined ? {} : { duration: `${pause.toMilliseconds() / 1000}s` } }]);
  }

  private requireArgo(method: string): void {
    if (this.intent.handOff?._kind !== 'argo-rollouts') {
      throw meshError(this, method, `needs handOff: CanaryHandOff.argoRollouts(), got ${this.intent.handOff ? 'CanaryHandOff.flagger()' : 'no handOff'}`);
    }
  }
}

function validate(scope: Construct, props: CanaryServiceProps): CanaryIntent {
  if (props === null || typeof props !== 'object') throw meshError(scope, 'props', `must be CanaryServiceProps, got ${shown(props)}`);
  const mesh = requireMesh(scope, props.mesh);
  if (mesh.dialect === LinkerdRouting.SERVICE_PROFILE) {
    throw unsupported(scope, mesh, 'mesh', 'ServiceProfiles cannot split traffic between versions (SMI TrafficSplit needs the linkerd-smi extension since Linkerd 2.12)',
      'Use Mesh.linkerd() (HTTPRoutes, the default routing): Linkerd splits with HTTPRoute backend weights');
  }
  if (!isDnsLabel(props.service)) throw meshError(scope, 'service', `must be a Service name (a DNS-1123 label), got ${shown(props.service)}`);
  const handOff = props.handOff;
  if (handOff !== undefined) validateHandOff(scope, mesh, props);
  for (const key of ['port', 'targetPort'] as const) {
    const v = props[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 65535)) throw meshError(scope, key, `must be a port from 1 to 65535, got ${shown(v)}`);
  }
  if (props.port === undefined) throw meshError(scope, 'port', 'must be set, got undefined', 'Give the Service port clients call');
  const selectors = ['stableSelector', 'canarySelector'] as const;
  for (const key of handOff === undefined ? selectors : []) {
    const sel = props[key];
    if (!sel || typeof sel !== 'object' || Array.isArray(sel) || Object.keys(sel).length === 0 || Object.values(sel).some(v => typeof v !== 'string')) {
      throw meshError(scope, key, `must be a non-empty map of pod labels, got ${shown(sel)}`, 'For example { version: "stable" }');
    }
  }
  if (handOff === undefined && JSON.stringify(sortKeys(props.stableSelector!)) === JSON.stringify(sortKeys(props.canarySelector!))) {
    throw meshError(scope, 'canarySelector', `must differ from stableSelector, got ${shown(props.canarySelector)} for both`,
      'Label the canary\'s pods differently (for example version: canary), or the split sends both shares to the same pods');
  }
  let canaryWeight: number;
  if (props.stages !== undefined) {
    if (props.canaryWeight !== undefined) throw meshError(scope, 'canaryWeight', 'must not be set with stages, got both', 'Choose the weight with stage');
    const stages = props.stages;
    if (!Array.isArray(stages) || stages.length === 0 || stages.some(w => !Number.isInteger(w) || w < 0 || w > 100)) {
      throw meshError(scope, 'stages', `must be a non-empty list of integers from 0 to 100, got ${shown(stages)}`);
    }
    if (stages.some((w, i) => i > 0 && w <= stages[i - 1])) throw meshError(scope, 'stages', `must increase, got ${shown(stages)}`);
    const stage = props.stage ?? 0;
    if (!Number.isInteger(stage) || stage < 0 || stage >= stages.length) {
      throw meshError(scope, 'stage', `must be an index into stages, from 0 to ${stages.length - 1}, got ${shown(stage)}`);
    }
    // With a hand-off the controller starts every release at 0 and moves through the stages itself.
    canaryWeight = handOff === undefined ? stages[stage] : 0;
  } else {
    if (props.stage !== undefined) throw meshError(scope, 'stage', `must not be set without stages, got ${shown(props.stage)}`);
    canaryWeight = props.canaryWeight ?? 0;
    if (!Number.isInteger(canaryWeight) || canaryWeight < 0 || canaryWeight > 100) {
      throw meshError(scope, 'canaryWeight', `must be an integer from 0 to 100, got ${shown(canaryWeight)}`);
    }
  }
  const header = props.headerOverride;
  if (header !== undefined) {
    if (typeof header?.name !== 'string' || !/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(header.name)) {
      throw meshError(scope, 'headerOverride.name', `must be an HTTP header name, got ${shown(header?.name)}`);
    }
    if (typeof header.value !== 'string' || !/^[\t\x20-\x7e]+$/.test(header.value)) {
      throw meshError(scope, 'headerOverride.value', `must be a non-empty string of visible ASCII, got ${shown(header.value)}`);
    }
  }
  if (props.timeout !== undefined && !(props.timeout instanceof Duration)) {
    throw meshError(scope, 'timeout', `must be a Duration, got ${shown(props.timeout)}`, 'Use Duration.seconds()');
  }
  const retries = props.retries;
  let retryMethods: HttpMethod[] = [];
  if (retries !== undefined) {
    if (!Number.isInteger(retries?.attempts) || retries.attempts < 1 || retries.attempts > 10) {
      throw meshError(scope, 'retries.attempts', `must be an integer from 1 to 10, got ${shown(retries?.attempts)}`, 'For no retries, leave retries unset');
    }
    retryMethods = retries.methods ?? [HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS];
    if (!Array.isArray(retryMethods) || retryMethods.length === 0) throw meshError(scope, 'retries.methods', `must list at least one method, got ${shown(retryMethods)}`);
    retryMethods.forEach((m, i) => {
      if (!IDEMPOTENT_METHODS.has(m)) {
        throw meshError(scope, `retries.methods[${i}]`, `must be a safe or idempotent method (GET, HEAD, OPTIONS, TRACE, PUT, DELETE), got ${shown(m)}`,
          'A retried POST, PATCH or CONNECT can execute twice: make the endpoint idempotent and retry it in the client, with an idempotency key');
      }
    });
    if (new Set(retryMethods).size !== retryMethods.length) throw meshError(scope, 'retries.methods', `must not repeat a method, got ${shown(retryMethods)}`);
  }
  return {
    mesh,
    service: props.service,
    port: props.port,
    targetPort: props.targetPort ?? props.port,
    stableSelector: { ...props.stableSelector },
    canarySelector: { ...props.canarySelector },
    stages: props.stages === undefined ? undefined : [...props.stages],
    handOff,
    canaryWeight,
    header,
    timeout: props.timeout ?? Duration.seconds(15),
    retries,
    retryMethods,
    circuitBreaker: props.circuitBreaker,
    createVersionServices: props.createVersionServices ?? true,
  };
}

/** What the hand-off modes refuse before the common checks: the controller owns the weights and the pods. */
function validateHandOff(scope: Construct, mesh: Mesh, props: CanaryServiceProps): void {
  const handOff = props.handOff;
  if (!(handOff instanceof CanaryHandOff)) {
    throw meshError(scope, 'handOff', `must be a CanaryHandOff, got ${shown(handOff)}`, 'Use CanaryHandOff.flagger() or CanaryHandOff.argoRollouts()');
  }
  const flagger = handOff._kind === 'flagger';
  const who = flagger ? 'Flagger' : 'Argo Rollouts';
  for (const key of ['canaryWeight', 'stage'] as const) {
    if (props[key] !== undefined) {
      throw meshError(scope, key, `must not be set with handOff: ${who} owns the weight (it starts the canary at 0), got ${shown(props[key])}`,
        flagger ? 'Give the steps with stages (or the Flagger options stepWeight and maxWeight)' : 'Give the steps with stages and put argoSteps() in the Rollout');
    }
  }
  for (const key of ['stableSelector', 'canarySelector'] as const) {
    if (props[key] !== undefined) {
      throw meshError(scope, key, `must not be set with handOff: ${who} tells the versions apart itself, got ${shown(props[key])}`,
        flagger ? 'Flagger selects the pods of its Deployment (CanaryHandOff.flagger({ deployment }))'
          : 'Argo Rollouts adds rollouts-pod-template-hash to the subsets; give the Rollout\'s pod labels as CanaryHandOff.argoRollouts({ podSelector })');
    }
  }
  if (props.createVersionServices !== undefined) {
    throw meshError(scope, 'createVersionServices', `must not be set with handOff, got ${shown(props.createVersionServices)}`,
      flagger ? 'Flagger creates <service>, <service>-primary and <service>-canary itself' : 'Argo Rollouts\' Istio routing uses subsets of one Service');
  }
  if (!flagger && mesh.dialect !== IstioDialect.CLASSIC) {
    throw unsupported(scope, mesh, 'handOff', 'Argo Rollouts\' built-in traffic routing edits Istio VirtualServices (or SMI TrafficSplits, which Linkerd serves only with the linkerd-smi extension); Gateway API routes need its separately installed Gateway API plugin, which this pattern does not configure',
      'Use Mesh.istio() (classic dialect) with CanaryHandOff.argoRollouts(), or CanaryHandOff.flagger(), which drives HTTPRoutes on this mesh');
  }
}

function sortKeys(o: { [key: string]: string }): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
