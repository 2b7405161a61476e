import { ApiObject } from 'cdk8s';

/**
 * The annotation prefix of an analysis suppression on the object itself: `ignore-check.cdk8s-mesh.io/MESH104:
 * <reason>` switches MESH104 off for that object, in every analysis (synth time, the plugin, the command line).
 * Constructs write it where an explicit opt-in (`allowUnsafeEjectionPercent: true`) accepts what the rule
 * reports, so that the opt-in opts in.
 */
export const SUPPRESSION_ANNOTATION_PREFIX = 'ignore-check.cdk8s-mesh.io/';

/** Suppresses `ruleId` on `apiObject` with `reason` (appended, `; `-separated, when the rule is already suppressed). */
export function suppressRule(apiObject: ApiObject, ruleId: string, reason: string): void {
  const key = `${SUPPRESSION_ANNOTATION_PREFIX}${ruleId}`;
  const existing: string | undefined = apiObject.metadata.toJson().annotations?.[key];
  if (existing?.split('; ').includes(reason)) return;
  apiObject.metadata.addAnnotation(key, existing ? `${existing}; ${reason}` : reason);
}
