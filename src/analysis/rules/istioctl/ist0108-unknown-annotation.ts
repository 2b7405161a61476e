import { annotationChecks } from './istio-annotation-checks';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0108 (UnknownAnnotation), istioctl's `annotations.K8sAnalyzer`
 * (`pkg/config/analysis/analyzers/annotations/annotations.go`): an annotation whose prefix ends with `istio.io` (or `kubernetes.io/ingress.class`) that is not in Istio's annotation catalogue, on a Namespace, Service, Pod or Deployment.
 * The catalogue is istio/api's (`istio-annotations.ts`).
 */
export const IST0108: Rule = {
  id: 'IST0108',
  severity: FindingSeverity.WARNING,
  description: 'An annotation in an istio.io namespace that Istio does not know (UnknownAnnotation)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return annotationChecks(index).filter(c => c.code === 'IST0108').map(c => finding(IST0108, c.object, {
      path: `metadata.annotations["${c.annotation}"]`,
      message: `Unknown annotation: ${c.annotation}`,
      fix: 'correct the annotation name (see Istio\'s annotation reference), or remove it',
    }));
  },
};
