import { AnalysisFinding } from '../../finding';
import { parentGroupKind } from '../../gateway-api';
import { ManifestIndex, groupOf } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** The parents a route can attach to, by `group/kind` ('' is the core group). */
const PARENTS: Record<string, string[]> = {
  // Linkerd's own routes attach to Servers (inbound policy) and Services (outbound, GAMMA)
  'policy.linkerd.io': ['policy.linkerd.io/Server', '/Service', 'core/Service'],
  // Gateway API routes attach to Gateways; GAMMA to Services; Linkerd also reads them on Servers
  'gateway.networking.k8s.io': ['gateway.networking.k8s.io/Gateway', '/Service', 'core/Service', 'policy.linkerd.io/Server'],
};

/**
 * MESH115: an HTTPRoute or GRPCRoute `parentRef` that names nothing a mesh or gateway attaches routes to, after
 * the CRD defaults (an omitted `group` is the route's API group: `gateway.networking.k8s.io`, or
 * `policy.linkerd.io` for Linkerd's routes; an omitted `kind` is `Gateway`). The common case is
 * `{kind: Service, name: web}` without `group: ""`: that names a `Service` of the route's own group, which does
 * not exist, so neither Istio nor Linkerd applies the route to the Service. A policy.linkerd.io route can only
 * have Server or Service parents (a Gateway parent is never programmed).
 */
export const MESH115: Rule = {
  id: 'MESH115',
  severity: FindingSeverity.ERROR,
  description: 'An HTTPRoute or GRPCRoute parentRef names no Gateway, Service or Server once the CRD defaults apply (e.g. kind Service without group "")',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    const routes = [
      ...index.ofKind('gateway.networking.k8s.io', 'HTTPRoute'), ...index.ofKind('gateway.networking.k8s.io', 'GRPCRoute'),
      ...index.ofKind('policy.linkerd.io', 'HTTPRoute'),
    ];
    for (const route of routes) {
      const allowed = PARENTS[groupOf(route)];
      list(route.spec?.parentRefs).forEach((ref, i) => {
        const { group, kind } = parentGroupKind(route, ref);
        if (allowed.includes(`${group}/${kind}`)) return;
        const hint = kind === 'Service'
          ? `: without group: "" the group defaults to ${group}, so this is not the core Service ${ref?.name}`
          : '';
        findings.push(finding(MESH115, route, {
          path: `spec.parentRefs[${i}]`,
          message: `${index.kindRef(route)} parentRefs[${i}] names ${group}/${kind} ${ref?.name}${hint}; ${groupOf(route) === 'policy.linkerd.io' ? 'Linkerd attaches its routes only to Servers and Services' : 'routes attach to Gateways, Services (GAMMA) and Linkerd Servers'}, so this parent never gets the route`,
          fix: kind === 'Service' ? 'set group: "" (the core group) on the parentRef' : `name a ${groupOf(route) === 'policy.linkerd.io' ? 'Server (group policy.linkerd.io) or Service (group "")' : 'Gateway, a Service (group "") or a Server (group policy.linkerd.io)'}`,
        }));
      });
    }
    return findings;
  },
};
