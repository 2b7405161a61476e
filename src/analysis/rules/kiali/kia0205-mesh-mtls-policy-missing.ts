import { AnalysisFinding } from '../../finding';
import { MESH_WIDE_DR_HOST, destinationRules, drTlsMode, enablingMeshPeerAuthentication } from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * KIA0205 (Kiali `destinationrules.mtls.meshpolicymissing`): a mesh-wide DestinationRule (host `*.local`) with
 * tls.mode ISTIO_MUTUAL, but no PeerAuthentication without selector in Istio's root namespace with mtls.mode
 * STRICT or PERMISSIVE. Clients are told to send mTLS everywhere while the mesh does not state that servers
 * accept it.
 */
export const KIA0205: Rule = {
  id: 'KIA0205',
  severity: FindingSeverity.ERROR,
  description: 'A mesh-wide DestinationRule enables mTLS but no mesh-wide PeerAuthentication does (Kiali KIA0205)',
  check(index: ManifestIndex): AnalysisFinding[] {
    if (enablingMeshPeerAuthentication(index)) return [];
    return destinationRules(index)
      .filter(dr => dr.spec?.host === MESH_WIDE_DR_HOST && drTlsMode(dr) === 'ISTIO_MUTUAL')
      .map(dr => finding(KIA0205, dr, {
        path: 'spec.trafficPolicy.tls.mode',
        message: `PeerAuthentication enabling mTLS at mesh level is missing: this DestinationRule sets tls.mode ISTIO_MUTUAL for host "${MESH_WIDE_DR_HOST}", `
          + `but no PeerAuthentication without selector in ${index.istioRootNamespace} sets mtls.mode STRICT or PERMISSIVE`,
        fix: `add a PeerAuthentication named default in ${index.istioRootNamespace} with mtls.mode STRICT (PERMISSIVE while migrating); `
          + 'with auto mTLS (Istio\'s default) this DestinationRule is not needed',
      }));
  },
};
