import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING, list, unverifiedTls } from '../../istio-index';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0128 NoServerCertificateVerificationDestinationLevel: a DestinationRule originates TLS (mode SIMPLE or
 * MUTUAL) for the whole host without `caCertificates`, so the proxy accepts any server certificate.
 * Checked on `spec.trafficPolicy.tls` as istioctl does, and also on each subset's `trafficPolicy.tls`.
 * Port-level settings are IST0129.
 */
export const IST0128: Rule = {
  id: 'IST0128',
  severity: FindingSeverity.WARNING,
  description: 'A DestinationRule originates TLS (SIMPLE/MUTUAL) without caCertificates, so the server certificate is not verified (NoServerCertificateVerificationDestinationLevel)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const dr of index.ofKind(ISTIO_NETWORKING, 'DestinationRule')) {
      const selector = dr.spec?.workloadSelector != null;
      const ns = index.namespaceOf(dr);
      const name = dr.metadata?.name ?? '';
      const policies: Array<[string, any, string]> = [['spec.trafficPolicy', dr.spec?.trafficPolicy, '']];
      list(dr.spec?.subsets).forEach((s, k) => policies.push([`spec.subsets[${k}].trafficPolicy`, s?.trafficPolicy, ` (subset ${s?.name})`]));
      for (const [path, policy, where] of policies) {
        const bad = unverifiedTls(policy?.tls, selector);
        if (!bad) continue;
        findings.push(finding(IST0128, dr, {
          path: `${path}.tls.caCertificates`,
          message: `DestinationRule ${name} in namespace ${ns} has TLS mode set to ${bad.mode}${where} but no caCertificates are set to validate server identity for host: ${dr.spec?.host}${bad.note}`,
          fix: `set ${path}.tls.caCertificates to the CA bundle that signed the server's certificate (or credentialName with a workloadSelector), and subjectAltNames to the server's identity`,
        }));
      }
    }
    return findings;
  },
};
