import { Construct } from 'constructs';
import { requireMesh, unsupported } from './private/mesh-support';
import { meshError, shown } from '../core/errors';
import { Mesh } from '../core/mesh';
import { isDnsLabel } from '../core/names';
import { IMeshResource } from '../core/resource';
import { checkProps } from '../core/strict-props';
import * as istio from '../istio';
import * as k8s from '../k8s';
import * as linkerd from '../linkerd';

/**
 * The steps of the migration to strict mTLS (the seeds' path): deploy with injection on and `PERMISSIVE`, verify
 * that every pod is injected (`istioctl analyze`, `linkerd check --proxy`), then `STRICT`.
 */
export enum MtlsMigrationStage {
  /**
   * Sidecars injected, plain text still accepted from unmeshed clients (Istio PeerAuthentication
   * `PERMISSIVE`; Linkerd default inbound policy `all-unauthenticated`). For the migration only.
   */
  PERMISSIVE = 'PERMISSIVE',
  /** Only mTLS (Istio `STRICT`; Linkerd `all-authenticated`): the end state. */
  STRICT = 'STRICT',
}

/** A workload port that keeps accepting plain text in a strict namespace (Istio only). */
export interface MtlsPortException {
  /** Labels of the workload (`selector.matchLabels`); a port exception always names its workload. */
  readonly workloadLabels: { [key: string]: string };
  /** The workload (container) port that accepts plain text (1-65535). */
  readonly port: number;
}

/** Properties for `StrictMtlsNamespace`. */
export interface StrictMtlsNamespaceProps {
  /** The mesh. */
  readonly mesh: Mesh;

  /** The namespace's name (a DNS-1123 label). The pattern creates the Namespace object. */
  readonly namespace: string;

  /**
   * The migration stage: one value selects each stage's objects.
   *
   * @default MtlsMigrationStage.STRICT
   */
  readonly stage?: MtlsMigrationStage;

  /**
   * Workload ports that accept plain text (for example a metrics port scraped by an unmeshed Prometheus):
   * each one explicit, per workload, never namespace-wide. Istio only.
   *
   * @default - none
   */
  readonly portExceptions?: MtlsPortException[];
}

/**
 * A namespace that accepts only mTLS. Istio: the Namespace labelled `istio-injection: enabled` and a
 * PeerAuthentication `default` with mode STRICT (port exceptions as per-workload PeerAuthentications). Linkerd:
 * the Namespace annotated `linkerd.io/inject: enabled` and `config.linkerd.io/default-inbound-policy:
 * all-authenticated` (ports a Server describes follow the Server's own policy).
 */
export class StrictMtlsNamespace extends Construct {
  /** Every object the pattern rendered. */
  public readonly resources: IMeshResource[];
  /** The stage rendered. */
  public readonly stage: MtlsMigrationStage;

  constructor(scope: Construct, id: string, props: StrictMtlsNamespaceProps) {
    super(scope, id);
    props = checkProps(this, 'StrictMtlsNamespace', props);
    const mesh = requireMesh(this, props.mesh);
    if (!isDnsLabel(props.namespace)) throw meshError(this, 'namespace', `must be a namespace name (a DNS-1123 label), got ${shown(props.namespace)}`);
    this.stage = props.stage ?? MtlsMigrationStage.STRICT;
    if (!Object.values(MtlsMigrationStage).includes(this.stage)) {
      throw meshError(this, 'stage', `must be one of ${Object.values(MtlsMigrationStage).join(', ')}, got ${shown(this.stage)}`);
    }
    const exceptions = props.portExceptions ?? [];
    const strict = this.stage === MtlsMigrationStage.STRICT;
    if (mesh.isLinkerd) {
      if (exceptions.length > 0) {
        throw unsupported(this, mesh, 'portExceptions', 'Linkerd has no per-port mTLS mode',
          'Describe the port with a linkerd.Server and authorize plain-text clients with a linkerd.NetworkAuthentication (allowUnauthenticated), or skip the port with config.linkerd.io/skip-inbound-ports');
      }
      const ns = new k8s.Namespace(this, 'Namespace', { name: props.namespace });
      linkerd.MeshMembership.inject(ns.apiObject);
      linkerd.MeshMembership.defaultInboundPolicy(ns.apiObject,
        strict ? linkerd.DefaultInboundPolicy.ALL_AUTHENTICATED : linkerd.DefaultInboundPolicy.ALL_UNAUTHENTICATED);
      this.resources = [ns];
      return;
    }
    const ns = new k8s.Namespace(this, 'Namespace', { name: props.namespace, labels: { 'istio-injection': 'enabled' } });
    const mode = strict ? istio.MtlsMode.STRICT : istio.MtlsMode.PERMISSIVE;
    const apiVersion = mesh.istioApiVersion;
    const policies: IMeshResource[] = [
      new istio.PeerAuthentication(this, 'PeerAuthentication', { metadata: { name: 'default', namespace: props.namespace }, mode, apiVersion }),
    ];
    exceptions.forEach((e, i) => {
      if (!e || typeof e.workloadLabels !== 'object' || Object.keys(e.workloadLabels ?? {}).length === 0) {
        throw meshError(this, `portExceptions[${i}].workloadLabels`, `must name the workload's labels, got ${shown(e?.workloadLabels)}`,
          'A port exception applies to one workload: Istio takes portLevelMtls only with a selector');
      }
      policies.push(new istio.PeerAuthentication(this, `PortException${i}`, {
        metadata: { namespace: props.namespace },
        selector: { matchLabels: e.workloadLabels },
        mode,
        portLevelMtls: [{ port: e.port, mode: istio.MtlsMode.PERMISSIVE }],
        apiVersion,
      }));
    });
    this.resources = [ns, ...policies];
  }
}
