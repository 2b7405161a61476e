import { Rule } from '../../rule';

/** The istioctl rules, in id order. */
export const ISTIOCTL_RULES: Rule[] = [
];
