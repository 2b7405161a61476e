import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * A construct that renders one Kubernetes object: every L2 construct of the library (Istio, Linkerd, Gateway
 * API, Kubernetes) is one, so patterns and users reference what they create by name and object (its namespace is
 * `apiObject.metadata.namespace`; the Linkerd and Gateway API constructs, whose namespace is always set, also have `namespace`).
 * The object is the construct's child with id `Resource`, so `ApiObject.of(x)` and `x.apiObject.addJsonPatch()`
 * are the escape hatch.
 */
export interface IMeshResource extends IConstruct {
  /** The object's `metadata.name`. */
  readonly name: string;

  /** The object (the construct's child `Resource`). */
  readonly apiObject: ApiObject;
}
