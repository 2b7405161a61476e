import { IConstruct } from 'constructs';
import { meshError, shown } from './errors';
import { isDnsLabel, isDnsSubdomain } from './names';
import { checkStaticArguments } from './strict-props';

/**
 * Who calls: a workload identity, mesh-neutral. Istio renders it as a principal
 * (`<trust-domain>/ns/<ns>/sa/<sa>`) or a namespace; Linkerd as a proxy identity
 * (`<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`) or a ServiceAccount / Namespace reference.
 */
export class Identity {
  /**
   * The workloads running as a Kubernetes ServiceAccount.
   *
   * @param name the ServiceAccount's name
   * @param namespace its namespace
   */
  public static serviceAccount(name: string, namespace: string): Identity {
    return new Identity(name, namespace);
  }

  /** Every meshed workload of a namespace, whatever its ServiceAccount. */
  public static namespace(namespace: string): Identity {
    return new Identity(undefined, namespace);
  }

  private constructor(
    /**
     * The ServiceAccount.
     *
     * @default - none: every workload of the namespace
     */
    public readonly serviceAccountName: string | undefined,
    /** The namespace. */
    public readonly namespaceName: string) {}

  /** `sa/namespace`, or `namespace/*` for a whole namespace. */
  public toString(): string {
    return this.serviceAccountName === undefined ? `${this.namespaceName}/*` : `${this.namespaceName}/${this.serviceAccountName}`;
  }

  /**
   * Istio's principal (`<trust-domain>/ns/<ns>/sa/<sa>`), or undefined for a namespace (Istio names those in
   * `namespaces`).
   *
   * @param trustDomain the mesh's trust domain (`cluster.local` stands for the local one and its aliases)
   */
  public istioPrincipal(trustDomain: string = 'cluster.local'): string | undefined {
    return this.serviceAccountName === undefined ? undefined : `${trustDomain}/ns/${this.namespaceName}/sa/${this.serviceAccountName}`;
  }

  /**
   * Linkerd's proxy identity: `<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`, or
   * `*.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>` for a whole namespace.
   */
  public linkerdIdentity(trustDomain: string = 'cluster.local', controlPlaneNamespace: string = 'linkerd'): string {
    return `${this.serviceAccountName ?? '*'}.${this.namespaceName}.serviceaccount.identity.${controlPlaneNamespace}.${trustDomain}`;
  }

  /**
   * Throws unless the names are DNS-1123 labels.
   * @internal
   */
  public _check(scope: IConstruct, prop: string): void {
    if (this.serviceAccountName !== undefined && !isDnsSubdomain(this.serviceAccountName)) {
      throw meshError(scope, `${prop}.serviceAccount`, `must be a ServiceAccount name (a DNS-1123 subdomain), got ${shown(this.serviceAccountName)}`);
    }
    if (!isDnsLabel(this.namespaceName)) {
      throw meshError(scope, `${prop}.namespace`, `must be a namespace (a DNS-1123 label), got ${shown(this.namespaceName)}`);
    }
  }
}

checkStaticArguments(Identity, 'Identity');
