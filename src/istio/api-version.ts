import { IConstruct } from 'constructs';
import { ISTIO_API_VERSION_CONTEXT } from '../private/istio-render';

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

/**
 * Chooses the Istio API version for every construct in a scope (an App or a Chart).
 *
 * ```ts
 * IstioApiTarget.set(app, IstioApiVersion.V1BETA1); // before adding charts
 * ```
 */
export class IstioApiTarget {
  /** The context key read by every Istio construct: `cdk8s-mesh/istio:apiVersion`. */
  public static readonly CONTEXT_KEY = ISTIO_API_VERSION_CONTEXT;

  /**
   * Sets the API version for every Istio construct added below `scope` afterwards. Must be called before
   * children are added to `scope` (a constructs rule). A construct's own `apiVersion` prop wins.
   */
  public static set(scope: IConstruct, version: IstioApiVersion): void {
    scope.node.setContext(ISTIO_API_VERSION_CONTEXT, version);
  }

  private constructor() {}
}
