import { AnalysisFinding } from '../../finding';
import { destinationRules, disabledMtlsConflict, disabledMtlsFix } from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * KIA0208 (Kiali `destinationrules.mtls.meshpolicymtlsenabled`): a mesh-wide (`*.local`) or namespace-wide
 * (`*.<its namespace>.svc.<cluster domain>`) DestinationRule with tls.mode DISABLE while the mesh-wide
 * PeerAuthentication (root namespace, without selector) is STRICT. For a namespace-wide rule, only when the
 * namespace has no PeerAuthentication without selector that is STRICT (KIA0207), PERMISSIVE or DISABLE.
 */
export const KIA0208: Rule = {
  id: 'KIA0208',
  severity: FindingSeverity.ERROR,
  description: 'A mesh- or namespace-wide DestinationRule disables mTLS while the mesh-wide PeerAuthentication is STRICT (Kiali KIA0208)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const dr of destinationRules(index)) {
      const conflict = disabledMtlsConflict(index, dr);
      if (conflict?.code !== 'KIA0208') continue;
      findings.push(finding(KIA0208, dr, {
        path: 'spec.trafficPolicy.tls.mode',
        message: `PeerAuthentication enabling mTLS found, permissive mode needed: this ${conflict.scope} DestinationRule sets tls.mode DISABLE for host `
          + `"${dr.spec.host}", but mesh-wide PeerAuthentication ${index.ref(conflict.peerAuthentication)} sets mtls.mode STRICT, `
          + 'so servers reject the plain-text requests',
        fix: disabledMtlsFix(index, conflict),
      }));
    }
    return findings;
  },
};
