import { Rule } from '../../rule';

/** The kiali rules, in id order. */
export const KIALI_RULES: Rule[] = [
];
