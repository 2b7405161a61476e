/**
 * How Linkerd 2.20 reads `config.linkerd.io/opaque-ports`, for MESH120. Paths are in linkerd/linkerd2 at
 * commit b24cd405 (2026-08-21).
 *
 * - The policy controller decides the protocol: for a Service (the client side) from the Service's annotation
 *   (`policy-controller/k8s/index/src/outbound/index.rs`), for a pod port no Server selects (the server side)
 *   from the pod's annotation (`policy-controller/k8s/index/src/inbound/workload.rs`; the proxy discovers inbound
 *   opaque ports from it, linkerd/linkerd2-proxy#2395). Both parse with `parse_portset`
 *   (`policy-controller/k8s/index/src/ports.rs`): comma-separated port numbers 1-65535 and ranges `a-b`; any other
 *   entry (a port name such as `mysql`, `0`, `2-1`) makes the whole list invalid, read as the empty set.
 * - The proxy injector and destination controller resolve names (`pkg/util/parsing.go`
 *   `ParseContainerOpaquePorts`: container port names; `controller/api/destination/watcher/opaque_ports_watcher.go`
 *   `parseServiceOpaquePorts`: Service port names), so a name works for them and not for the policy controller.
 * - A Service's entries are Service ports (`spec.ports[].port`), a pod's are container ports. A Service port with
 *   `appProtocol` takes that protocol whatever the annotation says (`outbound/index.rs`; `linkerd.io/opaque` and
 *   `linkerd.io/tcp` are opaque, `policy-controller/core/src/outbound.rs`).
 * - Without an annotation, the proxy injector (which admits Pods and Services on CREATE,
 *   `charts/linkerd-control-plane/templates/proxy-injector-rbac.yaml`) copies the Namespace's annotation
 *   (`pkg/inject/inject.go` `CreateOpaquePortsPatch`, `AppendNamespaceAnnotations`), else adds the cluster's
 *   default opaque ports that the object uses: for a pod those its containers declare, for a Service its ports
 *   without targetPort, or whose numeric targetPort, is a default (`FilterPodOpaquePorts`,
 *   `controller/proxy-injector/webhook.go`). When it finds none it adds no annotation. A Service left without one
 *   (none found, or the webhook off for the namespace: `config.linkerd.io/admission-webhooks: disabled`) gets the
 *   default ports as Service ports from the policy controller (`cluster_info.default_opaque_ports`); a pod left
 *   without one has no opaque port (`Settings::from_metadata`: `unwrap_or_default`).
 */
import { Manifest, ManifestIndex, Workload } from '../../manifest-index';
import { list } from '../../util';

export const OPAQUE_PORTS_ANNOTATION = 'config.linkerd.io/opaque-ports';

/** `proxy.opaquePorts` of `charts/linkerd-control-plane/values.yaml`: the cluster's default opaque ports. */
export const LINKERD_DEFAULT_OPAQUE_PORTS: ReadonlySet<number> = new Set([25, 587, 3306, 4444, 5432, 6379, 9300, 11211]);

/** The ports a list names as the policy controller reads it, or the entries that make it invalid. */
export interface PortSet {
  readonly ports: ReadonlySet<number>;
  /** Entries `parse_portset` refuses; when any, Linkerd reads the whole list as empty. */
  readonly invalid: string[];
}

/** `parse_portset`: comma-separated ports 1-65535 and ranges `a-b` (a <= b); entries are trimmed, empty ones skipped. */
export function parsePortSet(value: string): PortSet {
  const ports = new Set<number>();
  const invalid: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const dash = entry.indexOf('-');
    const bounds = dash < 0 ? [entry, entry] : [entry.slice(0, dash).trim(), entry.slice(dash + 1).trim()];
    const [lo, hi] = bounds.map(portNumber);
    if (lo === undefined || hi === undefined || lo > hi) {
      invalid.push(entry);
      continue;
    }
    for (let p = lo; p <= hi; p++) ports.add(p);
  }
  return { ports: invalid.length ? new Set() : ports, invalid };
}

function portNumber(s: string): number | undefined {
  if (!/^\+?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Where an object's opaque ports come from, and the text of the list. */
export interface OpaqueSource {
  readonly value?: string;
  /** For messages: `its config.linkerd.io/opaque-ports annotation "3306"`. */
  readonly description: string;
  /** The object whose annotation it is (the Service or workload, or the Namespace it inherits from). */
  readonly from?: Manifest;
}

/** The pod template's (or Pod's) annotations of a workload. */
export function podAnnotations(w: Workload): Record<string, string> {
  const o = w.object;
  return (o.kind === 'Pod' ? o.metadata?.annotations : o.spec?.template?.metadata?.annotations) ?? {};
}

/** The containers and init containers of a workload's pods. */
export function podContainers(w: Workload): any[] {
  const spec = w.object.kind === 'Pod' ? w.object.spec : w.object.spec?.template?.spec;
  return [...list(spec?.initContainers), ...list(spec?.containers)];
}

/** The source of an object's opaque-ports list: its own annotation, else its Namespace's. */
export function opaqueSource(index: ManifestIndex, annotations: Record<string, string>, namespace: string): OpaqueSource {
  const own = annotations[OPAQUE_PORTS_ANNOTATION];
  if (typeof own === 'string') return { value: own, description: `its ${OPAQUE_PORTS_ANNOTATION} annotation "${own}"` };
  const ns = index.get('', 'Namespace', '', namespace);
  const inherited = ns?.metadata?.annotations?.[OPAQUE_PORTS_ANNOTATION];
  if (typeof inherited === 'string' && webhookAdmits(ns)) {
    return { value: inherited, from: ns, description: `the ${OPAQUE_PORTS_ANNOTATION} annotation "${inherited}" it inherits from Namespace ${namespace}` };
  }
  return { description: `no ${OPAQUE_PORTS_ANNOTATION} annotation: Linkerd's default opaque ports (${[...LINKERD_DEFAULT_OPAQUE_PORTS].join(',')}) apply` };
}

/** Whether Linkerd's admission webhooks see the namespace's objects (not labelled `config.linkerd.io/admission-webhooks: disabled`). */
export function webhookAdmits(ns: Manifest | undefined): boolean {
  return ns?.metadata?.labels?.['config.linkerd.io/admission-webhooks'] !== 'disabled';
}

/** The container ports (numbers) a workload's pods treat as opaque when no Server selects them; undefined when the list is invalid. */
export function podOpaquePorts(source: OpaqueSource, w: Workload): ReadonlySet<number> | undefined {
  if (source.value !== undefined) {
    const parsed = parsePortSet(source.value);
    return parsed.invalid.length ? undefined : parsed.ports;
  }
  const declared = podContainers(w).flatMap(c => list(c?.ports)).map(p => p?.containerPort).filter((p): p is number => typeof p === 'number');
  return new Set(declared.filter(p => LINKERD_DEFAULT_OPAQUE_PORTS.has(p)));
}

/**
 * Whether a Service port is opaque to clients; undefined when the Service's list is invalid. Without an annotation
 * the injector writes the default ports the Service uses (`ports`: all its ports); when it finds none it writes no
 * annotation, and the policy controller then applies the default list to the Service port numbers.
 */
export function servicePortOpaque(source: OpaqueSource, port: any, webhook: boolean, ports: any[]): boolean | undefined {
  if (typeof port?.appProtocol === 'string') return port.appProtocol === 'linkerd.io/opaque' || port.appProtocol === 'linkerd.io/tcp';
  if (source.value !== undefined) {
    const parsed = parsePortSet(source.value);
    return parsed.invalid.length ? undefined : parsed.ports.has(port?.port);
  }
  const injected = webhook ? ports.filter(injectorMarksOpaque) : [];
  return injected.length ? injected.includes(port) : LINKERD_DEFAULT_OPAQUE_PORTS.has(port?.port);
}

/** `CreateOpaquePortsPatch` for a Service port: a default port without targetPort, or whose numeric targetPort is a default. */
function injectorMarksOpaque(port: any): boolean {
  const target = port?.targetPort;
  if (target === undefined || target === null || target === 0) return LINKERD_DEFAULT_OPAQUE_PORTS.has(port?.port);
  return typeof target === 'number' && LINKERD_DEFAULT_OPAQUE_PORTS.has(target);
}
