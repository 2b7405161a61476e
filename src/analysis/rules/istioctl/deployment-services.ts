/**
 * istioctl's `deployment.ServiceAssociationAnalyzer` (istio/istio
 * `pkg/config/analysis/analyzers/deployment/services.go`): the Services of a meshed Deployment's namespace
 * whose (non-empty) selector matches its pod template, for IST0116 and IST0137. A Deployment is meshed when its
 * template has an `istio-proxy` container, else when the template's `sidecar.istio.io/inject` label or
 * annotation is "true", else when its Namespace in the files has `istio-injection: enabled`; waypoint
 * Deployments (`gateway.istio.io/managed: istio.io-mesh-controller`) are skipped.
 */
import { Manifest, ManifestIndex, selects } from '../../manifest-index';
import { list } from '../../util';

export interface DeploymentServices {
  readonly deployment: Manifest;
  readonly services: Manifest[];
}

export function meshedDeploymentServices(index: ManifestIndex): DeploymentServices[] {
  const out: DeploymentServices[] = [];
  for (const d of index.ofKind('apps', 'Deployment')) {
    if (d.metadata?.labels?.['gateway.istio.io/managed'] === 'istio.io-mesh-controller' || !inMesh(index, d)) continue;
    const ns = index.namespaceOf(d);
    const labels = d.spec?.template?.metadata?.labels ?? {};
    const services = index.ofKind('', 'Service').filter(s => index.namespaceOf(s) === ns
      && s.spec?.selector && typeof s.spec.selector === 'object' && Object.keys(s.spec.selector).length > 0 && selects(s.spec.selector, labels));
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
