import { methodList } from '../../../core/http-methods';
import { AnalysisFinding } from '../../finding';
import { NON_IDEMPOTENT_METHODS } from '../../istio-semantics';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH109: a Linkerd ServiceProfile route with `isRetryable: true` whose condition can match POST or PATCH.
 * Linkerd retries failed requests with bodies up to 64 KiB, whatever the method, so a retried POST can be
 * applied twice. A condition is read as Linkerd's destination controller does: the fields set in one
 * condition are AND'ed, `all` is AND, `any` is OR, `not` negates; a `pathRegex` may match or not.
 */
export const MESH109: Rule = {
  id: 'MESH109',
  severity: FindingSeverity.ERROR,
  description: 'A Linkerd ServiceProfile route that can match POST or PATCH is retryable',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const sp of index.ofKind('linkerd.io', 'ServiceProfile')) {
      list(sp.spec?.routes).forEach((route, i) => {
        if (route?.isRetryable !== true) return;
        const methods = NON_IDEMPOTENT_METHODS.filter(m => canMatchMethod(route.condition, m) !== 'no');
        if (methods.length === 0) return;
        const which = route.condition?.method ? `matches ${methodList(methods)}` : `can match ${methodList(methods)} (its condition does not exclude them)`;
        findings.push(finding(MESH109, sp, {
          path: `spec.routes[${i}].isRetryable`,
          message: `route ${route.name ? `"${route.name}" ` : ''}(spec.routes[${i}]) ${which} and has isRetryable: true: Linkerd retries it, so a retried ${methods[0]} can be applied twice`,
          fix: 'set isRetryable: false on this route, and make a retryable route match only idempotent methods (condition.method: GET)',
        }));
      });
    }
    return findings;
  },
};

type Tri = 'yes' | 'no' | 'maybe';

/** Whether a request with `method` can match a ServiceProfile RequestMatch (three-valued: a path regex may or may not match). */
function canMatchMethod(condition: any, method: string): Tri {
  if (!condition || typeof condition !== 'object') return 'yes';
  const parts: Tri[] = [];
  if (typeof condition.method === 'string' && condition.method) parts.push(condition.method.toUpperCase() === method ? 'yes' : 'no');
  if (typeof condition.pathRegex === 'string' && condition.pathRegex) parts.push('maybe');
  if (Array.isArray(condition.all)) parts.push(and(condition.all.map((c: any) => canMatchMethod(c, method))));
  if (Array.isArray(condition.any)) parts.push(or(condition.any.map((c: any) => canMatchMethod(c, method))));
  if (condition.not && typeof condition.not === 'object') parts.push(not(canMatchMethod(condition.not, method)));
  return and(parts);
}

function and(values: Tri[]): Tri {
  if (values.includes('no')) return 'no';
  return values.includes('maybe') ? 'maybe' : 'yes';
}

function or(values: Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('maybe') ? 'maybe' : 'no';
}

function not(value: Tri): Tri {
  return value === 'yes' ? 'no' : value === 'no' ? 'yes' : 'maybe';
}
