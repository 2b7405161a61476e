import { envoyFilterProblems, groupByFilter } from './envoy-filter-patches';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0155 EnvoyFilterUsesRelativeOperationWithProxyVersion: see `envoy-filter-patches.ts` (istioctl's `envoyfilter.EnvoyPatchAnalyzer`). One finding
 * per EnvoyFilter, naming every patch concerned (istioctl's messages do not name the patch, and it drops
 * identical messages).
 */
export const IST0155: Rule = {
  id: 'IST0155',
  severity: FindingSeverity.WARNING,
  description: 'An EnvoyFilter without priority uses a relative patch operation on a filter an earlier proxyVersion-scoped patch touches (EnvoyFilterUsesRelativeOperationWithProxyVersion)',
  check(index: ManifestIndex): AnalysisFinding[] {
    return groupByFilter(envoyFilterProblems(index).filter(p => p.code === 'IST0155')).map(p => finding(IST0155, p.filter, {
      path: `spec.configPatches[${p.indexes[0]}]`,
      message: `EnvoyFilter ${index.ref(p.filter)} patch${p.indexes.length > 1 ? 'es' : ''} ${p.indexes.join(', ')} use${p.indexes.length > 1 ? '' : 's'} a relative operation (REMOVE, REPLACE, INSERT_BEFORE, INSERT_AFTER) without spec.priority on a filter that an earlier patch matches by proxyVersion, so during an upgrade it may not be applied (This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.)`,
      fix: 'set spec.priority, or use INSERT_FIRST or ADD',
    }));
  },
};
