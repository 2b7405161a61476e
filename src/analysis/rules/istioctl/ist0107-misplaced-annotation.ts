import { annotationChecks } from './istio-annotation-checks';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0107 (MisplacedAnnotation), istioctl's `annotations.K8sAnalyzer`
 * (`pkg/config/analysis/analyzers/annotations/annotations.go`): an Istio annotation of the catalogue on a Namespace, Service, Pod or Deployment whose kind is not among the resources it attaches to (a Deployment's own metadata is not its pods').
 * The catalogue is istio/api's (`istio-annotations.ts`).
 */
export const IST0107: Rule = {
  id: 'IST0107',
  severity: FindingSeverity.WARNING,
  description: 'An Istio annotation on a kind of resource it does not apply to (MisplacedAnnotation)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return annotationChecks(index).filter(c => c.code === 'IST0107').map(c => finding(IST0107, c.object, {
      path: `metadata.annotations["${c.annotation}"]`,
      message: `Misplaced annotation: ${c.annotation} can only be applied to ${c.detail}`,
      fix: `move the annotation to a ${c.detail}${c.object.kind === 'Deployment' ? ' (for pods: the pod template, spec.template.metadata.annotations)' : ''}, or remove it`,
    }));
  },
};
