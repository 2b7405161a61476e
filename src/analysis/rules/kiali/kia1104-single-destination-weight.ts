import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/** The VirtualService route lists Kiali checks. */
const ROUTE_KINDS = ['http', 'tcp', 'tls'];

/**
 * KIA1104 (Kiali `virtualservices.route.singleweight`): a VirtualService route with a single destination whose
 * weight is between 1 and 99. The destination gets all the traffic anyway (weights are relative), so the
 * weight suggests a split that does not happen.
 */
export const KIA1104: Rule = {
  id: 'KIA1104',
  severity: FindingSeverity.WARNING,
  description: 'A VirtualService route with a single destination whose weight is under 100 (Kiali KIA1104)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const kind of ROUTE_KINDS) {
        const routes: unknown = vs.spec?.[kind];
        if (!Array.isArray(routes)) continue;
        routes.forEach((route, i) => {
          const destinations: unknown = route?.route;
          if (!Array.isArray(destinations) || destinations.length !== 1) return;
          const weight = destinations[0]?.weight;
          if (typeof weight !== 'number' || weight <= 0 || weight >= 100) return;
          const host = destinations[0]?.destination?.host;
          findings.push(finding(KIA1104, vs, {
            path: `spec.${kind}[${i}].route[0].weight`,
            message: `The weight is assumed to be 100 because there is only one route destination: spec.${kind}[${i}]`
              + `${route?.name ? ` ("${route.name}")` : ''} sends all traffic to ${typeof host === 'string' ? `"${host}"` : 'its destination'}, not ${weight}%`,
            fix: 'remove the weight (or set it to 100); to split traffic, add the other destinations with their weights',
          }));
        });
      }
    }
    return findings;
  },
};
