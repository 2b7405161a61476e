import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/** Istio CRDs removed from the charts (`deprecatedCRDs` of istioctl's deprecation analyzer). */
const REMOVED_CRDS = new Set(['rbac.istio.io/ClusterRbacConfig', 'rbac.istio.io/RbacConfig', 'rbac.istio.io/ServiceRole', 'rbac.istio.io/ServiceRoleBinding']);

/**
 * IST0002 Deprecated, the hand-made list of istioctl's `deprecation.FieldAnalyzer`
 * (`pkg/config/analysis/analyzers/deprecation/deprecation.go`) and `telemetry.LightstepAnalyzer`
 * (`telemetry/lightstep.go`): a VirtualService HTTP fault delay with `percent` (replaced by `percentage`), a
 * Sidecar `outboundTrafficPolicy.egressProxy` (ignored), a CustomResourceDefinition of a removed `rbac.istio.io`
 * kind, and Telemetry tracing through a Lightstep provider of the mesh config (`MeshConfig.lightstepProviders`,
 * from `extensionProviders` in a mesh config file).
 */
export const IST0002: Rule = {
  id: 'IST0002',
  severity: FindingSeverity.WARNING,
  description: 'A deprecated field, removed CRD kind or deprecated provider: fault.delay.percent, Sidecar egressProxy, rbac.istio.io CRDs, Lightstep tracing (Deprecated)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      list(vs.spec?.http).forEach((route, i) => {
        const percent = route?.fault?.delay?.percent;
        if (!(typeof percent === 'number' && percent > 0)) return;
        findings.push(finding(IST0002, vs, {
          path: `spec.http[${i}].fault.delay.percent`,
          message: `VirtualService ${index.ref(vs)} http[${i}] fault delay uses percent, a deprecated integer field (Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage)`,
          fix: `replace percent: ${percent} with percentage: { value: ${percent} }`,
        }));
      });
    }
    for (const sc of index.ofKind('networking.istio.io', 'Sidecar')) {
      if (sc.spec?.outboundTrafficPolicy?.egressProxy === undefined || sc.spec.outboundTrafficPolicy.egressProxy === null) continue;
      findings.push(finding(IST0002, sc, {
        path: 'spec.outboundTrafficPolicy.egressProxy',
        message: `Sidecar ${index.ref(sc)} sets outboundTrafficPolicy.egressProxy, which Istio ignores (Deprecated: OutboundTrafficPolicy.EgressProxy ignored)`,
        fix: 'remove egressProxy; route external traffic through an egress gateway with a VirtualService instead',
      }));
    }
    for (const crd of index.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')) {
      const group = crd.spec?.group;
      const kind = crd.spec?.names?.kind;
      if (!REMOVED_CRDS.has(`${group}/${kind}`)) continue;
      findings.push(finding(IST0002, crd, {
        path: 'spec.names.kind',
        message: `CustomResourceDefinition ${crd.metadata?.name ?? ''} defines ${group} ${kind}, which Istio removed: nothing reads it (Deprecated: Custom resource type ${group} ${kind} is removed)`,
        fix: 'delete the CRD and its objects; use security.istio.io AuthorizationPolicy instead',
      }));
    }
    const lightstep = new Set(index.mesh.lightstepProviders);
    if (lightstep.size > 0) {
      for (const t of index.ofKind('telemetry.istio.io', 'Telemetry')) {
        list(t.spec?.tracing).forEach((tracing, i) => {
          list(tracing?.providers).forEach((p, j) => {
            if (!lightstep.has(p?.name)) return;
            findings.push(finding(IST0002, t, {
              path: `spec.tracing[${i}].providers[${j}]`,
              message: `Telemetry ${index.ref(t)} traces through the mesh config's Lightstep provider ${p.name} (Deprecated: The Lightstep provider ${p.name} is deprecated, please migrate to OpenTelemetry provider.)`,
              fix: 'define an opentelemetry extension provider and use it instead',
            }));
          });
        });
      }
    }
    return findings;
  },
};
