import { X509Certificate } from 'crypto';
import { AnalysisFinding } from '../../finding';
import { selectorString } from '../../istio-index';
import { Manifest, ManifestIndex, Workload, selects } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0161 InvalidGatewayCredential, istioctl's `gateway.SecretAnalyzer`
 * (`pkg/config/analysis/analyzers/gateway/secret.go`): a Gateway server's `tls.credentialName` names a Secret
 * (in the namespace of the first gateway workload the selector picks, or `<ns>/<name>`) that is in the files but
 * holds no usable certificate, so the TLS listener gets none. As istiod reads it (`pilot/pkg/credentials/kube/secrets.go`
 * `ExtractCertInfo`, `pilot/pkg/xds/sds.go` `ValidateCertificate`): non-empty `cert` and `key`, else `tls.crt` and
 * `tls.key`; the first PEM block of the certificate must parse as X.509 and be valid now (the analysis time: a
 * certificate that expires later is reported from then on). `stringData` counts as the API server stores it
 * (merged over `data`); istioctl, reading files, sees only `data`.
 */
export const IST0161: Rule = {
  id: 'IST0161',
  severity: FindingSeverity.ERROR,
  description: 'A Gateway credentialName Secret holds no usable certificate: keys missing or empty, not PEM X.509, expired or not yet valid (InvalidGatewayCredential)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    const workloads = index.allWorkloads();
    const firstSelected = new Map<string, Workload | undefined>();
    const now = Date.now();
    for (const gw of index.ofKind('networking.istio.io', 'Gateway')) {
      const labels = gw.spec?.selector && typeof gw.spec.selector === 'object' ? gw.spec.selector : {};
      const selector = selectorString(labels);
      if (!firstSelected.has(selector)) firstSelected.set(selector, workloads.find(w => selects(labels, w.podLabels)));
      const workload = firstSelected.get(selector);
      if (!workload) continue;
      list(gw.spec?.servers).forEach((server, i) => {
        const cn = server?.tls?.credentialName;
        if (typeof cn !== 'string' || cn === '') return;
        const slash = cn.indexOf('/');
        const [ns, name] = slash < 0 ? [workload.namespace, cn] : [cn.slice(0, slash), cn.slice(slash + 1)];
        const secret = index.get('', 'Secret', ns, name);
        if (!secret) return;
        const problem = credentialProblem(secret, now);
        if (!problem) return;
        findings.push(finding(IST0161, gw, {
          path: `spec.servers[${i}].tls.credentialName`,
          message: `Gateway ${index.ref(gw)} server ${i} takes its certificate from Secret ${ns}/${name}, which ${problem}, so istiod sends the listener no certificate and TLS handshakes fail (The credential referenced by the Gateway ${gw.metadata?.name ?? ''} in namespace ${ns} is invalid, which can cause the traffic not to work as expected.)`,
          fix: `put a valid PEM certificate and key in Secret ${ns}/${name} under tls.crt and tls.key (type kubernetes.io/tls), or point credentialName at one`,
        }));
      });
    }
    return findings;
  },
};

/** Why istiod cannot use the Secret as a server credential, or undefined when it can. */
export function credentialProblem(secret: Manifest, now: number): string | undefined {
  const data: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) data[k] = Buffer.from(String(v), 'base64');
  for (const [k, v] of Object.entries(secret.stringData ?? {})) data[k] = Buffer.from(String(v), 'utf8');
  const has = (...keys: string[]) => keys.every(k => data[k] !== undefined && data[k].length > 0);
  const cert = has('cert', 'key') ? data.cert : has('tls.crt', 'tls.key') ? data['tls.crt'] : undefined;
  if (!cert) {
    const found = Object.keys(data).sort();
    return `has neither non-empty cert and key nor tls.crt and tls.key (found: ${found.length ? found.join(', ') : 'no keys'})`;
  }
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n((?:[^-][^\r\n]*\r?\n)*?)-----END \1-----/.exec(cert.toString('latin1'));
  if (!pem) return 'holds a certificate that is not PEM (pem decode failed)';
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(Buffer.from(pem[2].replace(/\s+/g, ''), 'base64'));
  } catch (e) {
    return `holds a certificate that does not parse as X.509 (${(e as Error).message})`;
  }
  const from = Date.parse(x509.validFrom);
  const to = Date.parse(x509.validTo);
  if (now > to || now < from) return `holds a certificate that is expired or not yet valid (valid from ${x509.validFrom} to ${x509.validTo})`;
  return undefined;
}
