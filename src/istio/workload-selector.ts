/**
 * Selects workloads (pods, VMs) by their labels in the object's namespace.
 */
export interface WorkloadSelector {
  /**
   * Labels a workload must all carry. Keys and values must be non-empty and contain no `*`.
   */
  readonly matchLabels: { [key: string]: string };
}

/**
 * A reference to the resource a policy attaches to (`targetRefs`): a Gateway API Gateway (for waypoints
 * and ingress gateways), a Service or a ServiceEntry, in the policy's own namespace.
 */
export interface PolicyTargetReference {
  /**
   * The kind of the target: `Gateway`, `Service`, `ServiceEntry` or `GatewayClass`.
   */
  readonly kind: string;

  /**
   * The name of the target, in the policy's namespace (Istio refuses cross-namespace references).
   */
  readonly name: string;

  /**
   * The API group of the target.
   *
   * @default - `gateway.networking.k8s.io` for `Gateway` and `GatewayClass`, `""` (core) for `Service`,
   * `networking.istio.io` for `ServiceEntry`
   */
  readonly group?: string;
}
