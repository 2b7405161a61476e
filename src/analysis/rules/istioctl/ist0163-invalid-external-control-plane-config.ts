import { externalControlPlaneProblems } from './external-control-plane';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0163 InvalidExternalControlPlaneConfig, istioctl's `externalcontrolplane.ExternalControlPlaneAnalyzer`: a
 * webhook of an Istio webhook configuration in the files whose `clientConfig` has neither url nor service, or a
 * url that does not parse, so the API server cannot reach istiod (see `external-control-plane.ts`).
 */
export const IST0163: Rule = {
  id: 'IST0163',
  severity: FindingSeverity.WARNING,
  description: 'An Istio webhook configuration has a webhook with neither url nor service, or a url that does not parse (InvalidExternalControlPlaneConfig)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return externalControlPlaneProblems(index).filter(p => p.code === 'IST0163').map(p => finding(IST0163, p.object, {
      path: `webhooks[${p.index}].clientConfig`,
      message: `${p.object.kind} ${p.object.metadata?.name ?? ''} webhook ${p.webhook} ${p.error === 'is blank' ? 'has neither clientConfig.url nor clientConfig.service' : `has clientConfig.url "${p.url}", which does not parse`}, so the API server cannot call istiod (The hostname (${p.url}) that was provided for the webhook (${p.webhook}) to reach the ingress gateway on the external control plane cluster ${p.error}. Traffic may not flow properly.)`,
      fix: 'set clientConfig.url to the https URL of the external istiod (through its ingress gateway), or clientConfig.service to the istiod Service',
    }));
  },
};
