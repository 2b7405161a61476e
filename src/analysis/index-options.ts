import { MeshConfig } from './mesh-config';

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
   * Istio's root namespace: policies there apply mesh-wide. Same as `meshConfig.rootNamespace` (give one).
   * @default - `meshConfig.rootNamespace`, else 'istio-system'
   */
  readonly istioRootNamespace?: string;
  /**
   * Istio mesh config settings that change findings: DNS auto-allocation (IST0134), root namespace, trust
   * domain, default retry policy (MESH101-MESH103), outbound traffic policy (`explain route`).
   * @default - Istio's defaults (see `MeshConfig`)
   */
  readonly meshConfig?: MeshConfig;
  /**
   * Whether the manifests are the whole cluster, as `istioctl analyze` reads local files
   * (`--use-kube=false`). Then references to objects that are not among them are reported: destination
   * hosts with no Service or ServiceEntry (IST0101), and Sidecar, Telemetry and AuthorizationPolicy
   * selectors, source namespaces and Gateway selectors that match no Pod or namespace in the files (IST0101).
   *
   * @default false - a cdk8s app rarely synthesizes every Service, Pod and Namespace it refers to, so
   * references that leave the manifests are not reported; references between objects among them (a port
   * a Service in the files lacks, a subset, a Gateway) still are
   */
  readonly wholeCluster?: boolean;
}
