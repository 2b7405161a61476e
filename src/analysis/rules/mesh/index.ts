import { MESH101 } from './mesh101-non-idempotent-retries';
import { MESH102 } from './mesh102-retries-exceed-timeout';
import { MESH103 } from './mesh103-route-without-timeout';
import { MESH104 } from './mesh104-outlier-ejects-every-host';
import { MESH105 } from './mesh105-default-deny-unreached-workload';
import { MESH106 } from './mesh106-allow-rule-without-source';
import { MESH107 } from './mesh107-ambient-selector-l7-policy';
import { MESH108 } from './mesh108-service-profile-name';
import { MESH109 } from './mesh109-service-profile-retryable-post';
import { MESH110 } from './mesh110-route-retry-budget';
import { MESH111 } from './mesh111-annotations-shadowed-by-profile';
import { MESH112 } from './mesh112-gamma-route-without-catch-all';
import { MESH113 } from './mesh113-route-shadowed-by-broader-match';
import { MESH114 } from './mesh114-gamma-route-shadowed-by-profile';
import { MESH115 } from './mesh115-route-parent-not-attached';
import { MESH116 } from './mesh116-server-port-not-exposed';
import { MESH117 } from './mesh117-linkerd-policy-reference-not-found';
import { MESH118 } from './mesh118-meshtls-identity-not-found';
import { MESH119 } from './mesh119-route-not-accepted-by-gateway';
import { MESH120 } from './mesh120-opaque-ports-disagree';
import { Rule } from '../../rule';

/** The mesh rules, in id order. */
export const MESH_RULES: Rule[] = [
  MESH101,
  MESH102,
  MESH103,
  MESH104,
  MESH105,
  MESH106,
  MESH107,
  MESH108,
  MESH109,
  MESH110,
  MESH111,
  MESH112,
  MESH113,
  MESH114,
  MESH115,
  MESH116,
  MESH117,
  MESH118,
  MESH119,
  MESH120,
];
