import { AnalysisFinding } from '../../finding';
import { httpRoutes, parentServices } from '../../gateway-api';
import { ManifestIndex } from '../../manifest-index';
import { MeshLookups } from '../../mesh-helpers';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH114: a GAMMA HTTPRoute or GRPCRoute (a `parentRef` of kind Service) that Linkerd ignores because a
 * ServiceProfile exists for the parent Service (MESH-FACTS Linkerd 3): when a profile exists, Linkerd's
 * proxies route by the profile and do not read the Service's routes, so the route's `backendRefs` split, header
 * matches, filters and timeouts never apply. The synthesized manifests look fine and nothing fails at apply
 * time, which is why this is an error. A profile in the Service's namespace applies to every caller; one in
 * another namespace to callers there.
 */
export const MESH114: Rule = {
  id: 'MESH114',
  severity: FindingSeverity.ERROR,
  description: 'A GAMMA HTTPRoute or GRPCRoute is ignored by Linkerd because a ServiceProfile exists for its parent Service',
  check(index: ManifestIndex): AnalysisFinding[] {
    if (!index.has('linkerd.io', 'ServiceProfile')) return [];
    const lookups = MeshLookups.of(index);
    const findings: AnalysisFinding[] = [];
    for (const route of [...httpRoutes(index), ...index.ofKind('gateway.networking.k8s.io', 'GRPCRoute')]) {
      for (const parent of parentServices(route, index)) {
        const profiles = lookups.serviceProfilesNamed(index.serviceFqdn(parent.name, parent.namespace));
        if (profiles.length === 0) continue;
        const scope = profiles.some(p => index.namespaceOf(p) === parent.namespace)
          ? 'every caller'
          : `callers in namespace${profiles.length > 1 ? 's' : ''} ${profiles.map(p => index.namespaceOf(p)).join(', ')}`;
        findings.push(finding(MESH114, route, {
          path: `spec.parentRefs[${parent.refIndex}]`,
          message: `${index.kindRef(route)} attaches to Service ${parent.namespace}/${parent.name}, but ${profiles.map(p => index.kindRef(p)).join(', ')} exists for that Service: Linkerd's proxies of ${scope} then route by the profile and ignore the Service's routes, so this route's backendRefs split, matches, filters and timeouts never apply`,
          fix: 'delete the ServiceProfile (set retries and timeouts with retry.linkerd.io/* and timeout.linkerd.io/* annotations on the route instead), or delete the route and express the split as the profile\'s dstOverrides',
        }));
      }
    }
    return findings;
  },
};
