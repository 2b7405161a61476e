import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { DefaultInboundPolicy, ProxyProtocol } from './inbound-policy';
import { registerServer } from './private/route';
import { meshError, shown } from '../core/errors';
import { isDnsSubdomain } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace } from '../core/service-resolution';
import { checkProps, checkStaticArguments } from '../core/strict-props';
import { compact } from '../private/compact';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

/** The port a Server describes: a number, or the name of a container port. */
export class ServerPort {
  /** A port number, from 1 to 65535. */
  public static number(port: number): ServerPort {
    return new ServerPort(port);
  }

  /** The name of a container port (IANA_SVC_NAME: at most 15 lowercase letters, digits and '-'). */
  public static named(name: string): ServerPort {
    return new ServerPort(name);
  }

  private constructor(
    /** @internal */ public readonly _value: number | string) {}
}

/** How a label selector requirement compares a label with its values (`matchExpressions[].operator`). */
export enum LabelSelectorOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label is absent, or its value is none of `values`. */
  NOT_IN = 'NotIn',
  /** The label is present, whatever its value; takes no `values`. */
  EXISTS = 'Exists',
  /** The label is absent; takes no `values`. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** A set-based condition on one label (`matchExpressions[]`), ANDed with the other conditions of a selector. */
export interface LabelSelectorRequirement {
  /** The label's key, a qualified name such as `app` or `app.kubernetes.io/name`. */
  readonly key: string;

  /** How the label is compared with `values`. */
  readonly operator: LabelSelectorOperator;

  /**
   * The label values (each a valid label value): required and non-empty for `In` and `NotIn`, refused for
   * `Exists` and `DoesNotExist`.
   *
   * @default - none, which only `Exists` and `DoesNotExist` accept
   */
  readonly values?: string[];
}

/** Properties for `Server`. */
export interface ServerProps {
  /**
   * Metadata of the Server.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Labels of the pods this Server applies to (`podSelector.matchLabels`); `{}` selects every pod of the
   * namespace. Pods are selected by `podSelector`, `podSelectorExpressions` or both (ANDed); workloads are
   * selected either as pods or with `externalWorkloadSelector`, not both.
   *
   * @default - no label condition: `podSelectorExpressions` or `externalWorkloadSelector` must be set
   */
  readonly podSelector?: { [key: string]: string };

  /**
   * Set-based conditions on the labels of the pods this Server applies to
   * (`podSelector.matchExpressions`), ANDed with each other and with `podSelector`.
   *
   * @default - none: only `podSelector` selects pods
   */
  readonly podSelectorExpressions?: LabelSelectorRequirement[];

  /**
   * Labels of the ExternalWorkloads this Server applies to (`externalWorkloadSelector.matchLabels`).
   *
   * @default - `podSelector` must be set
   */
  readonly externalWorkloadSelector?: { [key: string]: string };

  /** The port of the selected workloads. */
  readonly port: ServerPort;

  /**
   * The protocol of the port, which skips protocol detection.
   *
   * @default - not rendered: Linkerd uses `unknown` and detects the protocol
   */
  readonly proxyProtocol?: ProxyProtocol;

  /**
   * What happens to requests no AuthorizationPolicy allows.
   *
   * @default DefaultInboundPolicy.DENY - rendered explicitly (also the CRD's default); note that ports
   * without any Server keep the cluster's default inbound policy, `all-unauthenticated` unless changed
   */
  readonly accessPolicy?: DefaultInboundPolicy;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  return isDnsSubdomain(prefix) && LABEL_NAME.test(key.slice(slash + 1));
}

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]?$/;

/** A Linkerd Server (`policy.linkerd.io/v1beta3`): a port of some workloads, to authorize traffic to. */
export class Server extends Construct implements IMeshResource {
  /** The Server's name. */
  public readonly name: string;
  /** The Server's namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServerProps) {
    super(scope, id);
    props = checkProps(this, 'linkerd.Server', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const selectsPods = props.podSelector !== undefined || props.podSelectorExpressions !== undefined;
    if (selectsPods === (props.externalWorkloadSelector !== undefined)) {
      throw meshError(this, 'podSelector', 'or externalWorkloadSelector must be set, and not both',
        'Select pods with podSelector ({} selects every pod of the namespace), or external workloads with externalWorkloadSelector');
    }
    const port = this.renderPort(props.port);
    const matchExpressions = props.podSelectorExpressions === undefined ? undefined : this.renderExpressions(props.podSelectorExpressions);
    const spec: any = {};
    if (selectsPods) {
      spec.podSelector = compact({ matchLabels: props.podSelector !== undefined ? { ...props.podSelector } : undefined, matchExpressions });
    }
    if (props.externalWorkloadSelector !== undefined) spec.externalWorkloadSelector = { matchLabels: { ...props.externalWorkloadSelector } };
    spec.port = port;
    if (props.proxyProtocol !== undefined) spec.proxyProtocol = this.checkEnum('proxyProtocol', props.proxyProtocol, Object.values(ProxyProtocol));
    spec.accessPolicy = this.checkEnum('accessPolicy', props.accessPolicy ?? DefaultInboundPolicy.DENY, Object.values(DefaultInboundPolicy));
    // ApiObject rather than the binding: the binding's port is a wrapper class.
    this.apiObject = createApiObject(this, merge(GVKS['policy.linkerd.io'].ServerV1Beta3, {
      metadata: merge(props.metadata, { namespace: this.namespace }),
      spec,
    }));
    this.name = this.apiObject.name;
    registerServer(this, this.namespace, this.name);
  }

  private renderPort(port: ServerPort): number | string {
    const value = port instanceof ServerPort ? port._value : undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
    if (typeof value === 'string' && value.length <= 15 && IANA_SVC_NAME.test(value)) return value;
    throw meshError(this, 'port', `must be a port number from 1 to 65535 or a container port name (IANA_SVC_NAME), got ${shown(value ?? port)}`);
  }

  private renderExpressions(expressions: LabelSelectorRequirement[]): any[] {
    if (!Array.isArray(expressions) || expressions.length === 0) {
      throw meshError(this, 'podSelectorExpressions', `must be a non-empty list, got ${shown(expressions)}`, 'Leave it unset to select by podSelector alone');
    }
    return expressions.map((e, i) => {
      const prop = `podSelectorExpressions[${i}]`;
      if (typeof e?.key !== 'string' || !isQualifiedName(e.key)) {
        throw meshError(this, `${prop}.key`, `must be a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, '-', '_' or '.'), got ${shown(e?.key)}`);
      }
      const operator = this.checkEnum(`${prop}.operator`, e.operator, Object.values(LabelSelectorOperator));
      const values = e.values ?? [];
      const takesValues = operator === LabelSelectorOperator.IN || operator === LabelSelectorOperator.NOT_IN;
      if (!Array.isArray(values) || takesValues !== values.length > 0) {
        throw meshError(this, `${prop}.values`, takesValues ? `must be non-empty for ${operator}, got ${shown(e.values)}` : `must be empty for ${operator}, got ${shown(e.values)}`,
          takesValues ? `${operator} with no values ${operator === 'In' ? 'selects no pod' : 'is the same as selecting every pod'}: list the label values` : `${operator} only looks at the key: remove values`);
      }
      values.forEach((v, j) => {
        if (typeof v !== 'string' || !LABEL_VALUE.test(v)) {
          throw meshError(this, `${prop}.values[${j}]`, `must be a label value (at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends), got ${shown(v)}`);
        }
      });
      return { key: e.key, operator, ...(takesValues ? { values: [...values] } : {}) };
    });
  }

  private checkEnum(prop: string, value: string, allowed: string[]): string {
    if (!allowed.includes(value)) throw meshError(this, prop, `must be one of ${allowed.join(', ')}, got ${shown(value)}`);
    return value;
  }
}

checkStaticArguments(ServerPort, 'linkerd.ServerPort');
