import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationRule, AuthorizationRuleOptions } from './authorization-rule';
import { PolicyTargetReference, WorkloadSelector } from './workload-selector';
import { addMeshValidation, meshError, shown } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { IMeshResource } from '../core/resource';
import { renderPolicyTarget } from './private/policy-target';
import { compact, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { checkProps, childScope, checkStaticArguments } from '../core/strict-props';
import { merge } from '../private/merge';

/**
 * The key under which `allowNothing()` marks the props it passes to the constructor. A symbol that is not
 * exported: users cannot set it, and it stays out of the public (jsii) API.
 */
const ALLOW_NOTHING: unique symbol = Symbol('cdk8s-mesh.istio.AuthorizationPolicy.allowNothing');

/** The props `allowNothing()` passes to the constructor. */
interface AllowNothingProps extends AuthorizationPolicyProps {
  readonly [ALLOW_NOTHING]: true;
}

/** Actions of an AuthorizationPolicy. Istio evaluates CUSTOM, then DENY, then ALLOW. */
export enum AuthorizationAction {
  /** Allow matching requests; once any ALLOW policy applies to a workload, other requests are denied. */
  ALLOW = 'ALLOW',
  /** Deny matching requests. */
  DENY = 'DENY',
  /** Audit matching requests (needs an audit provider plugin); does not allow or deny. */
  AUDIT = 'AUDIT',
  /** Delegate to the extension provider named by `provider`. */
  CUSTOM = 'CUSTOM',
}

/** The workloads a policy applies to. */
export interface AuthorizationPolicyTargetProps {
  /**
   * Object metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Sidecar workloads the policy applies to. Not with `targetRefs`. Ignored by waypoints.
   *
   * @default - every workload in the namespace (the mesh, in the root namespace)
   */
  readonly selector?: WorkloadSelector;
  /**
   * Waypoints, gateways or services the policy attaches to (ambient L7). Not with `selector`.
   *
   * @default - none
   */
  readonly targetRefs?: PolicyTargetReference[];
  /**
   * The API version to emit.
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/** Properties for `AuthorizationPolicy`. */
export interface AuthorizationPolicyProps extends AuthorizationPolicyTargetProps {
  /**
   * The action. Rendered explicitly.
   *
   * @default AuthorizationAction.ALLOW - also Istio's default
   */
  readonly action?: AuthorizationAction;
  /**
   * The extension provider (from the mesh config's extensionProviders), required with CUSTOM only.
   *
   * @default - none
   */
  readonly provider?: string;
  /**
   * Rules, OR'ed; the same as calling `addRule()` for each. DENY and CUSTOM policies need at least one.
   * For a policy that allows nothing, use `AuthorizationPolicy.allowNothing()`.
   *
   * @default - none, then rules must be added with `addRule()`
   */
  readonly rules?: AuthorizationRuleOptions[];
}

/**
 * An Istio AuthorizationPolicy. Principals are validated, wildcard principals and ALLOW rules without a
 * source need an opt-in, and a policy must have rules: `AuthorizationPolicy.allowNothing()` is the explicit
 * way to write the `spec: {}` deny-all.
 */
export class AuthorizationPolicy extends Construct implements IMeshResource {
  /**
   * A policy that allows nothing (`spec: {}`, or only a selector/targetRefs): once it applies, every request
   * to the selected workloads is denied unless another ALLOW policy matches. The default-deny building block.
   */
  public static allowNothing(scope: Construct, id: string, props: AuthorizationPolicyTargetProps = {}): AuthorizationPolicy {
    props = checkProps(childScope(scope, id), 'istio.AuthorizationPolicy.allowNothing', props);
    const marked: AllowNothingProps = merge(props, { [ALLOW_NOTHING]: true as const });
    return new AuthorizationPolicy(scope, id, marked);
  }

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
  /** The action. */
  public readonly action: AuthorizationAction;

  private readonly rules: AuthorizationRule[] = [];
  private readonly nothing: boolean;

  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps = {}) {
    super(scope, id);
    props = checkProps(this, 'istio.AuthorizationPolicy', props);
    this.nothing = (props as Partial<AllowNothingProps>)[ALLOW_NOTHING] === true;
    this.action = props.action ?? AuthorizationAction.ALLOW;
    const actions = Object.values(AuthorizationAction) as string[];
    if (!actions.includes(this.action)) throw meshError(this, 'action', `must be one of ${actions.join(', ')}, got ${shown(this.action)}`);
    if (this.action === AuthorizationAction.CUSTOM && !props.provider) {
      throw meshError(this, 'provider', 'is required with action CUSTOM', 'Name an extensionProvider from the mesh config');
    }
    if (this.action !== AuthorizationAction.CUSTOM && props.provider !== undefined) {
      throw meshError(this, 'provider', `is only allowed with action CUSTOM, got action ${this.action}`);
    }
    const version = resolveApiVersion(this, props.apiVersion);
    const target = renderPolicyTarget(this, props.selector, props.targetRefs, version);
    const gvk = version === 'v1beta1' ? GVKS['security.istio.io'].AuthorizationPolicyV1Beta1 : GVKS['security.istio.io'].AuthorizationPolicy;
    // The rendering keeps what it renders, not the props: a construct per service adds up (issue 9).
    const provider = props.provider === undefined ? undefined : { name: props.provider };
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => this.nothing ? target : compact(merge(target, {
      action: this.action,
      provider,
      rules: this.rules.map(r => r._render()),
    })));
    // Items of props were checked with the props: the public add*() checks its argument, these do not again.
    for (const r of props.rules ?? []) this.appendRule(r);
    addMeshValidation(this, this.rulesProblems);
  }

  /** Appends a rule (rules are OR'ed) and returns it. */
  public addRule(options: AuthorizationRuleOptions): AuthorizationRule {
    return this.appendRule(checkProps(this, 'istio.AuthorizationPolicy.addRule', options, 'addRule()'));
  }

  private appendRule(options: AuthorizationRuleOptions): AuthorizationRule {
    if (this.nothing) {
      throw meshError(this, 'rules', `cannot be added to an allowNothing() policy, got ${shown(options)}`, 'Create a separate ALLOW policy');
    }
    const rule = AuthorizationRule._create(this, `rules[${this.rules.length}]`, this.action, options);
    this.rules.push(rule);
    return rule;
  }

  /** The validation: a policy needs rules (unless it is allowNothing()). */
  private rulesProblems(): string[] {
    return !this.nothing && this.rules.length === 0
      ? [meshError(this, 'rules', `must not be empty (${this.action === AuthorizationAction.ALLOW
        ? 'an ALLOW policy without rules allows nothing'
        : `Istio rejects a ${this.action} policy without rules`}), got 0 rules`,
      'Call addRule(), or use AuthorizationPolicy.allowNothing() for a deny-all').message]
      : [];
  }
}

checkStaticArguments(AuthorizationPolicy, 'istio.AuthorizationPolicy');
