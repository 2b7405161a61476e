import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError, shown } from '../core/errors';
import { DNS_LABEL } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace, requireDnsLabel } from '../core/service-resolution';
import { checkProps, checkStaticArguments } from '../core/strict-props';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

/** A ServiceAccount whose workloads are authenticated clients. */
export interface ServiceAccountReference {
  /** The ServiceAccount's name. */
  readonly name: string;

  /**
   * The ServiceAccount's namespace.
   *
   * @default - the MeshTLSAuthentication's namespace
   */
  readonly namespace?: string;
}

/** Options for `MeshTlsAuthentication.identityOf`. */
export interface LinkerdIdentityOptions {
  /**
   * The namespace of Linkerd's control plane.
   *
   * @default "linkerd"
   */
  readonly linkerdNamespace?: string;

  /**
   * The trust domain Linkerd was installed with (`identityTrustDomain`).
   *
   * @default "cluster.local"
   */
  readonly trustDomain?: string;
}

/** Properties for `MeshTlsAuthentication`. */
export interface MeshTlsAuthenticationProps {
  /**
   * Metadata of the MeshTLSAuthentication.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Client identities: `<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`, a `*` prefix
   * (`*.production.serviceaccount.identity.linkerd.cluster.local`), `*` (every meshed client, which needs
   * `allowAnyMeshIdentity`), or a SPIFFE ID. Use `identityOf()` to build one. Not together with
   * `serviceAccounts`/`namespaces`.
   *
   * @default - `serviceAccounts` or `namespaces` must be set
   */
  readonly identities?: string[];

  /**
   * Acknowledges that the identity `*` authenticates every meshed client: any ServiceAccount, in any
   * namespace, of any trust domain this cluster's identity issuer trusts. A `*` prefix such as
   * `*.production.serviceaccount.identity.linkerd.cluster.local` (one namespace) needs no opt-in.
   *
   * @default false - `*` is refused
   */
  readonly allowAnyMeshIdentity?: boolean;

  /**
   * ServiceAccounts whose workloads are authenticated (`identityRefs` of kind ServiceAccount).
   *
   * @default - none
   */
  readonly serviceAccounts?: ServiceAccountReference[];

  /**
   * Namespaces whose every meshed workload is authenticated (`identityRefs` of kind Namespace).
   *
   * @default - none
   */
  readonly namespaces?: string[];
}

/** What Linkerd's webhook accepts as a DNS-like identity: DNS labels, the first of which may be `*`. */
function isDnsLikeIdentity(identity: string): boolean {
  return identity.split('.').every((label, i) => (i === 0 && label === '*') || DNS_LABEL.test(label));
}

const SPIFFE_ID = /^spiffe:\/\/[a-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * A Linkerd MeshTLSAuthentication (`policy.linkerd.io/v1alpha1`): clients authenticated by their mTLS
 * identity. Identities are checked as Linkerd's admission webhook checks them, and against the form of
 * Linkerd's proxy identities, which is the only form that ever matches a meshed client.
 */
export class MeshTlsAuthentication extends Construct implements IMeshResource {
  /** The identity of the workloads of a ServiceAccount: `<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`. */
  public static identityOf(serviceAccount: string, namespace: string, options: LinkerdIdentityOptions = {}): string {
    return `${serviceAccount}.${namespace}.serviceaccount.identity.${options.linkerdNamespace ?? 'linkerd'}.${options.trustDomain ?? 'cluster.local'}`;
  }

  /** The name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: MeshTlsAuthenticationProps) {
    super(scope, id);
    props = checkProps(this, 'linkerd.MeshTlsAuthentication', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const refs = [
      ...(props.serviceAccounts ?? []).map((sa, i) => {
        requireDnsLabel(this, `serviceAccounts[${i}].name`, sa.name);
        const ns = sa.namespace ?? this.namespace;
        requireDnsLabel(this, `serviceAccounts[${i}].namespace`, ns);
        return { kind: 'ServiceAccount', name: sa.name, namespace: ns };
      }),
      ...(props.namespaces ?? []).map((ns, i) => {
        requireDnsLabel(this, `namespaces[${i}]`, ns);
        return { kind: 'Namespace', name: ns };
      }),
    ];
    const identities = props.identities ?? [];
    if ((identities.length > 0) === (refs.length > 0)) {
      throw meshError(this, 'identities', 'or serviceAccounts/namespaces must be set, and not both',
        'The CRD takes exactly one of identities and identityRefs: use two MeshTLSAuthentications to combine them');
    }
    identities.forEach((identity, i) => this.checkIdentity(`identities[${i}]`, identity, props.allowAnyMeshIdentity === true));
    // A plain ApiObject with the binding's GVK: the binding's toJson() would re-map the JSON after any addJsonPatch().
    this.apiObject = createApiObject(this, merge(GVKS['policy.linkerd.io'].MeshTlsAuthentication, {
      metadata: merge(props.metadata, { namespace: this.namespace }),
      spec: identities.length > 0 ? { identities: [...identities] } : { identityRefs: refs },
    }));
    this.name = this.apiObject.name;
  }

  private checkIdentity(prop: string, identity: string, allowAny: boolean): void {
    if (typeof identity === 'string' && SPIFFE_ID.test(identity)) return;
    if (identity === '*') {
      if (allowAny) return;
      throw meshError(this, prop, 'must not be "*", which authenticates every meshed client (any ServiceAccount, any namespace, any trust domain), unless allowAnyMeshIdentity is set, got "*"',
        'List the clients (identityOf(sa, ns), serviceAccounts or namespaces), or one namespace\'s "*.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>"; or set allowAnyMeshIdentity: true');
    }
    if (typeof identity !== 'string' || !isDnsLikeIdentity(identity)) {
      throw meshError(this, prop, `must be a SPIFFE ID or a DNS-like identity such as "web.production.serviceaccount.identity.linkerd.cluster.local", got ${shown(identity)}`,
        'Linkerd\'s webhook refuses it; a "*" is only allowed as the first label');
    }
    if (!identity.startsWith('*') && !identity.includes('.serviceaccount.identity.')) {
      throw meshError(this, prop, `must have the form <sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>, got ${shown(identity)}`,
        'Linkerd proxies have no other identity, so this one never matches: use MeshTlsAuthentication.identityOf(sa, ns)');
    }
  }
}

checkStaticArguments(MeshTlsAuthentication, 'linkerd.MeshTlsAuthentication');
