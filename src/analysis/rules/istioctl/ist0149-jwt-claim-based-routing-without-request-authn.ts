import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING, ISTIO_SECURITY, MESH_GATEWAY, resolveGatewayName } from '../../istio-semantics';
import { Manifest, ManifestIndex, selects } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list, push } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0149 JwtClaimBasedRoutingWithoutRequestAuthN: a VirtualService bound to a Gateway routes on a JWT
 * claim (`headers` or `withoutHeaders` key `@request.auth.claims.<claim>` or `@request.auth.claims[<claim>]`),
 * but a gateway pod the Gateway selects has no RequestAuthentication (in `istio-system` or the pod's
 * namespace) whose selector matches it: the claims are never validated, so the route never matches. As
 * istioctl (`virtualservice.JWTClaimRouteAnalyzer`); pods are the Pods and workload templates in the files.
 */
export const IST0149: Rule = {
  id: 'IST0149',
  severity: FindingSeverity.ERROR,
  description: 'A VirtualService routes on a JWT claim at a gateway whose pods no RequestAuthentication covers (JwtClaimBasedRoutingWithoutRequestAuthN)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const requestAuthns = new Map<string, Manifest[]>();
    for (const ra of index.ofKind(ISTIO_SECURITY, 'RequestAuthentication')) push(requestAuthns, index.namespaceOf(ra), ra);
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind(ISTIO_NETWORKING, 'VirtualService')) {
      const key = claimKey(vs);
      if (!key) continue;
      const ns = index.namespaceOf(vs);
      list(vs.spec?.gateways).forEach((entry, i) => {
        if (typeof entry !== 'string' || entry === MESH_GATEWAY) return;
        const ref = resolveGatewayName(entry, ns);
        const gw = index.get(ISTIO_NETWORKING, 'Gateway', ref.namespace, ref.name);
        if (!gw) return;
        const selector = gw.spec?.selector && typeof gw.spec.selector === 'object' ? gw.spec.selector : {};
        for (const pod of index.allWorkloads()) {
          if (!selects(selector, pod.podLabels)) continue;
          const covering = [...requestAuthns.get('istio-system') ?? [], ...pod.namespace === 'istio-system' ? [] : requestAuthns.get(pod.namespace) ?? []];
          if (covering.some(ra => selects(ra.spec?.selector?.matchLabels, pod.podLabels))) continue;
          findings.push(finding(IST0149, vs, {
            path: `spec.gateways[${i}]`,
            message: `VirtualService ${index.ref(vs)} routes on JWT claim header ${key} at Gateway ${ref.namespace}/${ref.name}, but no RequestAuthentication selects its pod ${pod.namespace}/${pod.name}, so the claim is never validated and the route never matches (The virtual service uses the JWT claim based routing (key: ${key}) but found no request authentication for the gateway (${ref.namespace}/${ref.name}) pod (${pod.name}). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.)`,
            fix: `add a RequestAuthentication selecting the gateway pods (in istio-system or ${pod.namespace}) with the issuer of the token`,
          }));
        }
      });
    }
    return findings;
  },
};

/** The first header (or withoutHeaders) key of any HTTP match that names a JWT claim. */
function claimKey(vs: Manifest): string | undefined {
  for (const route of list(vs.spec?.http)) {
    for (const match of list(route?.match)) {
      for (const field of ['headers', 'withoutHeaders']) {
        const keys = match?.[field] && typeof match[field] === 'object' ? Object.keys(match[field]) : [];
        const key = keys.find(isClaim);
        if (key) return key;
      }
    }
  }
  return undefined;
}

/** `jwt.ToRoutingClaim(key).Match`. */
function isClaim(key: string): boolean {
  const prefix = '@request.auth.claims';
  if (!key.toLowerCase().startsWith(prefix)) return false;
  const rest = key.slice(prefix.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}
