import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING, list, unverifiedTls } from '../../istio-index';
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
      const selector = dr.spec?.workloadSelector != null;
      const ns = index.namespaceOf(dr);
      const name = dr.metadata?.name ?? '';
      const policies: Array<[string, any, string]> = [['spec.trafficPolicy', dr.spec?.trafficPolicy, '']];
      list(dr.spec?.subsets).forEach((s, k) => policies.push([`spec.subsets[${k}].trafficPolicy`, s?.trafficPolicy, ` (subset ${s?.name})`]));
      for (const [path, policy, where] of policies) {
        list(policy?.portLevelSettings).forEach((p, i) => {
          const bad = unverifiedTls(p?.tls, selector);
          if (!bad) return;
          const field = `${path}.portLevelSettings[${i}].tls.caCertificates`;
          findings.push(finding(IST0129, dr, {
            path: field,
            message: `DestinationRule ${name} in namespace ${ns} has TLS mode set to ${bad.mode}${where} but no caCertificates are set to validate server identity for host: ${dr.spec?.host} at port ${p?.port?.number}${bad.note}`,
            fix: `set ${field} to the CA bundle that signed the server's certificate (or credentialName with a workloadSelector), and subjectAltNames to the server's identity`,
          }));
        });
      }
    }
    return findings;
  },
};
