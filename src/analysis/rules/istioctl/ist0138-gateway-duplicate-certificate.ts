import { AnalysisFinding } from '../../finding';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list, push } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0138 GatewayDuplicateCertificate: two Gateways on the same gateway workloads serve TLS with the same
 * certificate (the same `credentialName`, or the same `serverCertificate` and `privateKey` files). A client
 * that reuses an HTTP/2 connection for the other Gateway's host gets 404s. As istioctl
 * (`gateway.CertificateAnalyzer`, without `PILOT_SCOPE_GATEWAY_TO_NAMESPACE`): the other Gateway's selector
 * must contain every label of this one's (an empty selector matches every Gateway), and the finding is on
 * this one: on both Gateways when the selectors are equal.
 */
export const IST0138: Rule = {
  id: 'IST0138',
  severity: FindingSeverity.WARNING,
  description: 'Two Gateways on the same workloads use the same TLS certificate (GatewayDuplicateCertificate)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const gateways = index.ofKind(ISTIO_NETWORKING, 'Gateway');
    // only Gateways that share a certificate can pair: index them by certificate, so the rule stays O(gateways)
    const byCertificate = new Map<string, Manifest[]>();
    for (const gw of gateways) {
      for (const key of new Set(list(gw.spec?.servers).map(s => certificateKey(s?.tls)).filter((k): k is string => k !== undefined))) {
        push(byCertificate, key, gw);
      }
    }
    const findings: AnalysisFinding[] = [];
    for (const gw of gateways) {
      const selector = labelsOf(gw);
      const candidates = new Set(list(gw.spec?.servers).flatMap(s => byCertificate.get(certificateKey(s?.tls) ?? '') ?? []));
      for (const other of candidates) {
        if (other === gw || !subset(selector, labelsOf(other))) continue;
        const shared = list(gw.spec?.servers).some(a => list(other.spec?.servers).some(b => a?.tls && b?.tls && sameCertificate(a.tls, b.tls)));
        if (!shared) continue;
        findings.push(finding(IST0138, gw, {
          path: 'spec.servers',
          message: `Gateway ${index.ref(gw)} serves TLS with the same certificate as Gateway ${index.ref(other)} on the same gateway workloads: an HTTP/2 client reuses one connection for both hosts and gets 404s for the other (Duplicate certificate in multiple gateways [${index.ref(gw)} ${index.ref(other)}] may cause 404s if clients re-use HTTP2 connections.)`,
          fix: 'serve both hosts from one Gateway server with that certificate, or give each Gateway its own certificate',
        }));
      }
    }
    return findings;
  },
};

function labelsOf(gw: Manifest): Record<string, string> {
  return gw.spec?.selector && typeof gw.spec.selector === 'object' ? gw.spec.selector : {};
}

/** Whether every label of `x` is in `y` with the same value (an empty `x` is a subset of anything). */
function subset(x: Record<string, string>, y: Record<string, string>): boolean {
  return Object.entries(x).every(([k, v]) => k in y && y[k] === v);
}

/** A key equal for two TLS settings exactly when `sameCertificate` holds for them; undefined when it never does. */
function certificateKey(tls: any): string | undefined {
  if (!tls || typeof tls !== 'object') return undefined;
  const str = (v: unknown) => typeof v === 'string' ? v : '';
  if (str(tls.credentialName) !== '') return `credential:${tls.credentialName}`;
  if (str(tls.serverCertificate) !== '' && str(tls.privateKey) !== '') return `files:${tls.serverCertificate}:${tls.privateKey}`;
  return undefined;
}

/** istioctl's `haveSameCertificate`. */
function sameCertificate(a: any, b: any): boolean {
  const str = (v: unknown) => typeof v === 'string' ? v : '';
  if (str(a.credentialName) !== '' && str(b.credentialName) !== '') return a.credentialName === b.credentialName;
  if (str(a.credentialName) === '' && str(b.credentialName) === '' && str(a.serverCertificate) !== '' && a.serverCertificate === b.serverCertificate) {
    return str(a.privateKey) !== '' && a.privateKey === b.privateKey;
  }
  return false;
}
