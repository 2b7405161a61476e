/**
 * The destinations of a VirtualService as istioctl's `DestinationHostAnalyzer` walks them
 * (`getRouteDestinations`, `getHTTPMirrorDestinations` in istio/istio
 * `pkg/config/analysis/analyzers/virtualservice/util.go`), and what each resolves to. Shared by IST0101
 * (host or host:port not found) and IST0112 (port required).
 */
import { ServiceHost, ServiceHostIndex } from '../../istio-service-hosts';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { list } from '../../util';

/** One destination of a VirtualService, with the path of the `destination` object. */
export interface AnnotatedDestination {
  readonly destination: any;
  readonly path: string;
  /** `host`, or `mirror host` for `mirror`/`mirrors` (as istioctl's message says). */
  readonly what: 'host' | 'mirror host';
}

/**
 * tcp, tls and http route destinations, then http `mirror` and `mirrors`, in istioctl's order. A route
 * entry without `destination` reads as a destination with host '' (as the Go getters do), which no Service has.
 */
export function annotatedDestinations(vs: Manifest): AnnotatedDestination[] {
  const out: AnnotatedDestination[] = [];
  for (const kind of ['tcp', 'tls', 'http']) {
    list(vs.spec?.[kind]).forEach((r, i) => list(r?.route).forEach((rd, j) => {
      out.push({ destination: asObject(rd?.destination), path: `spec.${kind}[${i}].route[${j}].destination`, what: 'host' });
    }));
  }
  list(vs.spec?.http).forEach((r, i) => {
    if (r?.mirror && typeof r.mirror === 'object') out.push({ destination: r.mirror, path: `spec.http[${i}].mirror`, what: 'mirror host' });
    list(r?.mirrors).forEach((m, j) => {
      out.push({ destination: asObject(m?.destination), path: `spec.http[${i}].mirrors[${j}].destination`, what: 'mirror host' });
    });
  });
  return out;
}

function asObject(d: unknown): any {
  return d && typeof d === 'object' ? d : {};
}

/** A destination and the ServiceEntry or Service its host resolves to (undefined: none in the manifests). */
export interface ResolvedDestination extends AnnotatedDestination {
  readonly vs: Manifest;
  readonly host: string;
  readonly target?: ServiceHost;
}

/** Every destination with a string `host` of every VirtualService, resolved. */
export function resolvedDestinations(index: ManifestIndex, hosts: ServiceHostIndex, virtualServices: Manifest[]): ResolvedDestination[] {
  const out: ResolvedDestination[] = [];
  for (const vs of virtualServices) {
    const ns = index.namespaceOf(vs);
    for (const d of annotatedDestinations(vs)) {
      const host = d.destination.host ?? '';
      if (typeof host !== 'string') continue;
      out.push({ ...d, vs, host, target: hosts.resolve(host, ns, vs.spec?.exportTo) });
    }
  }
  return out;
}
