import { IConstruct } from 'constructs';
import { meshError } from '../../core/errors';

/**
 * Renders a map of `StringMatch` values (headers, withoutHeaders, query parameters), where
 * `StringMatch.present()` renders `{}`: Istio then checks only that the header or parameter is present.
 */
export function renderMatchMap(scope: IConstruct, prop: string, map: { [key: string]: any } | undefined): any {
  if (map === undefined) return undefined;
  const out: any = {};
  for (const [key, match] of Object.entries(map)) {
    if (!key) throw meshError(scope, prop, 'keys must be non-empty');
    out[key] = renderMatch(scope, `${prop}.${key}`, match, true);
  }
  return out;
}

/**
 * Renders one `StringMatch`, refusing anything else (a plain object from JavaScript, say). A presence match is
 * only meaningful in maps of headers and query parameters: on `uri` Istio would match every path.
 */
export function renderMatch(scope: IConstruct, prop: string, match: any, allowPresence: boolean = false): any {
  if (match === undefined) return undefined;
  if (!match || typeof match._render !== 'function') {
    throw meshError(scope, prop, 'must be a StringMatch', 'Use StringMatch.exact(), StringMatch.prefix() or StringMatch.regex()');
  }
  if (match.kind === 'present' && !allowPresence) {
    throw meshError(scope, prop, 'cannot be StringMatch.present(): presence matches exist only for headers, withoutHeaders and queryParams',
      'Use StringMatch.exact(), StringMatch.prefix() or StringMatch.regex()');
  }
  return match._render(scope, prop);
}
