/** Options for indexing manifests. */
export interface ManifestIndexOptions {
  /**
   * The namespace of objects that state none (as `kubectl apply` without `-n` would use).
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * The cluster's DNS domain, for Istio short host names and Linkerd profile names.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Istio's root namespace: policies there apply mesh-wide.
   * @default 'istio-system'
   */
  readonly istioRootNamespace?: string;
}
