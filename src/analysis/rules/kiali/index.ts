import { KIA0101 } from './kia0101-source-namespace-not-found';
import { KIA0102 } from './kia0102-invalid-policy-method';
import { KIA0106 } from './kia0106-principal-not-found';
import { KIA0201 } from './kia0201-duplicate-destination-rule';
import { KIA0205 } from './kia0205-mesh-mtls-policy-missing';
import { KIA0206 } from './kia0206-namespace-mtls-policy-missing';
import { KIA0207 } from './kia0207-namespace-strict-vs-disabled';
import { KIA0208 } from './kia0208-mesh-strict-vs-disabled';
import { KIA0209 } from './kia0209-subset-without-labels';
import { KIA0501 } from './kia0501-namespace-strict-dr-missing';
import { KIA0505 } from './kia0505-namespace-disabled-dr-missing';
import { KIA1104 } from './kia1104-single-destination-weight';
import { Rule } from '../../rule';

/** The kiali rules, in id order. */
export const KIALI_RULES: Rule[] = [
  KIA0101,
  KIA0102,
  KIA0106,
  KIA0201,
  KIA0205,
  KIA0206,
  KIA0207,
  KIA0208,
  KIA0209,
  KIA0501,
  KIA0505,
  KIA1104,
];
