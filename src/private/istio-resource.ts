import { ApiObject, ApiObjectMetadata, GroupVersionKind, Lazy } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Creates the L1 object (child `Resource`) as a plain `ApiObject` with the generated binding's GVK.
 *
 * The generated classes re-map field names in `toJson()` after JSON patches are applied (`jwksUri` becomes
 * the deprecated `jwks_uri`, `consecutive5xxErrors` must be spelled `consecutive5XxErrors`, unknown keys
 * vanish), which would silently rewrite both our output and users' `addJsonPatch()` escape hatches. A plain
 * `ApiObject` emits exactly the wire JSON we render, and the validation engine checks it against the CRD.
 */
export function createIstioResource(scope: Construct, gvk: GroupVersionKind, metadata: ApiObjectMetadata | undefined, spec: () => any): ApiObject {
  return new ApiObject(scope, 'Resource', {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    metadata,
    spec: Lazy.any({ produce: spec }),
  } as any);
}
