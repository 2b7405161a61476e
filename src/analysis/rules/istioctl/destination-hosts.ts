/**
 * The destinations of a VirtualService as istioctl's `DestinationHostAnalyzer` walks them
 * (`getRouteDestinations`, `getHTTPMirrorDestinations` in istio/istio
 * `pkg/config/analysis/analyzers/virtualservice/util.go`), and what each resolves to. Shared by IST0101
 * (host or host:port not found) and IST0112 (port required).
 */
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ServiceHost, serviceHosts } from '../../istio-service-hosts';
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
 * The path of a destination: `spec.<section>[<route>].<field>[<entry>].destination` for `route` and `mirrors`
 * entries, `spec.http[<route>].mirror` for the one `mirror` (`entry` -1).
 */
export function destinationPath(section: string, route: number, field: string, entry: number): string {
  return entry < 0 ? `spec.${section}[${route}].${field}` : `spec.${section}[${route}].${field}[${entry}].destination`;
}

/** Where a destination sits: `spec.<section>[<route>].<field>[<entry>]` (`entry` -1 for `mirror`). */
class Located {
  constructor(
    public readonly destination: any,
    public readonly what: 'host' | 'mirror host',
    private readonly section: string,
    private readonly route: number,
    private readonly field: string,
    private readonly entry: number) {}

  /** Built when a finding needs it: most destinations have none. */
  public get path(): string {
    return destinationPath(this.section, this.route, this.field, this.entry);
  }
}

const ROUTE_SECTIONS = ['tcp', 'tls', 'http'];

/**
 * tcp, tls and http route destinations, then http `mirror` and `mirrors`, in istioctl's order. A route
 * entry without `destination` reads as a destination with host '' (as the Go getters do), which no Service has.
 */
export function annotatedDestinations(vs: Manifest): AnnotatedDestination[] {
  const out: AnnotatedDestination[] = [];
  const spec = vs.spec;
  if (!spec || typeof spec !== 'object') return out;
  for (const section of ROUTE_SECTIONS) {
    const routes = list(spec[section]);
    for (let i = 0; i < routes.length; i++) {
      const rds = list(routes[i]?.route);
      for (let j = 0; j < rds.length; j++) out.push(new Located(asObject(rds[j]?.destination), 'host', section, i, 'route', j));
    }
  }
  const http = list(spec.http);
  for (let i = 0; i < http.length; i++) {
    const r = http[i];
    if (r?.mirror && typeof r.mirror === 'object') out.push(new Located(r.mirror, 'mirror host', 'http', i, 'mirror', -1));
    const mirrors = list(r?.mirrors);
    for (let j = 0; j < mirrors.length; j++) out.push(new Located(asObject(mirrors[j]?.destination), 'mirror host', 'http', i, 'mirrors', j));
  }
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

/**
 * Every destination with a string `host` of every VirtualService of the index, resolved against its
 * `serviceHosts`. Computed once per index and shared (IST0101 and IST0112 both read it): do not mutate.
 */
export function resolvedDestinations(index: ManifestIndex): readonly ResolvedDestination[] {
  return index.derived(resolveAll);
}

class Resolved implements ResolvedDestination {
  public readonly destination: any;
  public readonly what: 'host' | 'mirror host';

  constructor(
    private readonly at: AnnotatedDestination,
    public readonly vs: Manifest,
    public readonly host: string,
    public readonly target: ServiceHost | undefined) {
    this.destination = at.destination;
    this.what = at.what;
  }

  public get path(): string {
    return this.at.path;
  }
}

function resolveAll(index: ManifestIndex): ResolvedDestination[] {
  const hosts = serviceHosts(index);
  const out: ResolvedDestination[] = [];
  for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
    const ns = index.namespaceOf(vs);
    const exportTo = vs.spec?.exportTo;
    for (const d of annotatedDestinations(vs)) {
      const host = d.destination.host ?? '';
      if (typeof host !== 'string') continue;
      out.push(new Resolved(d, vs, host, hosts.resolve(host, ns, exportTo)));
    }
  }
  return out;
}
