import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { HeaderManipulation, RouteDestination } from './route-destination';
import { TrafficPolicy } from './traffic-policy';
import { WorkloadSelector } from './workload-selector';
import { meshError, shown } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { isDnsLabel } from '../core/names';
import { compact, renderLabels, requireNonEmptyStrings, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { renderTrafficPolicy, takeAcknowledged } from './private/traffic-policy';
import { IMeshResource } from '../core/resource';
import { checkProps } from '../core/strict-props';
import { suppressRule } from '../core/suppression';
import { merge } from '../private/merge';

/** Options of a subset, for `DestinationRule.addSubset()`. */
export interface SubsetOptions {
  /** The subset name (a DNS-1123 label, such as `v1` or `canary`), referred to by route destinations. */
  readonly name: string;
  /**
   * Labels that select the subset's endpoints among the host's endpoints. Labels selecting no pod give
   * 503 UH (istioctl analyze IST0173).
   *
   * @default - every endpoint of the host
   */
  readonly labels?: { [key: string]: string };
  /**
   * Traffic policy for this subset. Istio replaces each host-level field the subset sets as a whole: a
   * subset `connectionPool` with only `http.maxRequestsPerConnection` drops the host's `tcp.maxConnections`
   * for that subset (`MergeTrafficPolicy` in pilot), so repeat the limits you want to keep.
   *
   * @default - the host-level traffic policy
   */
  readonly trafficPolicy?: TrafficPolicy;
}

/** A subset of a DestinationRule, as returned by `DestinationRule.addSubset()`. */
export class Subset {
  /** @internal */
  public static _create(host: string, name: string, rendered: any): Subset {
    return new Subset(host, name, rendered);
  }

  private constructor(
    /** The host of the DestinationRule. */
    public readonly host: string,
    /** The subset name. */
    public readonly name: string,
    private readonly rendered: any,
  ) {}

  /**
   * A route destination that sends traffic to this subset of the DestinationRule's host: the typed form of
   * `{ host, subset: 'name' }`, which cannot name a subset that does not exist.
   */
  public destination(options: SubsetDestinationOptions = {}): RouteDestination {
    return merge(options, { host: this.host, subset: this.name });
  }

  /** @internal */
  public _render(): any {
    return this.rendered;
  }
}

/** Options of `Subset.destination()`: the rest of a `RouteDestination`. */
export interface SubsetDestinationOptions {
  /**
   * The port on the host (1–65535). Required when the host exposes several ports.
   *
   * @default - the host's only port
   */
  readonly port?: number;

  /**
   * Relative share of the route's traffic (see `RouteDestination.weight`).
   *
   * @default - required when the route has several destinations
   */
  readonly weight?: number;

  /**
   * Header changes applied only when this destination is chosen.
   *
   * @default - none
   */
  readonly headers?: HeaderManipulation;
}

/** Properties for `DestinationRule`. */
export interface DestinationRuleProps {
  /**
   * Object metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** The service the rule applies to: short name, FQDN, or ServiceEntry host. */
  readonly host: string;
  /**
   * Namespaces the rule is visible to.
   *
   * @default - every namespace (Istio's default, unless the mesh config sets defaultDestinationRuleExportTo)
   */
  readonly exportTo?: string[];
  /**
   * Apply the rule only to these client workloads (rules in the workload's namespace).
   *
   * @default - every client
   */
  readonly workloadSelector?: WorkloadSelector;
  /**
   * Traffic policy for the whole host.
   *
   * @default - Istio's defaults: LEAST_REQUEST, no outlier detection, auto-mTLS
   */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * Subsets; the same as calling `addSubset()` for each.
   *
   * @default - none
   */
  readonly subsets?: SubsetOptions[];
  /**
   * The API version to emit.
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/**
 * An Istio DestinationRule: what happens to traffic for a host after routing (load balancing, connection
 * pools, outlier detection, TLS), and the subsets routes can name.
 *
 * Safe defaults: outlier detection renders `consecutive5xxErrors: 10`, `interval: 60s`,
 * `baseEjectionTime: 30s` unless given, refuses `maxEjectionPercent` above 50 and settings that could eject
 * every replica; `tls.mode: DISABLE` is refused without opt-in.
 */
export class DestinationRule extends Construct implements IMeshResource {
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
  /** The host the rule applies to. */
  public readonly host: string;

  private readonly subsets: Subset[] = [];
  private readonly version: string;

  public constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    super(scope, id);
    props = checkProps(this, 'istio.DestinationRule', props);
    if (typeof props.host !== 'string' || props.host.length === 0) {
      throw meshError(this, 'host', `must be a non-empty service name, got ${shown(props.host)}`);
    }
    requireNonEmptyStrings(this, 'exportTo', props.exportTo);
    this.host = props.host;
    this.version = resolveApiVersion(this, props.apiVersion);
    const trafficPolicy = renderTrafficPolicy(this, 'trafficPolicy', props.trafficPolicy, this.version);
    const selector = props.workloadSelector === undefined ? undefined
      : { matchLabels: renderLabels(this, 'workloadSelector.matchLabels', props.workloadSelector.matchLabels) };
    const gvk = this.version === 'v1beta1' ? GVKS['networking.istio.io'].DestinationRuleV1Beta1 : GVKS['networking.istio.io'].DestinationRule;
    // The rendering keeps what it renders, not the props: a construct per service adds up (issue 9).
    const exportTo = props.exportTo === undefined ? undefined : [...props.exportTo];
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => compact({
      host: this.host,
      exportTo,
      workloadSelector: selector,
      trafficPolicy,
      subsets: this.subsets.length ? this.subsets.map(s => s._render()) : undefined,
    }));
    this.suppressAcknowledged();
    // Items of props were checked with the props: the public add*() checks its argument, these do not again.
    for (const s of props.subsets ?? []) this.appendSubset(s);
  }

  /** Writes the analysis suppressions the opt-ins accepted (`allowUnsafeEjectionPercent`: MESH104) on the object. */
  private suppressAcknowledged(): void {
    for (const [ruleId, reason] of takeAcknowledged(this)) suppressRule(this.apiObject, ruleId, reason);
  }

  /** The subset named `name`; throws, naming the subsets there are, if it has not been added. */
  public subset(name: string): Subset {
    const found = this.subsets.find(s => s.name === name);
    if (!found) {
      throw meshError(this, 'subset()', `${shown(name)} is not a subset of ${this.host}`, `Its subsets: ${this.subsets.map(s => s.name).join(', ') || 'none'}; add it with addSubset()`);
    }
    return found;
  }

  /** Adds a subset and returns it. */
  public addSubset(options: SubsetOptions): Subset {
    return this.appendSubset(checkProps(this, 'istio.DestinationRule.addSubset', options, 'addSubset()'));
  }

  private appendSubset(options: SubsetOptions): Subset {
    const prop = `subsets[${this.subsets.length}]`;
    const name = options.name;
    if (!isDnsLabel(name)) {
      throw meshError(this, `${prop}.name`, `must be a DNS-1123 label (lower-case alphanumerics and '-', at most 63), got ${shown(name)}`);
    }
    if (this.subsets.some(s => s.name === name)) {
      throw meshError(this, `${prop}.name`, `${shown(name)} is already a subset of ${this.host}`, 'Give every subset a distinct name');
    }
    const rendered = compact({
      name,
      labels: renderLabels(this, `${prop}.labels`, options.labels),
      trafficPolicy: renderTrafficPolicy(this, `${prop}.trafficPolicy`, options.trafficPolicy, this.version),
    });
    this.suppressAcknowledged();
    const subset = Subset._create(this.host, name, rendered);
    this.subsets.push(subset);
    return subset;
  }
}
