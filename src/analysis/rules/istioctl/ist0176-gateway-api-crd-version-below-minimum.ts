import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * The minimum Gateway API bundle version istiod processes, by CRD name (istio/istio 86c9f01f
 * `pkg/config/schema/gatewayapi/minimumversions.go` `MinimumCRDVersions`).
 */
const MINIMUM_CRD_VERSIONS: Record<string, [number, number, number]> = {
  'grpcroutes.gateway.networking.k8s.io': [1, 1, 0],
  'backendtlspolicies.gateway.networking.k8s.io': [1, 4, 0],
  'tlsroutes.gateway.networking.k8s.io': [1, 5, 0],
  'tcproutes.gateway.networking.k8s.io': [1, 6, 0],
};

const BUNDLE_VERSION = 'gateway.networking.k8s.io/bundle-version';

/**
 * IST0176 GatewayAPICRDVersionBelowMinimum, istioctl's `k8sgateway.CRDVersionAnalyzer`
 * (`pkg/config/analysis/analyzers/k8sgateway/crdversion.go`): a Gateway API CustomResourceDefinition in the files
 * whose `gateway.networking.k8s.io/bundle-version` annotation (a semantic version, its pre-release ignored) is below
 * the version istiod requires, so istiod's CRD watcher skips the kind and its routes are never programmed. A CRD
 * without the annotation, or with one that is no version, is not reported (as istioctl).
 */
export const IST0176: Rule = {
  id: 'IST0176',
  severity: FindingSeverity.WARNING,
  description: 'A Gateway API CRD in the files is at a bundle version below the one Istio requires, so Istio ignores its kind (GatewayAPICRDVersionBelowMinimum)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const crd of index.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')) {
      const name = crd.metadata?.name ?? '';
      const minimum = MINIMUM_CRD_VERSIONS[name];
      const raw = crd.metadata?.annotations?.[BUNDLE_VERSION];
      if (!minimum || typeof raw !== 'string') continue;
      const installed = parseSemver(raw);
      if (!installed || compareVersions(installed.core, minimum) >= 0) continue;
      const min = minimum.join('.');
      findings.push(finding(IST0176, crd, {
        path: `metadata.annotations["${BUNDLE_VERSION}"]`,
        message: `CustomResourceDefinition ${name} is Gateway API ${installed.text}, below ${min} that Istio requires, so istiod does not watch the kind and its resources are never programmed (Gateway API CRD "${name}" is at version "${installed.text}" but Istio requires at least "${min}"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.)`,
        fix: `install the Gateway API CRDs at ${min} or later`,
      }));
    }
    return findings;
  },
};

/** Masterminds `semver.NewVersion`: an optional `v`, 1 to 3 numeric parts, pre-release and build metadata. */
function parseSemver(s: string): { core: [number, number, number]; text: string } | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(s);
  if (!m) return undefined;
  const core: [number, number, number] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  return { core, text: `${core.join('.')}${m[4] ? `-${m[4]}` : ''}${m[5] ? `+${m[5]}` : ''}` };
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
