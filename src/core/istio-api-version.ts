/**
 * The version of the `networking.istio.io` and `security.istio.io` APIs to emit.
 */
export enum IstioApiVersion {
  /**
   * `v1`, served by Istio 1.22 and newer. `telemetry.istio.io` objects are emitted as `v1` too.
   */
  V1 = 'v1',
  /**
   * `v1beta1`, for control planes older than Istio 1.22. `telemetry.istio.io` objects are emitted as
   * `v1alpha1`. Fields those control planes do not know (`retryBudget`, `targetRefs`) are refused.
   */
  V1BETA1 = 'v1beta1',
}
