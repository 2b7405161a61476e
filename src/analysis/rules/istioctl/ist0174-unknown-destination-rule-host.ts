import { subsetProblems } from './destination-rule-subset-pods';
import { AnalysisFinding } from '../../finding';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0174 UnknownDestinationRuleHost: a DestinationRule whose host is no Service or ServiceEntry visible to
 * its namespace, so its policy applies to nothing. As istioctl (`destination-rule-subset-pods.ts`); with
 * `wholeCluster` only.
 */
export const IST0174: Rule = {
  id: 'IST0174',
  severity: FindingSeverity.WARNING,
  description: 'A DestinationRule host is no Service or ServiceEntry (UnknownDestinationRuleHost)',
  check(index: ManifestIndex): AnalysisFinding[] {
    if (!index.wholeCluster) return [];
    return subsetProblems(index).unknownHost.map(dr => finding(IST0174, dr, {
      path: 'spec.host',
      message: `DestinationRule ${index.ref(dr)} is for host ${dr.spec?.host}, which no Service or ServiceEntry in the files defines for namespace ${index.namespaceOf(dr)}, so its policy applies to nothing (The host ${dr.spec?.host} defined in the DestinationRule does not match any services in the mesh.)`,
      fix: 'correct spec.host to a Service (<name>.<namespace>.svc.cluster.local) or ServiceEntry host, or delete the DestinationRule',
    }));
  },
};
