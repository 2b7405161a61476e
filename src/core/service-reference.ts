/** A Kubernetes Service that Linkerd routes to, named by name and namespace. */
export interface ServiceReference {
  /** The Service's `metadata.name` (DNS-1035 label). */
  readonly name: string;

  /**
   * The Service's namespace.
   *
   * @default - the namespace of the chart the construct is in; an error if the chart has none, since
   * Linkerd looks profiles and routes up by the Service's namespace
   */
  readonly namespace?: string;

  /**
   * The cluster's DNS domain, as configured in Linkerd (`clusterDomain` in its Helm values).
   *
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
}
