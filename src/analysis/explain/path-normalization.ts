/**
 * Istio's request path normalization (`MeshConfig.pathNormalization.normalization`), applied by sidecars to
 * incoming and outgoing requests before routing and before authorization, so a VirtualService match or an
 * AuthorizationPolicy `paths` sees the normalized path. Modelled steps, in Envoy's order: DECODE_AND_MERGE_SLASHES
 * decodes `%2F`/`%2f` to `/` and `%5C`/`%5c` to `\`; BASE (the default) turns `\` into `/` and removes the dot
 * segments of RFC 3986 section 5.2.4 (`/a/./b` and `/a/x/../b` become `/a/b`); MERGE_SLASHES and
 * DECODE_AND_MERGE_SLASHES also merge repeated slashes. NONE leaves the path as sent. Other percent-encoding
 * changes Envoy makes are not modelled. The query string is left alone.
 */
import { PathNormalization } from '../mesh-config';

/** The path a sidecar routes and authorizes, and whether it differs from the one sent. */
export function normalizeIstioPath(pathWithQuery: string, mode: PathNormalization): string {
  if (mode === PathNormalization.NONE) return pathWithQuery;
  const q = pathWithQuery.indexOf('?');
  let path = q < 0 ? pathWithQuery : pathWithQuery.slice(0, q);
  const query = q < 0 ? '' : pathWithQuery.slice(q);
  if (mode === PathNormalization.DECODE_AND_MERGE_SLASHES) path = path.replace(/%2f/gi, '/').replace(/%5c/gi, '\\');
  path = removeDotSegments(path.replace(/\\/g, '/'));
  if (mode === PathNormalization.MERGE_SLASHES || mode === PathNormalization.DECODE_AND_MERGE_SLASHES) path = path.replace(/\/{2,}/g, '/');
  return path + query;
}

/** RFC 3986 section 5.2.4 on an absolute path. */
function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/');
  segments.forEach((s, i) => {
    if (s === '.' || s === '..') {
      if (s === '..' && out.length > 1) out.pop();
      if (i === segments.length - 1) out.push('');
      return;
    }
    out.push(s);
  });
  const result = out.join('/');
  return result.startsWith('/') ? result : `/${result}`;
}
