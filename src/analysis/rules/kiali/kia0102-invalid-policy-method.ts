import { authorizationPolicies, policyStringMatches } from '../../authz-semantics';
import { AnalysisFinding } from '../../finding';
import { GRPC_METHOD, HTTP_METHODS, policyOperations } from '../../kiali-helpers';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/** The operation fields that hold methods. */
const FIELDS = ['methods', 'notMethods'];

/**
 * KIA0102 (Kiali `authorizationpolicy.to.wrongmethod`): an AuthorizationPolicy operation method that no HTTP
 * request can have. Istio compares `methods` with the request's method exactly (case-sensitive; `*`, `P*` and
 * `*T` are string matches), so `get` never matches. Stricter than Kiali in two ways: lower-case methods
 * are reported (Kiali upper-cases before comparing), and so are gRPC names (`/pkg.Service/Method`), which
 * Kiali accepts but Istio compares with the HTTP method, always POST for gRPC. `notMethods` is checked too.
 */
export const KIA0102: Rule = {
  id: 'KIA0102',
  severity: FindingSeverity.WARNING,
  description: 'An AuthorizationPolicy operation method that is not an HTTP method (Kiali KIA0102)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const ap of authorizationPolicies(index)) {
      for (const { path, operation } of policyOperations(ap)) {
        for (const field of FIELDS) {
          const methods: unknown = operation[field];
          if (!Array.isArray(methods)) continue;
          methods.forEach((m, k) => {
            if (typeof m !== 'string' || HTTP_METHODS.some(h => policyStringMatches(m, h))) return;
            findings.push(finding(KIA0102, ap, {
              path: `${path}.${field}[${k}]`,
              message: `Only HTTP methods and fully-qualified gRPC names are allowed: ${path}.${field} has "${m}", ${why(m)}`,
              fix: fixFor(m),
            }));
          });
        }
      }
    }
    return findings;
  },
};

function why(m: string): string {
  const upper = m.trim().toUpperCase();
  if (HTTP_METHODS.includes(upper)) return `but Istio compares methods case-sensitively, so it never matches ${upper}`;
  if (GRPC_METHOD.test(m)) return 'a gRPC method name, but Istio compares it with the HTTP method, which is POST for every gRPC call, so it never matches';
  return `which is not one of ${HTTP_METHODS.join(', ')}, so it never matches`;
}

function fixFor(m: string): string {
  const upper = m.trim().toUpperCase();
  if (HTTP_METHODS.includes(upper)) return `write the method in upper case: "${upper}"`;
  if (GRPC_METHOD.test(m)) return `match the gRPC method by path instead: paths: ["${m}"] (and methods: ["POST"] if you want)`;
  return `use HTTP methods (${HTTP_METHODS.join(', ')}) or remove the entry`;
}
