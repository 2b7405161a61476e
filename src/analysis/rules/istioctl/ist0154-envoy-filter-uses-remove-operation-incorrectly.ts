import { envoyFilterProblems, groupByFilter } from './envoy-filter-patches';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0154 EnvoyFilterUsesRemoveOperationIncorrectly: see `envoy-filter-patches.ts` (istioctl's `envoyfilter.EnvoyPatchAnalyzer`). One finding
 * per EnvoyFilter, naming every patch concerned (istioctl's messages do not name the patch, and it drops
 * identical messages).
 */
export const IST0154: Rule = {
  id: 'IST0154',
  severity: FindingSeverity.ERROR,
  description: 'An EnvoyFilter uses REMOVE on ROUTE_CONFIGURATION or HTTP_ROUTE (EnvoyFilterUsesRemoveOperationIncorrectly)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return groupByFilter(envoyFilterProblems(index).filter(p => p.code === 'IST0154')).map(p => finding(IST0154, p.filter, {
      path: `spec.configPatches[${p.indexes[0]}]`,
      message: `EnvoyFilter ${index.ref(p.filter)} patch${p.indexes.length > 1 ? 'es' : ''} ${p.indexes.join(', ')} uses REMOVE with applyTo ${p.applyTo}, where istiod ignores it (The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.)`,
      fix: 'remove the patch, or use MERGE to change the route configuration',
    }));
  },
};
