import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { WorkloadSelector } from './workload-selector';
import { meshError, shown } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { IMeshResource } from '../core/resource';
import { renderPolicyTarget } from './private/policy-target';
import { compact, requirePort, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { checkProps } from '../core/strict-props';

/** Mutual TLS modes of inbound traffic (`PeerAuthentication.MutualTLS.Mode`). */
export enum MtlsMode {
  /** Inherit from the parent (namespace, then mesh root); PERMISSIVE if nothing is set. */
  UNSET = 'UNSET',
  /**
   * mTLS off: the sidecar accepts plain text and no peer identity reaches authorization policies.
   * Refused unless `allowUnsafeDisable`.
   */
  DISABLE = 'DISABLE',
  /**
   * Accept mTLS and plain text. For migrations only: while a workload is PERMISSIVE, clients outside the
   * mesh reach it unauthenticated. Move to STRICT once every client has a sidecar.
   */
  PERMISSIVE = 'PERMISSIVE',
  /** Accept mTLS only: the lock-down step. */
  STRICT = 'STRICT',
}

/** The mTLS mode of one workload port. */
export interface PortMtls {
  /** The workload (container) port, not the Service port (1–65535). */
  readonly port: number;
  /** The mode for this port. */
  readonly mode: MtlsMode;
}

/** Properties for `PeerAuthentication`. */
export interface PeerAuthenticationProps {
  /**
   * Object metadata. Name a namespace-wide policy `default` by convention.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The mTLS mode. Rendered explicitly. `PERMISSIVE` is for migrations only (it accepts plain text);
   * `DISABLE` needs `allowUnsafeDisable`.
   *
   * @default MtlsMode.STRICT - Istio's default when the field is absent is UNSET (inherit; PERMISSIVE
   * at the top), which accepts plain text
   */
  readonly mode?: MtlsMode;
  /**
   * The workloads the policy applies to.
   *
   * @default - every workload in the namespace (the mesh, in the root namespace)
   */
  readonly selector?: WorkloadSelector;
  /**
   * Per-port modes, by workload (container) port. Istio accepts them only with a selector. A port in
   * `DISABLE` needs `allowUnsafeDisable`.
   *
   * @default - the policy's mode on every port
   */
  readonly portLevelMtls?: PortMtls[];
  /**
   * Allow `MtlsMode.DISABLE`, for the whole policy or a port: the workload then accepts plain text from
   * anyone who can reach it, and authorization policies see no peer identity (principals, namespaces).
   * Meant for ports that must take plain text (a health check from outside the mesh) with a narrow selector.
   *
   * @default false
   */
  readonly allowUnsafeDisable?: boolean;
  /**
   * The API version to emit.
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/**
 * An Istio PeerAuthentication: the mTLS mode of inbound traffic. STRICT unless told otherwise; PERMISSIVE is
 * for migrations, and DISABLE (for the policy or a port) needs `allowUnsafeDisable: true`.
 */
export class PeerAuthentication extends Construct implements IMeshResource {
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
  /** The mode rendered. */
  public readonly mode: MtlsMode;

  public constructor(scope: Construct, id: string, props: PeerAuthenticationProps = {}) {
    super(scope, id);
    props = checkProps(this, 'istio.PeerAuthentication', props);
    const version = resolveApiVersion(this, props.apiVersion);
    this.mode = props.mode ?? MtlsMode.STRICT;
    const modes = Object.values(MtlsMode) as string[];
    if (!modes.includes(this.mode)) throw meshError(this, 'mode', `must be one of ${modes.join(', ')}, got ${shown(this.mode)}`);
    const unsafe = props.allowUnsafeDisable === true;
    if (this.mode === MtlsMode.DISABLE && !unsafe) throw disableError(this, 'mode');
    const target = renderPolicyTarget(this, props.selector, undefined, version);
    let portLevelMtls: any;
    if (props.portLevelMtls !== undefined && props.portLevelMtls.length > 0) {
      if (props.selector === undefined) {
        throw meshError(this, 'portLevelMtls', 'requires a selector (Istio rejects port-level mTLS in a namespace- or mesh-wide policy)',
          'Add selector: { matchLabels: { app: ... } }');
      }
      portLevelMtls = {};
      props.portLevelMtls.forEach((p, i) => {
        requirePort(this, `portLevelMtls[${i}].port`, p.port);
        if (!modes.includes(p.mode)) throw meshError(this, `portLevelMtls[${i}].mode`, `must be one of ${modes.join(', ')}, got ${shown(p.mode)}`);
        if (p.mode === MtlsMode.DISABLE && !unsafe) throw disableError(this, `portLevelMtls[${i}].mode`);
        if (String(p.port) in portLevelMtls) {
          throw meshError(this, `portLevelMtls[${i}].port`, `is listed twice, got ${p.port} again`, 'Give each port one entry');
        }
        portLevelMtls[String(p.port)] = { mode: p.mode };
      });
    }
    const gvk = version === 'v1beta1' ? GVKS['security.istio.io'].PeerAuthenticationV1Beta1 : GVKS['security.istio.io'].PeerAuthentication;
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => compact({
      selector: target.selector,
      mtls: { mode: this.mode },
      portLevelMtls,
    }));
  }
}

function disableError(scope: Construct, prop: string): Error {
  return meshError(scope, prop, 'must not be DISABLE without allowUnsafeDisable: true (mTLS off: the workload accepts plain text from anyone who can reach it, and authorization policies see no peer identity), got "DISABLE"',
    'Use STRICT (or PERMISSIVE while migrating clients into the mesh), or set allowUnsafeDisable: true');
}
