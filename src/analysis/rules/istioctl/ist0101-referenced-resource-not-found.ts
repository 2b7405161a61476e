import { AnalysisFinding } from '../../finding';
import { DestinationRuleIndex } from '../../istio-index';
import { ISTIO_NETWORKING, MESH_GATEWAY, resolveGatewayName } from '../../istio-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
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
 * `subset` that no DestinationRule istiod would use for that host defines (requests get 503 `NR`/`UH`), or a
 * `gateways` entry names a Gateway that is not among the manifests (the routes are never served).
 *
 * istioctl looks subsets up by host alone; this rule resolves them as istiod does: the DestinationRule
 * in the VirtualService's namespace first, then the one exported from the host's namespace, then the one
 * exported from the root namespace (`istio-system`), honouring `exportTo` and wildcard hosts.
 */
export const IST0101: Rule = {
  id: 'IST0101',
  severity: FindingSeverity.ERROR,
  description: 'A VirtualService routes or mirrors to a DestinationRule subset that does not exist, or binds to a Gateway that does not exist (ReferencedResourceNotFound)',
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
        if (typeof entry !== 'string' || entry === MESH_GATEWAY) return;
        const gw = resolveGatewayName(entry, ns);
        if (index.get(ISTIO_NETWORKING, 'Gateway', gw.namespace, gw.name)) return;
        findings.push(finding(IST0101, vs, {
          path: `spec.gateways[${i}]`,
          message: `VirtualService ${index.ref(vs)} binds to gateway "${entry}", but there is no Gateway ${gw.namespace}/${gw.name} among the manifests, so its routes are not served there (Referenced gateway not found: "${entry}")`,
          fix: `create Gateway ${gw.namespace}/${gw.name}, or name an existing Gateway as <namespace>/<name> (use "${MESH_GATEWAY}" for the sidecars)`,
        }));
      });
    }
    return findings;
  },
};

/** Every destination with a `subset`: http/tcp/tls routes, http `mirror` and `mirrors`. */
function subsetReferences(vs: Manifest): SubsetReference[] {
  const out: SubsetReference[] = [];
  const add = (d: any, path: string, mirror: boolean) => {
    if (d && typeof d.host === 'string' && typeof d.subset === 'string' && d.subset !== '') {
      out.push({ host: d.host, subset: d.subset, path: `${path}.subset`, mirror });
    }
  };
  for (const kind of ['http', 'tcp', 'tls']) {
    list(vs.spec?.[kind]).forEach((route, i) => {
      list(route?.route).forEach((rd, j) => add(rd?.destination, `spec.${kind}[${i}].route[${j}].destination`, false));
      if (kind !== 'http') return;
      add(route?.mirror, `spec.http[${i}].mirror`, true);
      list(route?.mirrors).forEach((m, k) => add(m?.destination, `spec.http[${i}].mirrors[${k}].destination`, true));
    });
  }
  return out;
}
