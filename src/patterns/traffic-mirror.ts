import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { requireMesh, requireNoDefaultRetries, unsupported } from './private/mesh-support';
import { meshError, shown } from '../core/errors';
import { IstioDialect, Mesh } from '../core/mesh';
import { isDnsLabel } from '../core/names';
import { IMeshResource } from '../core/resource';
import { checkProps } from '../core/strict-props';
import * as gatewayApi from '../gateway-api';
import * as istio from '../istio';

/** Properties for `TrafficMirror`. */
export interface TrafficMirrorProps {
  /** The mesh. Istio only: Linkerd implements no request mirroring. */
  readonly mesh: Mesh;

  /** The Service clients call (a DNS-1123 label), in the chart's namespace: it keeps answering every request. */
  readonly service: string;

  /** The Service port clients call. */
  readonly port: number;

  /** The Service that receives the copies (its responses are dropped), in the chart's namespace. */
  readonly mirrorService: string;

  /**
   * The mirror Service's port.
   *
   * @default - the same as `port`
   */
  readonly mirrorPort?: number;

  /**
   * Percent of requests copied, an integer from 1 to 100.
   *
   * @default 100
   */
  readonly percentage?: number;

  /**
   * The request timeout of the route.
   *
   * @default Duration.seconds(15)
   */
  readonly timeout?: Duration;
}

/**
 * Shadow traffic: every request to `service` is answered by it, and a share is copied to `mirrorService`,
 * whose responses are dropped (a fire-and-forget test of a new version on live traffic; copies of POSTs are
 * executed too, so the mirror must not have side effects). Istio classic: a VirtualService route with `mirror`
 * and `mirrorPercentage`; Istio GAMMA: an HTTPRoute with a `RequestMirror` filter. Linkerd: refused.
 */
export class TrafficMirror extends Construct {
  /** Every object the pattern rendered. */
  public readonly resources: IMeshResource[];

  constructor(scope: Construct, id: string, props: TrafficMirrorProps) {
    super(scope, id);
    props = checkProps(this, 'TrafficMirror', props);
    const mesh = requireMesh(this, props.mesh);
    if (mesh.isLinkerd) {
      throw unsupported(this, mesh, 'mesh', 'Linkerd implements no request mirroring (HTTPRoute RequestMirror filters are refused)',
        'Send the new version a small share of real traffic with CanaryService (canaryWeight), or mirror at an ingress that supports it');
    }
    for (const key of ['service', 'mirrorService'] as const) {
      if (!isDnsLabel(props[key])) throw meshError(this, key, `must be a Service name (a DNS-1123 label), got ${shown(props[key])}`);
    }
    if (props.service === props.mirrorService) throw meshError(this, 'mirrorService', `must differ from service, got ${shown(props.mirrorService)} for both`);
    for (const key of ['port', 'mirrorPort'] as const) {
      const v = props[key];
      if ((v !== undefined || key === 'port') && (!Number.isInteger(v) || v! < 1 || v! > 65535)) throw meshError(this, key, `must be a port from 1 to 65535, got ${shown(v)}`);
    }
    const percentage = props.percentage ?? 100;
    if (!Number.isInteger(percentage) || percentage < 1 || percentage > 100) {
      throw meshError(this, 'percentage', `must be an integer from 1 to 100, got ${shown(percentage)}`, 'To stop mirroring, remove the TrafficMirror');
    }
    const timeout = props.timeout ?? Duration.seconds(15);
    const mirrorPort = props.mirrorPort ?? props.port;
    if (mesh.dialect === IstioDialect.CLASSIC) {
      const vs = new istio.VirtualService(this, 'VirtualService', { metadata: { name: props.service }, hosts: [props.service], apiVersion: mesh.istioApiVersion });
      vs.addHttpRoute({
        name: 'mirrored',
        destinations: [{ host: props.service, port: props.port }],
        mirror: { host: props.mirrorService, port: mirrorPort },
        mirrorPercentage: percentage,
        timeout,
      });
      this.resources = [vs];
      return;
    }
    requireNoDefaultRetries(this, mesh);
    const route = new gatewayApi.HttpRoute(this, 'HttpRoute', {
      metadata: { name: props.service },
      parents: [gatewayApi.RouteParent.service(props.service, props.port)],
      catchAll: false,
    });
    route.addRule({
      backends: [{ name: props.service, port: props.port }],
      filters: [
        gatewayApi.HttpRouteFilter.requestMirror({ name: props.mirrorService, port: mirrorPort }, percentage === 100 ? undefined : percentage),
      ],
      timeouts: { request: timeout },
    });
    this.resources = [route];
  }
}
