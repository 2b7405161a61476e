import { AnalysisFinding } from '../../finding';
import {
  autoMtlsEnabled, destinationRules, drTlsMode, enablesMtls, enablingMeshPeerAuthentication, namespaceWideDrHost,
  peerAuthenticationsByNamespace, wideMtlsMode,
} from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * KIA0206 (Kiali `destinationrules.mtls.nspolicymissing`): a namespace-wide DestinationRule
 * (host `*.<its namespace>.svc.<cluster domain>`) with tls.mode ISTIO_MUTUAL, but no PeerAuthentication without
 * selector in that namespace or in Istio's root namespace with mtls.mode STRICT or PERMISSIVE. As in Kiali,
 * silent while auto mTLS is on (Istio's default); it is off only when the manifests carry the mesh config
 * with `enableAutoMtls: false`.
 */
export const KIA0206: Rule = {
  id: 'KIA0206',
  severity: FindingSeverity.ERROR,
  description: 'A namespace-wide DestinationRule enables mTLS but no PeerAuthentication of the namespace or mesh does (Kiali KIA0206)',
  check(index: ManifestIndex): AnalysisFinding[] {
    if (autoMtlsEnabled(index) || enablingMeshPeerAuthentication(index)) return [];
    const findings: AnalysisFinding[] = [];
    for (const dr of destinationRules(index)) {
      const ns = index.namespaceOf(dr);
      const host = namespaceWideDrHost(index, ns);
      if (dr.spec?.host !== host || drTlsMode(dr) !== 'ISTIO_MUTUAL') continue;
      if ((peerAuthenticationsByNamespace(index).get(ns) ?? []).some(pa => enablesMtls(wideMtlsMode(pa)))) continue;
      findings.push(finding(KIA0206, dr, {
        path: 'spec.trafficPolicy.tls.mode',
        message: `PeerAuthentication enabling namespace-wide mTLS is missing: this DestinationRule sets tls.mode ISTIO_MUTUAL for host "${host}", `
          + `but no PeerAuthentication without selector in ${ns} or ${index.istioRootNamespace} sets mtls.mode STRICT or PERMISSIVE`,
        fix: `add a PeerAuthentication named default in ${ns} with mtls.mode STRICT (PERMISSIVE while migrating)`,
      }));
    }
    return findings;
  },
};
