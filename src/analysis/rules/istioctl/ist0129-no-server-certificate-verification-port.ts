import { AnalysisFinding } from '../../finding';
import { unverifiedTlsSettings } from '../../istio-index';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0129 NoServerCertificateVerificationPortLevel: a DestinationRule's port-level setting originates TLS
 * (mode SIMPLE or MUTUAL) without `caCertificates`, so the proxy accepts any server certificate on that
 * port. Checked on `spec.trafficPolicy.portLevelSettings` as istioctl does, and also on each subset's.
 */
export const IST0129: Rule = {
  id: 'IST0129',
  severity: FindingSeverity.WARNING,
  description: 'A DestinationRule port-level setting originates TLS (SIMPLE/MUTUAL) without caCertificates, so the server certificate is not verified (NoServerCertificateVerificationPortLevel)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const dr of index.ofKind(ISTIO_NETWORKING, 'DestinationRule')) {
      for (const bad of unverifiedTlsSettings(dr).filter(s => s.portLevel)) {
        findings.push(finding(IST0129, dr, {
          path: `${bad.path}.caCertificates`,
          message: `DestinationRule ${dr.metadata?.name ?? ''} in namespace ${index.namespaceOf(dr)} has TLS mode set to ${bad.mode}${bad.where} but no caCertificates are set to validate server identity for host: ${dr.spec?.host} at port ${bad.port}${bad.note}`,
          fix: `set ${bad.path}.caCertificates to the CA bundle that signed the server's certificate (or credentialName with a workloadSelector), and subjectAltNames to the server's identity`,
        }));
      }
    }
    return findings;
  },
};
