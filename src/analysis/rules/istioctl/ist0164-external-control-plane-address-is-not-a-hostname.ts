import { externalControlPlaneProblems } from './external-control-plane';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0164 ExternalControlPlaneAddressIsNotAHostname, istioctl's `externalcontrolplane.ExternalControlPlaneAnalyzer`:
 * a webhook of an Istio webhook configuration in the files reaches the external control plane by IP address, which
 * breaks when the address changes and cannot match a certificate's DNS name (see `external-control-plane.ts`).
 */
export const IST0164: Rule = {
  id: 'IST0164',
  severity: FindingSeverity.INFO,
  description: 'An Istio webhook reaches the external control plane by IP address, not by host name (ExternalControlPlaneAddressIsNotAHostname)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return externalControlPlaneProblems(index).filter(p => p.code === 'IST0164').map(p => finding(IST0164, p.object, {
      path: `webhooks[${p.index}].clientConfig.url`,
      message: `${p.object.kind} ${p.object.metadata?.name ?? ''} webhook ${p.webhook} calls ${p.url} by IP address (The address (${p.url}) that was provided for the webhook (${p.webhook}) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.)`,
      fix: 'use a DNS name for the external control plane\'s ingress gateway in clientConfig.url',
    }));
  },
};
