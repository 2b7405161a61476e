import { annotationChecks } from './istio-annotation-checks';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0135 (DeprecatedAnnotation), istioctl's `annotations.K8sAnalyzer`
 * (`pkg/config/analysis/analyzers/annotations/annotations.go`): an annotation the catalogue marks deprecated; `sidecar.istio.io/inject` is not reported on an object that also has the label of that name.
 * The catalogue is istio/api's (`istio-annotations.ts`).
 */
export const IST0135: Rule = {
  id: 'IST0135',
  severity: FindingSeverity.INFO,
  description: 'A deprecated Istio annotation (DeprecatedAnnotation)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return annotationChecks(index).filter(c => c.code === 'IST0135').map(c => finding(IST0135, c.object, {
      path: `metadata.annotations["${c.annotation}"]`,
      message: `Annotation "${c.annotation}" has been deprecated${c.detail} and may not work in future Istio versions.`,
      fix: c.annotation === 'sidecar.istio.io/inject' ? 'use the sidecar.istio.io/inject label instead' : `remove ${c.annotation}`,
    }));
  },
};
