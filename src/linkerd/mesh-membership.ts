import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { DefaultInboundPolicy } from './inbound-policy';
import { meshError, shown } from '../core/errors';
import { staticScope } from '../core/static-scope';
import { checkStaticArguments } from '../core/strict-props';

const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Typed Linkerd mesh-membership annotations on a Namespace, a Service, a Pod or a workload's pod template
 * (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob).
 *
 * For workloads the annotation goes on the pod template, where Linkerd's injector reads it. Call these after
 * the template's own annotations are set.
 */
export class MeshMembership {
  /**
   * Sets `linkerd.io/inject: enabled` (or `disabled`) on a Namespace, Pod or workload template.
   *
   * @param enabled false renders `disabled`, to opt a workload out of an injected namespace
   */
  public static inject(obj: ApiObject, enabled: boolean = true): void {
    MeshMembership.annotate('inject', obj, 'linkerd.io/inject', enabled ? 'enabled' : 'disabled', ['Namespace', 'Pod']);
  }

  /**
   * Sets `config.linkerd.io/default-inbound-policy` on a Namespace, Pod or workload template: the policy of
   * ports no Server describes (the cluster's default is `all-unauthenticated` unless changed at install).
   */
  public static defaultInboundPolicy(obj: ApiObject, policy: DefaultInboundPolicy): void {
    MeshMembership.requireApiObject('defaultInboundPolicy', obj);
    if (!Object.values(DefaultInboundPolicy).includes(policy)) {
      throw meshError(obj, 'policy', `must be one of ${Object.values(DefaultInboundPolicy).join(', ')}, got ${shown(policy)}`);
    }
    MeshMembership.annotate('defaultInboundPolicy', obj, 'config.linkerd.io/default-inbound-policy', policy, ['Namespace', 'Pod']);
  }

  /**
   * Sets `config.linkerd.io/opaque-ports` on a Namespace, Service, Pod or workload template: ports whose
   * traffic Linkerd proxies as opaque TCP, without protocol detection (server-speaks-first protocols such as
   * MySQL or SMTP need it). On a Service the numbers are Service ports (`spec.ports[].port`), read by the clients'
   * proxies; on a Pod or workload template they are container ports, read by the pod's own proxy. Mark a port on
   * both sides: when they disagree one side runs protocol detection (analysis rule MESH120). Objects without the
   * annotation inherit their Namespace's.
   *
   * @param ports port numbers from 1 to 65535, rendered sorted and deduplicated
   */
  public static opaquePorts(obj: ApiObject, ports: number[]): void {
    MeshMembership.requireApiObject('opaquePorts', obj);
    if (!Array.isArray(ports) || ports.length === 0 || ports.some(p => !Number.isInteger(p) || p < 1 || p > 65535)) {
      throw meshError(obj, 'ports', `must be a non-empty list of ports from 1 to 65535, got ${shown(ports)}`);
    }
    const value = [...new Set(ports)].sort((a, b) => a - b).join(',');
    MeshMembership.annotate('opaquePorts', obj, 'config.linkerd.io/opaque-ports', value, ['Namespace', 'Service', 'Pod']);
  }

  /**
   * Throws unless `obj` is an ApiObject. A construct that is not one (a cdk8s-plus `Deployment`) is reported
   * at its own path; anything else at `MeshMembership.<method>`.
   */
  private static requireApiObject(method: string, obj: unknown): void {
    if (obj instanceof ApiObject) return;
    const construct = obj instanceof Construct ? obj : undefined;
    throw meshError(construct ?? staticScope(`MeshMembership.${method}`), 'obj',
      `must be an ApiObject, got ${construct ? `the construct ${construct.constructor.name}` : shown(obj)}`,
      'Pass the generated Kubernetes object: ApiObject.of(x) for a construct (such as a cdk8s-plus Deployment), or the ApiObject itself');
  }

  private static annotate(method: string, obj: ApiObject, key: string, value: string, metadataKinds: string[]): void {
    MeshMembership.requireApiObject(method, obj);
    if (metadataKinds.includes(obj.kind)) {
      obj.metadata.addAnnotation(key, value);
      return;
    }
    const path = TEMPLATE_PATHS[obj.kind];
    if (!path) {
      throw meshError(obj, key, `cannot be set on a ${obj.kind}: Linkerd reads it on ${[...metadataKinds, ...Object.keys(TEMPLATE_PATHS)].join(', ')}`);
    }
    const json = obj.toJson();
    const template = path.reduce((node: any, k) => node?.[k], json);
    if (!template) throw meshError(obj, key, `needs the ${obj.kind}'s ${path.join('.')}, which it has not`);
    const base = `/${path.join('/')}/metadata`;
    if (!template.metadata) obj.addJsonPatch(JsonPatch.add(base, {}));
    if (!template.metadata?.annotations) obj.addJsonPatch(JsonPatch.add(`${base}/annotations`, {}));
    obj.addJsonPatch(JsonPatch.add(`${base}/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, value));
  }
}

checkStaticArguments(MeshMembership, 'linkerd.MeshMembership');
