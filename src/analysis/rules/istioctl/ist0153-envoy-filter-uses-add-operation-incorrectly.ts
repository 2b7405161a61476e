import { envoyFilterProblems, groupByFilter } from './envoy-filter-patches';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0153 EnvoyFilterUsesAddOperationIncorrectly: see `envoy-filter-patches.ts` (istioctl's `envoyfilter.EnvoyPatchAnalyzer`). One finding
 * per EnvoyFilter, naming every patch concerned (istioctl's messages do not name the patch, and it drops
 * identical messages).
 */
export const IST0153: Rule = {
  id: 'IST0153',
  severity: FindingSeverity.ERROR,
  description: 'An EnvoyFilter uses ADD on ROUTE_CONFIGURATION or HTTP_ROUTE (EnvoyFilterUsesAddOperationIncorrectly)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return groupByFilter(envoyFilterProblems(index).filter(p => p.code === 'IST0153')).map(p => finding(IST0153, p.filter, {
      path: `spec.configPatches[${p.indexes[0]}]`,
      message: `EnvoyFilter ${index.ref(p.filter)} patch${p.indexes.length > 1 ? 'es' : ''} ${p.indexes.join(', ')} uses ADD with applyTo ${p.applyTo}, where istiod ignores it (The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.)`,
      fix: 'use MERGE to change a route configuration or route',
    }));
  },
};
