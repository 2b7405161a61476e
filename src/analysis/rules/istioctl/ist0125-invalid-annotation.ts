import { annotationChecks } from './istio-annotation-checks';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0125 (InvalidAnnotation), istioctl's `annotations.K8sAnalyzer`
 * (`pkg/config/analysis/analyzers/annotations/annotations.go`): an Istio annotation whose value fails the injector's validation (`pkg/kube/inject/validate.go` `AnnotationValidation`: integers, ports, CIDRs, interface names, booleans, resource quantities, interception modes).
 * The catalogue is istio/api's (`istio-annotations.ts`).
 */
export const IST0125: Rule = {
  id: 'IST0125',
  severity: FindingSeverity.WARNING,
  description: 'An Istio annotation whose value the sidecar injector would refuse (InvalidAnnotation)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return annotationChecks(index).filter(c => c.code === 'IST0125').map(c => finding(IST0125, c.object, {
      path: `metadata.annotations["${c.annotation}"]`,
      message: `Invalid annotation ${c.annotation}: ${c.detail}`,
      fix: `correct the value of ${c.annotation}`,
    }));
  },
};
