import { IConstruct } from 'constructs';
import { meshError } from './errors';

/** Renders a map of `StringMatch` values (headers, query parameters). */
export function renderMatchMap(scope: IConstruct, prop: string, map: { [key: string]: any } | undefined): any {
  if (map === undefined) return undefined;
  const out: any = {};
  for (const [key, match] of Object.entries(map)) {
    if (!key) throw meshError(scope, prop, 'keys must be non-empty');
    out[key] = renderMatch(scope, `${prop}.${key}`, match);
  }
  return out;
}

/** Renders one `StringMatch`, refusing anything else (a plain object from JavaScript, say). */
export function renderMatch(scope: IConstruct, prop: string, match: any): any {
  if (match === undefined) return undefined;
  if (!match || typeof match._render !== 'function') {
    throw meshError(scope, prop, 'must be a StringMatch', 'Use StringMatch.exact(), StringMatch.prefix() or StringMatch.regex()');
  }
  return match._render(scope, prop);
}
