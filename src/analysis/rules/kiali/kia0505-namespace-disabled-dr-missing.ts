import { AnalysisFinding } from '../../finding';
import { MESH_WIDE_DR_HOST, drTlsByHost, namespaceWideDrHost, wideMtlsMode } from '../../kiali-helpers';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/** Modes Kiali's `DisabledNamespaceWideChecker` counts as sending mTLS. */
const MUTUAL = ['ISTIO_MUTUAL', 'MUTUAL'];

/**
 * KIA0505 (Kiali `peerauthentications.mtls.disabledestinationrulemissing`): a namespace-wide PeerAuthentication
 * (outside Istio's root namespace, without selector) with mtls.mode DISABLE while a DestinationRule sends mTLS
 * to the namespace: the first rule (manifest order) for `*.<namespace>.svc.<cluster domain>` that sets
 * tls.mode has ISTIO_MUTUAL or MUTUAL, or there is none and a rule for `*.local` sends mTLS.
 */
export const KIA0505: Rule = {
  id: 'KIA0505',
  severity: FindingSeverity.ERROR,
  description: 'A namespace-wide PeerAuthentication disables mTLS while a DestinationRule sends mTLS to the namespace (Kiali KIA0505)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const { firstDecisive, firstMutual } = drTlsByHost(index);
    const meshMutual = firstMutual.get(MESH_WIDE_DR_HOST);
    const findings: AnalysisFinding[] = [];
    for (const pa of index.ofKind('security.istio.io', 'PeerAuthentication')) {
      const ns = index.namespaceOf(pa);
      if (ns === index.istioRootNamespace || wideMtlsMode(pa) !== 'DISABLE') continue;
      const host = namespaceWideDrHost(index, ns);
      const decisive = firstDecisive.get(host);
      const sender: { dr: Manifest; mode: string } | undefined = decisive ? (MUTUAL.includes(decisive.mode) ? decisive : undefined) : meshMutual;
      if (!sender) continue;
      findings.push(finding(KIA0505, pa, {
        path: 'spec.mtls.mode',
        message: `Destination Rule disabling namespace-wide mTLS is missing: this PeerAuthentication disables mTLS in ${ns}, `
          + `but DestinationRule ${index.ref(sender.dr)} sets tls.mode ${sender.mode} for host "${sender.dr.spec.host}", so clients send mTLS the servers do not accept`,
        fix: `add a DestinationRule for host "${host}" with trafficPolicy.tls.mode DISABLE, or set this PeerAuthentication to PERMISSIVE`,
      }));
    }
    return findings;
  },
};
