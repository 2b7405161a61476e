import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0157 InvalidTelemetryProvider, istioctl's `telemetry.ProviderAnalyzer`
 * (`pkg/config/analysis/analyzers/telemetry/providers.go`): when the mesh config names no default access-log
 * provider (`defaultProviders.accessLogging`, `MeshConfig.defaultAccessLogProviders`; Istio's default has none), a
 * Telemetry `accessLogging` entry that is not `disabled: true` and names no `providers` selects no provider, so it
 * logs nothing. One finding per such entry, as istioctl.
 */
export const IST0157: Rule = {
  id: 'IST0157',
  severity: FindingSeverity.WARNING,
  description: 'A Telemetry accessLogging entry names no provider while the mesh config has no default access-log provider, so it logs nothing (InvalidTelemetryProvider)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    if (index.mesh.defaultAccessLogProviders.length > 0) return findings;
    for (const t of index.ofKind('telemetry.istio.io', 'Telemetry')) {
      list(t.spec?.accessLogging).forEach((entry, i) => {
        if (entry?.disabled === true || list(entry?.providers).length > 0) return;
        const ns = index.namespaceOf(t);
        findings.push(finding(IST0157, t, {
          path: `spec.accessLogging[${i}]`,
          message: `Telemetry ${index.ref(t)} accessLogging[${i}] names no provider and the mesh config has no default access-log provider (defaultProviders.accessLogging), so the entry selects no provider and logs nothing (The Telemetry ${t.metadata?.name ?? ''} in namespace "${ns}" with empty providers will be ignored.)`,
          fix: 'name the provider (providers: [{ name: envoy }]), or set defaultProviders.accessLogging in the mesh config',
        }));
      });
    }
    return findings;
  },
};
