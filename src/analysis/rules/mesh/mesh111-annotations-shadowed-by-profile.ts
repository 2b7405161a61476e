import { AnalysisFinding } from '../../finding';
import { httpRoutes, parentServices } from '../../gateway-api';
import { isRetryOrTimeoutAnnotation } from '../../linkerd-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { MeshLookups } from '../../mesh-helpers';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH111: Linkerd retry and timeout annotations (`retry.linkerd.io/*`, `timeout.linkerd.io/*`) on a Service,
 * HTTPRoute or GRPCRoute that Linkerd ignores because a ServiceProfile exists for the Service
 * (MESH-FACTS Linkerd 3): with a profile, proxies use the profile's routes and ignore the annotations and the
 * Service's HTTPRoutes. A profile in the Service's namespace applies to every caller; one in another
 * namespace to callers there.
 */
export const MESH111: Rule = {
  id: 'MESH111',
  severity: FindingSeverity.WARNING,
  description: 'Linkerd retry/timeout annotations on a Service, HTTPRoute or GRPCRoute are ignored because a ServiceProfile exists for the Service',
  check(index: ManifestIndex): AnalysisFinding[] {
    const lookups = MeshLookups.of(index);
    if (!index.has('linkerd.io', 'ServiceProfile')) return [];
    const findings: AnalysisFinding[] = [];
    const report = (object: Manifest, service: { name: string; namespace: string }, via: string) => {
      const keys = Object.keys(object.metadata?.annotations ?? {}).filter(isRetryOrTimeoutAnnotation);
      if (keys.length === 0) return;
      const profiles = lookups.serviceProfilesNamed(index.serviceFqdn(service.name, service.namespace));
      if (profiles.length === 0) return;
      const scope = profiles.some(p => index.namespaceOf(p) === service.namespace)
        ? 'for every caller'
        : `for callers in namespace${profiles.length > 1 ? 's' : ''} ${profiles.map(p => index.namespaceOf(p)).join(', ')}`;
      const ignoredToo = object.kind === 'Service' ? '' : ', and this route itself,';
      for (const key of keys) {
        findings.push(finding(MESH111, object, {
          path: `metadata.annotations[${key}]`,
          message: `annotation ${key} on ${index.kindRef(object)}${via} is ignored ${scope}: ${profiles.map(p => index.kindRef(p)).join(', ')} exists for Service ${service.namespace}/${service.name}, and Linkerd then takes retries and timeouts from the profile's routes${ignoredToo} not from annotations`,
          fix: 'either delete the ServiceProfile and keep the annotations (Linkerd 2.16+), or delete the annotation and set the retry/timeout on the profile\'s routes (isRetryable, timeout) and spec.retryBudget',
        }));
      }
    };
    for (const svc of index.ofKind('', 'Service')) report(svc, { name: svc.metadata?.name ?? '', namespace: index.namespaceOf(svc) }, '');
    for (const route of [...httpRoutes(index), ...index.ofKind('gateway.networking.k8s.io', 'GRPCRoute')]) {
      for (const parent of parentServices(route, index)) report(route, parent, ` (spec.parentRefs[${parent.refIndex}])`);
    }
    return findings;
  },
};
