/**
 * istioctl's `deployment.ServiceAssociationAnalyzer` (istio/istio
 * `pkg/config/analysis/analyzers/deployment/services.go`): the Services of a meshed Deployment's namespace
 * whose (non-empty) selector matches its pod template, for IST0116 and IST0137. A Deployment is meshed when its
 * template has an `istio-proxy` container, else when the template's `sidecar.istio.io/inject` label or
 * annotation is "true", else when its Namespace in the files has `istio-injection: enabled`; waypoint
 * Deployments (`gateway.istio.io/managed: istio.io-mesh-controller`) are skipped.
 */
import { Manifest, ManifestIndex, selects } from '../../manifest-index';
import { list, push } from '../../util';

export interface DeploymentServices {
  readonly deployment: Manifest;
  readonly services: Manifest[];
}

/** For IST0116 and IST0137: computed once per index, with the Services grouped by namespace once (not scanned per Deployment). */
export function meshedDeploymentServices(index: ManifestIndex): readonly DeploymentServices[] {
  return index.derived(computeDeploymentServices);
}

function computeDeploymentServices(index: ManifestIndex): DeploymentServices[] {
  const selecting = new Map<string, Manifest[]>();
  for (const s of index.ofKind('', 'Service')) {
    const selector = s.spec?.selector;
    if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) continue;
    push(selecting, index.namespaceOf(s), s);
  }
  const out: DeploymentServices[] = [];
  for (const d of index.ofKind('apps', 'Deployment')) {
    if (d.metadata?.labels?.['gateway.istio.io/managed'] === 'istio.io-mesh-controller' || !inMesh(index, d)) continue;
    const labels = d.spec?.template?.metadata?.labels ?? {};
    const services = (selecting.get(index.namespaceOf(d)) ?? []).filter(s => selects(s.spec.selector, labels));
    out.push({ deployment: d, services });
  }
  return out;
}

function inMesh(index: ManifestIndex, d: Manifest): boolean {
  const template = d.spec?.template;
  if (list(template?.spec?.containers).some(c => c?.name === 'istio-proxy')) return true;
  for (const m of [template?.metadata?.labels ?? {}, template?.metadata?.annotations ?? {}]) {
    if ('sidecar.istio.io/inject' in m) return m['sidecar.istio.io/inject'] === 'true';
  }
  return index.get('', 'Namespace', '', index.namespaceOf(d))?.metadata?.labels?.['istio-injection'] === 'enabled';
}
