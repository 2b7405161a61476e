import { envoyFilterProblems, groupByFilter } from './envoy-filter-patches';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0152 EnvoyFilterUsesReplaceOperationIncorrectly: see `envoy-filter-patches.ts` (istioctl's `envoyfilter.EnvoyPatchAnalyzer`). One finding
 * per EnvoyFilter, naming every patch concerned (istioctl's messages do not name the patch, and it drops
 * identical messages).
 */
export const IST0152: Rule = {
  id: 'IST0152',
  severity: FindingSeverity.ERROR,
  description: 'An EnvoyFilter uses REPLACE on something other than an HTTP or network filter (EnvoyFilterUsesReplaceOperationIncorrectly)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return groupByFilter(envoyFilterProblems(index).filter(p => p.code === 'IST0152')).map(p => finding(IST0152, p.filter, {
      path: `spec.configPatches[${p.indexes[0]}]`,
      message: `EnvoyFilter ${index.ref(p.filter)} patch${p.indexes.length > 1 ? 'es' : ''} ${p.indexes.join(', ')} uses REPLACE with applyTo ${p.applyTo}, where istiod ignores it (The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.)`,
      fix: 'use REPLACE only with applyTo HTTP_FILTER, NETWORK_FILTER or VIRTUAL_HOST; use MERGE elsewhere',
    }));
  },
};
