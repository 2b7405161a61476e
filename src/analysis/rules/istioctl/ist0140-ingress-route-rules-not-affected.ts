import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0140 IngressRouteRulesNotAffected: a VirtualService bound to gateways routes to a host without a
 * subset, while a VirtualService for that host splits it by subset. The gateway sends its requests straight
 * to the host, so the subset routing (a canary split, say) does not apply to ingress traffic: VirtualServices
 * do not chain. As istioctl (`virtualservice.DestinationHostAnalyzer`): HTTP route destinations only, hosts
 * compared as written, the splitting VirtualService being one whose own `hosts` contain a destination host it
 * routes by subset.
 */
export const IST0140: Rule = {
  id: 'IST0140',
  severity: FindingSeverity.WARNING,
  description: 'A gateway VirtualService routes to a host whose subset routing another VirtualService defines; the subsets do not apply to ingress (IngressRouteRulesNotAffected)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const virtualServices = index.ofKind(ISTIO_NETWORKING, 'VirtualService');
    // host -> VirtualServices that route that host (one of their own hosts) by subset
    const splitting = new Map<string, Manifest[]>();
    for (const vs of virtualServices) {
      const own = new Set(list(vs.spec?.hosts));
      for (const route of list(vs.spec?.http)) {
        for (const rd of list(route?.route)) {
          const d = rd?.destination;
          if (typeof d?.subset !== 'string' || d.subset === '' || !own.has(d.host)) continue;
          const list_ = splitting.get(d.host) ?? [];
          if (!list_.includes(vs)) list_.push(vs);
          splitting.set(d.host, list_);
        }
      }
    }
    const findings: AnalysisFinding[] = [];
    for (const vs of virtualServices) {
      if (list(vs.spec?.gateways).length === 0) continue;
      const reported = new Set<Manifest>();
      list(vs.spec?.http).forEach((route, i) => list(route?.route).forEach((rd, j) => {
        const d = rd?.destination;
        if (typeof d?.subset === 'string' && d.subset !== '') return;
        for (const other of splitting.get(d?.host) ?? []) {
          if (reported.has(other)) continue;
          reported.add(other);
          findings.push(finding(IST0140, vs, {
            path: `spec.http[${i}].route[${j}].destination`,
            message: `VirtualService ${index.ref(vs)} sends gateway traffic to ${d.host} without a subset, but VirtualService ${index.ref(other)} routes that host by subset: VirtualServices do not chain, so its subset routing does not apply to these requests (Subset in virtual service ${index.ref(other)} has no effect on ingress gateway ${index.ref(vs)} requests)`,
            fix: `bind VirtualService ${index.ref(other)} to the gateway as well (gateways: [<gateway>, mesh]) or repeat its subset routing in ${index.ref(vs)}; or use delegate VirtualServices`,
          }));
        }
      }));
    }
    return findings;
  },
};
