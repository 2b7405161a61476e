import { destinationPath, resolvedDestinations } from './destination-hosts';
import { SIDECAR_SELECTOR, TELEMETRY_SELECTOR, selectorMatches } from './workload-selectors';
import { AnalysisFinding } from '../../finding';
import { DestinationRuleIndex, selectorString } from '../../istio-index';
import { GATEWAY_API, ISTIO_NETWORKING, ISTIO_SECURITY, MESH_GATEWAY, isInternalGatewayReference, resolveGatewayName } from '../../istio-semantics';
import { Manifest, ManifestIndex, selects } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** A destination of a VirtualService, with the path of its `subset` field. */
interface SubsetReference {
  readonly host: string;
  readonly subset: string;
  readonly path: string;
  readonly mirror: boolean;
}

/**
 * IST0101 ReferencedResourceNotFound, for VirtualServices: a route or mirror destination names a
 * `subset` that no DestinationRule istiod would use for that host defines (requests get 503 `NR`/`UH`), a
 * `gateways` entry names a Gateway (Istio or Gateway API) that is not among the manifests (the routes are
 * never served), or a destination host (or host:port) is no Service or ServiceEntry visible to the
 * VirtualService's namespace. A host that is not among the manifests
 * is reported only with `wholeCluster` (as `istioctl analyze` reads local files).
 *
 * istioctl looks subsets up by host alone; this rule resolves them as istiod does: the DestinationRule
 * in the VirtualService's namespace first, then the one exported from the host's namespace, then the one
 * exported from the root namespace (`istio-system`), honouring `exportTo` and wildcard hosts.
 */
export const IST0101: Rule = {
  id: 'IST0101',
  severity: FindingSeverity.ERROR,
  description: 'A referenced resource does not exist: a subset, Gateway, destination host or port of a VirtualService; with wholeCluster also selectors of Sidecars, Telemetries and Gateways, AuthorizationPolicy source namespaces, Gateway credentialName Secrets (ReferencedResourceNotFound)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    const rules = new DestinationRuleIndex(index);
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      const ns = index.namespaceOf(vs);
      for (const ref of subsetReferences(vs)) {
        const host = index.fqdn(ref.host, ns);
        const resolved = rules.resolve(host, ns);
        if (resolved?.subsets.has(ref.subset)) continue;
        const what = `${index.ref(vs)} ${ref.mirror ? 'mirrors' : 'routes'} to subset "${ref.subset}" of ${ref.host}${host === ref.host ? '' : ` (${host})`}`;
        const upstream = `Referenced ${ref.mirror ? 'mirror' : 'host'}+subset in destinationrule not found: "${ref.host}+${ref.subset}"`;
        if (!resolved) {
          findings.push(finding(IST0101, vs, {
            path: ref.path,
            message: `VirtualService ${what}, but no DestinationRule for that host is visible in namespace ${ns} (${upstream})`,
            fix: `create a DestinationRule for host ${host} (in namespace ${ns}, the host's namespace or ${index.istioRootNamespace}) with a subset named "${ref.subset}" whose labels select its pods, or remove the subset`,
          }));
          continue;
        }
        const names = resolved.rules.map(dr => index.ref(dr)).join(', ');
        const known = [...resolved.subsets];
        const which = resolved.namespace === ns ? `in namespace ${ns}` : `exported from namespace ${resolved.namespace}`;
        findings.push(finding(IST0101, vs, {
          path: ref.path,
          message: `VirtualService ${what}, but DestinationRule ${names} (host ${resolved.host}, ${which}), which istiod applies to it, defines ${known.length ? `only subsets ${known.join(', ')}` : 'no subsets'} (${upstream})`,
          fix: `add a subset named "${ref.subset}" with the labels of its pods to DestinationRule ${names}${known.length ? `, or route to one of ${known.join(', ')}` : ''}`,
        }));
      }
      list(vs.spec?.gateways).forEach((entry, i) => {
        // an internal gateway istiod generates for a Gateway API Gateway is IST0165's finding
        if (typeof entry !== 'string' || entry === MESH_GATEWAY || isInternalGatewayReference(entry)) return;
        const gw = resolveGatewayName(entry, ns);
        if (index.get(ISTIO_NETWORKING, 'Gateway', gw.namespace, gw.name) || index.get(GATEWAY_API, 'Gateway', gw.namespace, gw.name)) return;
        findings.push(finding(IST0101, vs, {
          path: `spec.gateways[${i}]`,
          message: `VirtualService ${index.ref(vs)} binds to gateway "${entry}", but there is no Gateway ${gw.namespace}/${gw.name} (networking.istio.io or gateway.networking.k8s.io) among the manifests, so its routes are not served there (Referenced gateway not found: "${entry}")`,
          fix: `create Gateway ${gw.namespace}/${gw.name}, or name an existing Gateway as <namespace>/<name> (use "${MESH_GATEWAY}" for the sidecars)`,
        }));
      });
    }
    findings.push(...destinationHostFindings(index));
    if (index.wholeCluster) findings.push(...selectorFindings(index), ...namespaceFindings(index), ...gatewayWorkloadFindings(index));
    return findings;
  },
};

/**
 * istioctl's `DestinationHostAnalyzer` share of IST0101: a route or mirror destination whose host is no
 * ServiceEntry or Service visible to the VirtualService's namespace (exportTo of both sides), or whose
 * `port.number` that host does not expose.
 */
function destinationHostFindings(index: ManifestIndex): AnalysisFinding[] {
  const findings: AnalysisFinding[] = [];
  for (const d of resolvedDestinations(index)) {
    const ns = index.namespaceOf(d.vs);
    if (!d.target && d.host === '') {
      findings.push(finding(IST0101, d.vs, {
        path: d.path,
        message: `VirtualService ${index.ref(d.vs)} has a ${d.what === 'host' ? 'route' : 'mirror'} without a destination host, so requests it takes have nowhere to go (Referenced ${d.what} not found: "")`,
        fix: 'give the entry a destination with the host of a Service or ServiceEntry, or remove it',
      }));
      continue;
    }
    if (!d.target) {
      if (!index.wholeCluster) continue;
      findings.push(finding(IST0101, d.vs, {
        path: `${d.path}.host`,
        message: `VirtualService ${index.ref(d.vs)} ${d.what === 'host' ? 'routes' : 'mirrors'} to ${d.host}${index.fqdn(d.host, ns) === d.host ? '' : ` (${index.fqdn(d.host, ns)})`}, but no Service or ServiceEntry among the manifests defines that host for namespace ${ns} (exportTo of both sides counts), so requests get 503 (Referenced ${d.what} not found: "${d.host}")`,
        fix: `create the Service or a ServiceEntry for ${d.host} exported to namespace ${ns}, or correct the host`,
      }));
      continue;
    }
    const port = d.destination.port?.number;
    if (typeof port !== 'number' || d.target.ports.includes(port)) continue;
    findings.push(finding(IST0101, d.vs, {
      path: `${d.path}.port.number`,
      message: `VirtualService ${index.ref(d.vs)} routes to ${d.host} port ${port}, but ${index.kindRef(d.target.object)} exposes only ${d.target.ports.join(', ') || 'no ports'} (Referenced host:port not found: "${d.host}:${port}")`,
      fix: `use one of the ports ${d.target.ports.join(', ')}, or add port ${port} to ${index.kindRef(d.target.object)}`,
    }));
  }
  return findings;
}

/** Every destination with a `subset`: http/tcp/tls routes, http `mirror` and `mirrors`. */
function subsetReferences(vs: Manifest): SubsetReference[] {
  const out: SubsetReference[] = [];
  const spec = vs.spec;
  if (!spec || typeof spec !== 'object') return out;
  for (const section of SUBSET_SECTIONS) {
    const routes = list(spec[section]);
    for (let i = 0; i < routes.length; i++) {
      const route = routes[i];
      const rds = list(route?.route);
      for (let j = 0; j < rds.length; j++) addSubsetReference(out, rds[j]?.destination, section, i, 'route', j);
      if (section !== 'http') continue;
      addSubsetReference(out, route?.mirror, section, i, 'mirror', -1);
      const mirrors = list(route?.mirrors);
      for (let k = 0; k < mirrors.length; k++) addSubsetReference(out, mirrors[k]?.destination, section, i, 'mirrors', k);
    }
  }
  return out;
}

const SUBSET_SECTIONS = ['http', 'tcp', 'tls'];

function addSubsetReference(out: SubsetReference[], d: any, section: string, route: number, field: string, entry: number): void {
  if (d && typeof d.host === 'string' && typeof d.subset === 'string' && d.subset !== '') {
    out.push(new SubsetAt(d.host, d.subset, field !== 'route', section, route, field, entry));
  }
}

/** A subset reference whose path is built only when a finding needs it (most references resolve). */
class SubsetAt implements SubsetReference {
  constructor(
    public readonly host: string,
    public readonly subset: string,
    public readonly mirror: boolean,
    private readonly section: string,
    private readonly route: number,
    private readonly field: string,
    private readonly entry: number) {}

  public get path(): string {
    return `${destinationPath(this.section, this.route, this.field, this.entry)}.subset`;
  }
}

/**
 * istioctl's `sidecar.SelectorAnalyzer` and `telemetry.SelectorAnalyzer` share of IST0101: a Sidecar or
 * Telemetry whose selector matches no pod of its namespace (with `wholeCluster` only: pods are seldom all
 * in the files).
 */
function selectorFindings(index: ManifestIndex): AnalysisFinding[] {
  const findings: AnalysisFinding[] = [];
  for (const kind of [SIDECAR_SELECTOR, TELEMETRY_SELECTOR]) {
    for (const { object, selector, pods } of selectorMatches(index, kind).selected) {
      if (pods.length > 0) continue;
      findings.push(finding(IST0101, object, {
        path: kind.path,
        message: `${kind.kind} ${index.ref(object)} selects ${selector}, but no Pod or workload in namespace ${index.namespaceOf(object)} has those labels, so it applies to nothing (Referenced selector not found: "${selector}")`,
        fix: `correct ${kind.path} to the labels of the pods it is for (in namespace ${index.namespaceOf(object)}), or remove the ${kind.kind}`,
      }));
    }
  }
  return findings;
}

/**
 * istioctl's `authz.AuthorizationPoliciesAnalyzer` share of IST0101: a `from.source.namespaces` or
 * `notNamespaces` entry that matches no Namespace object in the files (exact, `prefix*`, `*suffix` or `*`;
 * case-insensitive as istioctl compares). With `wholeCluster` only.
 */
function namespaceFindings(index: ManifestIndex): AnalysisFinding[] {
  const findings: AnalysisFinding[] = [];
  const namespaces = index.ofKind('', 'Namespace').map(n => n.metadata?.name ?? '');
  for (const ap of index.ofKind(ISTIO_SECURITY, 'AuthorizationPolicy')) {
    list(ap.spec?.rules).forEach((rule, i) => list(rule?.from).forEach((from, j) => {
      for (const field of ['namespaces', 'notNamespaces']) {
        list(from?.source?.[field]).forEach((ns, k) => {
          if (typeof ns !== 'string' || namespaces.some(n => namespaceMatch(n, ns))) return;
          findings.push(finding(IST0101, ap, {
            path: `spec.rules[${i}].from[${j}].source.${field}[${k}]`,
            message: `AuthorizationPolicy ${index.ref(ap)} names source namespace "${ns}", which matches no Namespace among the manifests, so the entry matches no caller (Referenced namespace not found: "${ns}")`,
            fix: `correct the namespace name, or add Namespace ${ns} to the manifests`,
          }));
        });
      }
    }));
  }
  return findings;
}

/** istioctl's `namespaceMatch`: `*`, `*suffix`, `prefix*`, else equal ignoring case. */
function namespaceMatch(ns: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return ns.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return ns.startsWith(pattern.slice(0, -1));
  return ns.toLowerCase() === pattern.toLowerCase();
}

/**
 * istioctl's `gateway.IngressGatewayPortAnalyzer` and `gateway.SecretAnalyzer` share of IST0101, with
 * `wholeCluster` only: a Gateway whose selector matches no Pod (or workload template) in any namespace, and
 * a server `tls.credentialName` with no Secret in the namespace of the gateway workload (the first one
 * selected; `<ns>/<name>` names another namespace).
 */
function gatewayWorkloadFindings(index: ManifestIndex): AnalysisFinding[] {
  const findings: AnalysisFinding[] = [];
  const workloads = index.allWorkloads();
  // Gateways share a few selectors: each is matched against the workloads once
  const firstSelected = new Map<string, ReturnType<typeof workloads.find>>();
  for (const gw of index.ofKind(ISTIO_NETWORKING, 'Gateway')) {
    const labels = gw.spec?.selector && typeof gw.spec.selector === 'object' ? gw.spec.selector : {};
    const selector = selectorString(labels);
    if (!firstSelected.has(selector)) firstSelected.set(selector, workloads.find(w => selects(labels, w.podLabels)));
    const workload = firstSelected.get(selector);
    if (!workload) {
      findings.push(finding(IST0101, gw, {
        path: 'spec.selector',
        message: `Gateway ${index.ref(gw)} selects ${selector || 'every pod'}, but no Pod or workload among the manifests has those labels, so no gateway proxy serves it (Referenced selector not found: "${selector}")`,
        fix: 'set spec.selector to the labels of the gateway deployment\'s pods (istio: ingressgateway for the default one)',
      }));
      continue;
    }
    list(gw.spec?.servers).forEach((server, i) => {
      const cn = server?.tls?.credentialName;
      if (typeof cn !== 'string' || cn === '') return;
      const slash = cn.indexOf('/');
      const [ns, name] = slash < 0 ? [workload.namespace, cn] : [cn.slice(0, slash), cn.slice(slash + 1)];
      if (index.get('', 'Secret', ns, name)) return;
      findings.push(finding(IST0101, gw, {
        path: `spec.servers[${i}].tls.credentialName`,
        message: `Gateway ${index.ref(gw)} server ${i} takes its certificate from Secret ${ns}/${name}, the namespace of its gateway workload ${workload.object.kind} ${workload.namespace}/${workload.name}, but there is no such Secret among the manifests, so the TLS listener has no certificate (Referenced credentialName not found: "${cn}")`,
        fix: `create Secret ${name} (type kubernetes.io/tls) in namespace ${ns}, where the gateway runs, or correct credentialName`,
      }));
    });
  }
  return findings;
}
