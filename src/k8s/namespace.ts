import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError, shown } from '../core/errors';
import { isDnsLabel } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { checkProps } from '../core/strict-props';

/** Properties for `Namespace`. */
export interface NamespaceProps {
  /** The namespace's name (a DNS-1123 label). */
  readonly name: string;

  /**
   * Labels (for example `istio-injection: enabled`).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations (for example `linkerd.io/inject: enabled`).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** A Kubernetes Namespace (`v1`), cluster-scoped: it never carries its chart's namespace. */
export class Namespace extends Construct implements IMeshResource {
  /** The name. */
  public readonly name: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    props = checkProps(this, 'k8s.Namespace', props);
    if (!isDnsLabel(props?.name)) throw meshError(this, 'name', `must be a DNS-1123 label, got ${shown(props?.name)}`);
    this.name = props.name;
    this.apiObject = createApiObject(this, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name,
        ...(props.labels && Object.keys(props.labels).length ? { labels: { ...props.labels } } : {}),
        ...(props.annotations && Object.keys(props.annotations).length ? { annotations: { ...props.annotations } } : {}),
      },
    }, false);
    // A Namespace is cluster-scoped: drop the chart's default namespace that cdk8s would add.
    if (Chart.of(this).namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
