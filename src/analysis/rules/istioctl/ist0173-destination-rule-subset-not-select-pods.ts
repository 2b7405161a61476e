import { subsetProblems } from './destination-rule-subset-pods';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0173 DestinationRuleSubsetNotSelectPods: a DestinationRule subset whose labels select no pod, so
 * requests routed to it get 503 `UH` (MESH-FACTS Istio 6). As istioctl (`destination-rule-subset-pods.ts`):
 * pods of any namespace count; with `wholeCluster` only (pods are seldom all in the files).
 */
export const IST0173: Rule = {
  id: 'IST0173',
  severity: FindingSeverity.ERROR,
  description: 'A DestinationRule subset selects no pod (DestinationRuleSubsetNotSelectPods)',
  check(index: ManifestIndex): AnalysisFinding[] {
    if (!index.wholeCluster) return [];
    return subsetProblems(index).emptySubsets.map(({ dr, index: i, name }) => finding(IST0173, dr, {
      path: `spec.subsets[${i}].labels`,
      message: `DestinationRule ${index.ref(dr)} subset ${name} selects no Pod or workload in the files, so requests routed to it get 503 (UH) (The Subset ${name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).)`,
      fix: 'correct the subset labels to those of the pods (version labels usually), or deploy the workload',
    }));
  },
};
