import { Rule } from '../../rule';
import { MESH101 } from './mesh101-non-idempotent-retries';

/** The mesh rules, in id order. */
export const MESH_RULES: Rule[] = [
  MESH101,
];
