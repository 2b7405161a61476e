import { Duration } from 'cdk8s';
import { meshError, shown } from '../core/errors';
import { staticScope } from '../core/static-scope';
import { checkArgument } from '../core/strict-props';
import { CanaryMetric } from '../flagger/canary';

/** Options of `CanaryHandOff.flagger`. */
export interface FlaggerHandOffOptions {
  /**
   * The Deployment Flagger takes over (`targetRef`). Flagger creates `<deployment>-primary` (the stable
   * version) and the Services `<service>`, `<service>-primary` and `<service>-canary`.
   *
   * @default - the `service` name
   */
  readonly deployment?: string;

  /**
   * How often Flagger checks the metrics and advances a step (`analysis.interval`): whole seconds or minutes.
   *
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;

  /**
   * Failed checks before Flagger rolls back (`analysis.threshold`).
   *
   * @default 5
   */
  readonly threshold?: number;

  /**
   * The weight added at each step (`analysis.stepWeight`), without `stages`. With `stages`, the stages are the
   * steps (`analysis.stepWeights`) and this must be unset.
   *
   * @default 10 without stages
   */
  readonly stepWeight?: number;

  /**
   * The most traffic the canary gets before promotion (`analysis.maxWeight`), without `stages` (with them, the
   * last stage is the most).
   *
   * @default 50 without stages
   */
  readonly maxWeight?: number;

  /**
   * A/B testing instead of weight steps: the number of checks during which requests carrying the pattern's
   * `headerOverride` go to the canary and all others to the primary (`analysis.iterations` and
   * `analysis.match`). Needs `headerOverride`; not with `stages`, `stepWeight` or `maxWeight`.
   *
   * @default - weight steps
   */
  readonly iterations?: number;

  /**
   * The metric checks (`analysis.metrics`).
   *
   * @default - Flagger's builtin checks: `request-success-rate` at least 99 (percent) and `request-duration` at
   * most 500 (milliseconds), over 1m. On Gateway API providers Flagger's builtins read the application's own
   * `http_request_duration_seconds` histogram; with Linkerd give MetricTemplates on Linkerd's
   * `response_total` instead (Flagger's Linkerd guide)
   */
  readonly metrics?: CanaryMetric[];

  /**
   * How long the canary may take to make progress before Flagger rolls back (`progressDeadlineSeconds`).
   *
   * @default - Flagger's default (600s)
   */
  readonly progressDeadline?: Duration;
}

/** The Rollout's `spec.strategy.canary.trafficRouting.istio.virtualService`. */
export interface ArgoIstioVirtualService {
  /** The VirtualService's name. */
  readonly name: string;
  /** The routes whose weights Argo Rollouts sets. */
  readonly routes: string[];
}

/** The Rollout's `spec.strategy.canary.trafficRouting.istio.destinationRule`. */
export interface ArgoIstioDestinationRule {
  /** The DestinationRule's name. */
  readonly name: string;
  /** The subset Argo points at the canary's pods. */
  readonly canarySubsetName: string;
  /** The subset Argo points at the stable pods. */
  readonly stableSubsetName: string;
}

/** The Rollout's `spec.strategy.canary.trafficRouting.istio` (subset-level traffic splitting). */
export interface ArgoIstioTrafficRouting {
  /** The VirtualService and its weighted routes. */
  readonly virtualService: ArgoIstioVirtualService;
  /** The DestinationRule and its subsets. */
  readonly destinationRule: ArgoIstioDestinationRule;
}

/** The Rollout's `spec.strategy.canary.trafficRouting`, as `CanaryService.argoTrafficRouting()` returns it. */
export interface ArgoTrafficRouting {
  /** Istio traffic routing. */
  readonly istio: ArgoIstioTrafficRouting;
}

/** A pause step of a Rollout (`pause`). */
export interface ArgoPause {
  /**
   * How long to pause (`30s`, `5m`).
   *
   * @default - indefinitely, until `kubectl argo rollouts promote`
   */
  readonly duration?: string;
}

/** A step of a Rollout's canary strategy (`spec.strategy.canary.steps[]`): one of its fields is set. */
export interface ArgoCanaryStep {
  /**
   * Sets the canary's weight (percent).
   *
   * @default - not this kind of step
   */
  readonly setWeight?: number;

  /**
   * Pauses the rollout.
   *
   * @default - not this kind of step
   */
  readonly pause?: ArgoPause;
}

/** Options of `CanaryHandOff.argoRollouts`. */
export interface ArgoRolloutsHandOffOptions {
  /**
   * Labels of the Rollout's pods (its `spec.template.metadata.labels`, or some of them), put on both
   * DestinationRule subsets. Argo Rollouts adds `rollouts-pod-template-hash` to each subset, which tells the
   * stable pods from the canary's.
   */
  readonly podSelector: { [key: string]: string };

  /**
   * With `stages`, the pause after each `setWeight` step of `CanaryService.argoSteps()`.
   *
   * @default - an indefinite pause (`pause: {}`): each stage waits for `kubectl argo rollouts promote`
   */
  readonly pause?: Duration;
}

/**
 * Hands the canary's progression to a progressive-delivery controller, which then owns the weights:
 *
 * - `CanaryHandOff.flagger()`: `CanaryService` emits a Flagger `Canary` (`flagger.app/v1beta1`) instead of the
 *   routing objects; Flagger creates the Services and the VirtualService/DestinationRules (Istio classic) or the
 *   HTTPRoute (Istio GAMMA, Linkerd) and moves the weight by the stages.
 * - `CanaryHandOff.argoRollouts()`: `CanaryService` emits the Istio VirtualService and DestinationRule shaped for
 *   Argo Rollouts' subset-level traffic routing (subsets `stable` and `canary`, named routes at 100/0 that Argo
 *   then edits); `CanaryService.argoTrafficRouting()` gives the Rollout's `trafficRouting`.
 */
export class CanaryHandOff {
  /** Flagger owns the release: emit a `flagger.app/v1beta1` Canary. */
  public static flagger(options: FlaggerHandOffOptions = {}): CanaryHandOff {
    const scope = staticScope('CanaryHandOff.flagger');
    checkArgument(scope, 'CanaryHandOff.flagger', 0, options);
    if (options === null || typeof options !== 'object') throw meshError(scope, 'options', `must be FlaggerHandOffOptions, got ${shown(options)}`);
    return new CanaryHandOff('flagger', { ...options }, undefined);
  }

  /** Argo Rollouts owns the weights: emit the VirtualService and DestinationRule its Istio traffic routing edits. */
  public static argoRollouts(options: ArgoRolloutsHandOffOptions): CanaryHandOff {
    const scope = staticScope('CanaryHandOff.argoRollouts');
    checkArgument(scope, 'CanaryHandOff.argoRollouts', 0, options);
    if (options === null || typeof options !== 'object') throw meshError(scope, 'options', `must be ArgoRolloutsHandOffOptions, got ${shown(options)}`);
    const sel = options.podSelector;
    if (!sel || typeof sel !== 'object' || Array.isArray(sel) || Object.keys(sel).length === 0 || Object.values(sel).some(v => typeof v !== 'string')) {
      throw meshError(scope, 'podSelector', `must be a non-empty map of the Rollout's pod labels, got ${shown(sel)}`, 'For example { app: "payment-api" }');
    }
    const pause = options.pause;
    const ms = pause instanceof Duration ? pause.toMilliseconds({ integral: false }) : NaN;
    if (pause !== undefined && (!Number.isInteger(ms) || ms <= 0 || ms % 1000 !== 0)) {
      throw meshError(scope, 'pause', `must be a Duration of a positive whole number of seconds, got ${pause instanceof Duration ? `${ms}ms` : shown(pause)}`,
        'Use Duration.seconds() or Duration.minutes(), or leave pause unset to wait for a manual promotion');
    }
    return new CanaryHandOff('argo-rollouts', undefined, { ...options });
  }

  private constructor(
    /** @internal */ public readonly _kind: string,
    /** @internal */ public readonly _flagger: FlaggerHandOffOptions | undefined,
    /** @internal */ public readonly _argo: ArgoRolloutsHandOffOptions | undefined) {}

  /** The controller: `flagger` or `argo-rollouts`. */
  public get controller(): string {
    return this._kind;
  }
}
