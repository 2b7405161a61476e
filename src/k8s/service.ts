import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError, shown } from '../core/errors';
import { checkLabels } from '../core/metadata-shape';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { chartNamespace } from '../core/service-resolution';
import { checkProps } from '../core/strict-props';
import { merge } from '../private/merge';

/** A port of a `Service`. */
export interface ServicePort {
  /** The port clients call (1-65535). */
  readonly port: number;

  /**
   * The container port requests go to.
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;

  /**
   * The port's name. Istio reads the protocol from it (`http`, `http-web`, `grpc`) unless `appProtocol` is set.
   *
   * @default "http"
   */
  readonly name?: string;

  /**
   * The application protocol (`http`, `http2`, `grpc`, `tcp`), read by Istio and Linkerd.
   *
   * @default - not rendered
   */
  readonly appProtocol?: string;
}

/** Properties for `Service`. */
export interface ServiceProps {
  /**
   * Metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /** The labels of the pods the Service selects (all must match). */
  readonly selector: { [key: string]: string };

  /** The ports (at least one). */
  readonly ports: ServicePort[];
}

/**
 * A Kubernetes ClusterIP Service (`v1`): what the patterns create for each version of a canary on Gateway
 * API meshes (a route's backends are Services).
 */
export class Service extends Construct implements IMeshResource {
  /** The name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    props = checkProps(this, 'k8s.Service', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    const selector = props.selector;
    checkLabels(this, 'selector', selector);
    if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) {
      throw meshError(this, 'selector', `must name at least one label, got ${shown(selector)}`, 'A Service without a selector selects no pods');
    }
    if (!Array.isArray(props.ports) || props.ports.length === 0) throw meshError(this, 'ports', `must list at least one port, got ${shown(props.ports)}`);
    const numbers = new Set<number>();
    const names = new Set<string>();
    const ports = props.ports.map((p, i) => {
      for (const [key, value] of [['port', p?.port], ['targetPort', p?.targetPort ?? p?.port]] as const) {
        if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) {
          throw meshError(this, `ports[${i}].${key}`, `must be a port from 1 to 65535, got ${shown(value)}`);
        }
      }
      const name = p.name ?? (props.ports.length === 1 ? 'http' : `http-${p.port}`);
      if (numbers.has(p.port)) throw meshError(this, `ports[${i}].port`, `${p.port} is listed twice`, 'List every Service port once');
      if (names.has(name)) throw meshError(this, `ports[${i}].name`, `${shown(name)} names an earlier port too`, 'Give every port its own name');
      numbers.add(p.port);
      names.add(name);
      return {
        name,
        port: p.port,
        targetPort: p.targetPort ?? p.port,
        ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
      };
    });
    this.apiObject = createApiObject(this, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: merge(props.metadata, { namespace: this.namespace }),
      spec: { selector: { ...selector }, ports },
    });
    this.name = this.apiObject.name;
  }
}
