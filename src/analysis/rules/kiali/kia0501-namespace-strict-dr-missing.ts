import { AnalysisFinding } from '../../finding';
import { MESH_WIDE_DR_HOST, autoMtlsEnabled, drTlsByHost, namespaceWideDrHost, wideMtlsMode } from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * KIA0501 (Kiali `peerauthentications.mtls.destinationrulemissing`): a namespace-wide PeerAuthentication
 * (outside Istio's root namespace, without selector) with mtls.mode STRICT, but no DestinationRule with
 * tls.mode ISTIO_MUTUAL for `*.<namespace>.svc.<cluster domain>` or `*.local`. As in Kiali, silent while auto
 * mTLS is on (Istio's default): then clients send mTLS without a DestinationRule. It is off only when the
 * manifests carry the mesh config with `enableAutoMtls: false`.
 */
export const KIA0501: Rule = {
  id: 'KIA0501',
  severity: FindingSeverity.ERROR,
  description: 'A namespace-wide STRICT PeerAuthentication without a DestinationRule enabling mTLS, auto mTLS being off (Kiali KIA0501)',
  check(index: ManifestIndex): AnalysisFinding[] {
    if (autoMtlsEnabled(index)) return [];
    const enabled = drTlsByHost(index).firstIstioMutual;
    if (enabled.has(MESH_WIDE_DR_HOST)) return [];
    const findings: AnalysisFinding[] = [];
    for (const pa of index.ofKind('security.istio.io', 'PeerAuthentication')) {
      const ns = index.namespaceOf(pa);
      if (ns === index.istioRootNamespace || wideMtlsMode(pa) !== 'STRICT') continue;
      const host = namespaceWideDrHost(index, ns);
      if (enabled.has(host)) continue;
      findings.push(finding(KIA0501, pa, {
        path: 'spec.mtls.mode',
        message: `Destination Rule enabling namespace-wide mTLS is missing: this PeerAuthentication requires mTLS (STRICT) in ${ns}, auto mTLS is off `
          + `(enableAutoMtls: false), and no DestinationRule for host "${host}" or "${MESH_WIDE_DR_HOST}" sets tls.mode ISTIO_MUTUAL, `
          + 'so clients send plain text that the servers reject',
        fix: `add a DestinationRule for host "${host}" with trafficPolicy.tls.mode ISTIO_MUTUAL, or turn auto mTLS back on`,
      }));
    }
    return findings;
  },
};
