import { IConstruct } from 'constructs';
import { IstioApiVersion } from '../core/istio-api-version';
import { ISTIO_API_VERSION_CONTEXT } from './private/render';
import { checkStaticArguments } from '../core/strict-props';


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

checkStaticArguments(IstioApiTarget, 'istio.IstioApiTarget');
