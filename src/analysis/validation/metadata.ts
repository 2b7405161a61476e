import { ValidationRule } from './finding';
import { Issue } from './structural';
import { metadataProblems } from '../../core/object-metadata';

/**
 * The ObjectMeta rules the API server applies to every object beyond its schema (see `core/object-metadata`,
 * which the constructs use too).
 */
export function checkMetadata(apiVersion: string, kind: string, namespaced: boolean | undefined, metadata: any): Issue[] {
  // List uniqueness is also a schema rule, which the structural check reports.
  return metadataProblems(apiVersion, kind, namespaced, metadata)
    .filter(p => !p.schemaRule)
    .map(p => ({ path: p.path, message: p.message, warning: p.warning, rule: ValidationRule.METADATA }));
}
