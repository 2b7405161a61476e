import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError, shown } from '../core/errors';
import { checkLabels } from '../core/metadata-shape';
import { isDnsLabel } from '../core/names';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace } from '../core/service-resolution';
import { checkProps } from '../core/strict-props';
import { merge } from '../private/merge';

/** Where ingress traffic may come from (`ingress[].from[]`): pods, namespaces, or pods in namespaces. */
export interface NetworkPolicyPeer {
  /**
   * The namespace of the peers, matched by its `kubernetes.io/metadata.name` label.
   *
   * @default - the policy's own namespace when `podLabels` is set; any namespace otherwise (not both unset)
   */
  readonly namespace?: string;

  /**
   * Labels of the peer pods.
   *
   * @default - every pod of `namespace`
   */
  readonly podLabels?: { [key: string]: string };
}

/** An ingress rule: traffic from any of `from` to any of `ports`. */
export interface NetworkPolicyIngressRule {
  /** The peers allowed (any of them). At least one. */
  readonly from: NetworkPolicyPeer[];

  /**
   * The TCP ports (of the selected pods) they may reach.
   *
   * @default - every port
   */
  readonly ports?: number[];
}

/** Properties for `NetworkPolicy`. */
export interface NetworkPolicyProps {
  /**
   * Metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The pods the policy applies to.
   *
   * @default - every pod of the namespace
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Ingress rules. With none, the selected pods accept no ingress traffic at all (default deny).
   *
   * @default - none: deny all ingress to the selected pods
   */
  readonly ingress?: NetworkPolicyIngressRule[];
}

/**
 * A Kubernetes NetworkPolicy (`networking.k8s.io/v1`) for ingress: L3/L4 defense in depth beside the mesh's
 * L7 authorization. It knows pods, namespaces and ports, not identities, methods or paths.
 */
export class NetworkPolicy extends Construct implements IMeshResource {
  /** The name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: NetworkPolicyProps = {}) {
    super(scope, id);
    props = checkProps(this, 'k8s.NetworkPolicy', props);
    checkLabels(this, 'podLabels', props.podLabels);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const ingress = (props.ingress ?? []).map((rule, i) => {
      if (!Array.isArray(rule?.from) || rule.from.length === 0) {
        throw meshError(this, `ingress[${i}].from`, `must list at least one peer, got ${shown(rule?.from)}`, 'To allow every source, leave the workload out of the policy');
      }
      const from = rule.from.map((peer, j) => {
        if (peer.namespace === undefined && peer.podLabels === undefined) {
          throw meshError(this, `ingress[${i}].from[${j}]`, 'must set namespace or podLabels, got neither', 'An empty peer would admit every pod of every namespace');
        }
        checkLabels(this, `ingress[${i}].from[${j}].podLabels`, peer.podLabels);
        if (peer.namespace !== undefined && !isDnsLabel(peer.namespace)) {
          throw meshError(this, `ingress[${i}].from[${j}].namespace`, `must be a namespace (a DNS-1123 label), got ${shown(peer.namespace)}`);
        }
        const ns = peer.namespace ?? this.namespace;
        return {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
          ...(peer.podLabels !== undefined ? { podSelector: { matchLabels: { ...peer.podLabels } } } : {}),
        };
      });
      const ports = (rule.ports ?? []).map((port, j) => {
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          throw meshError(this, `ingress[${i}].ports[${j}]`, `must be a port from 1 to 65535, got ${shown(port)}`);
        }
        return { protocol: 'TCP', port };
      });
      return { from, ...(ports.length > 0 ? { ports } : {}) };
    });
    this.apiObject = createApiObject(this, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: merge(props.metadata, { namespace: this.namespace }),
      spec: {
        podSelector: props.podLabels && Object.keys(props.podLabels).length > 0 ? { matchLabels: { ...props.podLabels } } : {},
        policyTypes: ['Ingress'],
        ...(ingress.length > 0 ? { ingress } : {}),
      },
    });
    this.name = this.apiObject.name;
  }
}
