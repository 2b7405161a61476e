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

/**
 * Linkerd's proxy does not normalize request paths: HTTPRoute matching (linkerd/linkerd2-proxy 29637b64
 * `linkerd/http/route/src/http/match/path.rs` `MatchPath::match_length`) compares `uri.path()` as received, a
 * `PathPrefix` after trimming trailing slashes, element-wise. A note when the path has dot segments, repeated
 * slashes, backslashes or an encoded slash, which an application that resolves them reads as another path: a
 * Linkerd route or authorization decided on the raw path may then let through a request for a path it names not.
 */
export function linkerdPathNote(pathWithQuery: string): string | undefined {
  const resolved = normalizeIstioPath(pathWithQuery, PathNormalization.DECODE_AND_MERGE_SLASHES);
  if (resolved === pathWithQuery) return undefined;
  const path = pathWithQuery.split('?')[0];
  return `Linkerd matches the path ${path} as sent: its proxy does not normalize paths (no dot-segment removal, slash merging or decoding), so an application that resolves dot segments, repeated slashes and encoded slashes may serve ${resolved.split('?')[0]} for it`;
}
