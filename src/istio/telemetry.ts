import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { MetricOverride, TracingTag, WorkloadMode } from './telemetry-overrides';
import { PolicyTargetReference, WorkloadSelector } from './workload-selector';
import { meshError } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { IMeshResource } from '../core/resource';
import { renderPolicyTarget } from './private/policy-target';
import { compact, optionalDuration, requireNonEmptyStrings, requirePercent, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { renderCustomTags, renderMetricOverrides, requireMode } from './private/telemetry';
import { checkProps } from '../core/strict-props';
import { merge } from '../private/merge';

/** Tracing settings. */
export interface TelemetryTracing {
  /**
   * Extension providers (from the mesh config) to report spans to.
   *
   * @default - the mesh's default tracing providers
   */
  readonly providers?: string[];
  /**
   * Percentage of requests sampled, from 0 to 100.
   *
   * @default - the mesh default (1%)
   */
  readonly randomSamplingPercentage?: number;
  /**
   * Stop reporting spans (context is still propagated).
   *
   * @default false
   */
  readonly disableSpanReporting?: boolean;
  /**
   * Tags added to every span, by tag name.
   *
   * @default - only Istio's own span tags
   */
  readonly customTags?: { [name: string]: TracingTag };
  /**
   * The side whose spans these settings apply to (rendered as `match.mode`).
   *
   * @default WorkloadMode.CLIENT_AND_SERVER - Istio's default when `match` is absent
   */
  readonly mode?: WorkloadMode;
}

/** Access logging settings. */
export interface TelemetryAccessLogging {
  /**
   * Extension providers to log to.
   *
   * @default - the mesh's default access log providers
   */
  readonly providers?: string[];
  /**
   * Turn access logging off.
   *
   * @default false
   */
  readonly disabled?: boolean;
  /**
   * A CEL expression; only matching requests are logged (`response.code >= 400`).
   *
   * @default - every request
   */
  readonly filterExpression?: string;
}

/** Metrics settings. */
export interface TelemetryMetrics {
  /**
   * Extension providers to report metrics to (`prometheus`).
   *
   * @default - the mesh's default metrics providers
   */
  readonly providers?: string[];
  /**
   * How often metrics are reported for long-lived connections; at least 1ms.
   *
   * @default - 5s for Prometheus (Istio's default)
   */
  readonly reportingInterval?: Duration;
  /**
   * Changes to the generated metrics, applied in order: disable some, or add, change and remove their tags.
   *
   * @default - Istio's standard metrics with their standard tags
   */
  readonly overrides?: MetricOverride[];
}

/** Properties for `Telemetry`. */
export interface TelemetryProps {
  /**
   * Object metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Workloads the settings apply to. Not with `targetRefs`.
   *
   * @default - every workload in the namespace (the mesh, in the root namespace)
   */
  readonly selector?: WorkloadSelector;
  /**
   * Waypoints or gateways the settings attach to. Not with `selector`.
   *
   * @default - none
   */
  readonly targetRefs?: PolicyTargetReference[];
  /** @default - inherited */
  readonly tracing?: TelemetryTracing[];
  /** @default - inherited */
  readonly accessLogging?: TelemetryAccessLogging[];
  /** @default - inherited */
  readonly metrics?: TelemetryMetrics[];
  /**
   * The API version to emit (`v1`, or `v1alpha1` for `IstioApiVersion.V1BETA1`).
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/** An Istio Telemetry: tracing, access logging and metrics for workloads. */
export class Telemetry extends Construct implements IMeshResource {
  /** The generated API object (child `Resource`), for escape hatches. */
  public readonly apiObject: ApiObject;

  /** The object's name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /**
   * The object's namespace.
   *
   * @default - none when the chart has no namespace
   */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  public constructor(scope: Construct, id: string, props: TelemetryProps = {}) {
    super(scope, id);
    props = checkProps(this, 'istio.Telemetry', props);
    const version = resolveApiVersion(this, props.apiVersion);
    const target = renderPolicyTarget(this, props.selector, props.targetRefs, version);
    const providers = (prop: string, list: string[] | undefined) => {
      requireNonEmptyStrings(this, prop, list);
      return list?.map(name => ({ name }));
    };
    const tracing = props.tracing?.map((t, i) => {
      requirePercent(this, `tracing[${i}].randomSamplingPercentage`, t.randomSamplingPercentage);
      requireMode(this, `tracing[${i}].mode`, t.mode);
      return compact({
        match: t.mode === undefined ? undefined : { mode: t.mode },
        providers: providers(`tracing[${i}].providers`, t.providers),
        randomSamplingPercentage: t.randomSamplingPercentage,
        disableSpanReporting: t.disableSpanReporting,
        customTags: renderCustomTags(this, `tracing[${i}].customTags`, t.customTags),
      });
    });
    const accessLogging = props.accessLogging?.map((a, i) => compact({
      providers: providers(`accessLogging[${i}].providers`, a.providers),
      disabled: a.disabled,
      filter: a.filterExpression === undefined ? undefined : { expression: a.filterExpression },
    }));
    const metrics = props.metrics?.map((m, i) => compact({
      providers: providers(`metrics[${i}].providers`, m.providers),
      overrides: renderMetricOverrides(this, `metrics[${i}].overrides`, m.overrides),
      reportingInterval: optionalDuration(this, `metrics[${i}].reportingInterval`, m.reportingInterval),
    }));
    if (!tracing && !accessLogging && !metrics) {
      throw meshError(this, 'tracing, accessLogging and metrics', 'are all absent, so the Telemetry changes nothing', 'Set at least one of them');
    }
    const gvk = version === 'v1beta1' ? GVKS['telemetry.istio.io'].TelemetryV1Alpha1 : GVKS['telemetry.istio.io'].Telemetry;
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => compact(merge(target, { tracing, accessLogging, metrics })));
  }
}
