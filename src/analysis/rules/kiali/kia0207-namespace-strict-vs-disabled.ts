import { AnalysisFinding } from '../../finding';
import { destinationRules, disabledMtlsConflict, disabledMtlsFix } from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * KIA0207 (Kiali `destinationrules.mtls.policymtlsenabled`): a namespace-wide DestinationRule
 * (host `*.<its namespace>.svc.<cluster domain>`) with tls.mode DISABLE while the namespace's PeerAuthentication
 * (without selector) is STRICT: clients send plain text that the servers reject.
 */
export const KIA0207: Rule = {
  id: 'KIA0207',
  severity: FindingSeverity.ERROR,
  description: 'A namespace-wide DestinationRule disables mTLS while the namespace\'s PeerAuthentication is STRICT (Kiali KIA0207)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const dr of destinationRules(index)) {
      const conflict = disabledMtlsConflict(index, dr);
      if (conflict?.code !== 'KIA0207') continue;
      findings.push(finding(KIA0207, dr, {
        path: 'spec.trafficPolicy.tls.mode',
        message: `PeerAuthentication with TLS strict mode found, it should be permissive: this DestinationRule sets tls.mode DISABLE for host "${dr.spec.host}", `
          + `but PeerAuthentication ${index.ref(conflict.peerAuthentication)} sets mtls.mode STRICT, so servers reject the plain-text requests`,
        fix: disabledMtlsFix(index, conflict),
      }));
    }
    return findings;
  },
};
