/**
 * istioctl's `envoyfilter.EnvoyPatchAnalyzer` (istio/istio `pkg/config/analysis/analyzers/envoyfilter/envoyfilter.go`),
 * one pass over every EnvoyFilter in manifest order: which config patch gets which of IST0151–IST0155.
 */
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { list } from '../../util';

/** A config patch istioctl reports. */
export interface PatchProblem {
  readonly code: 'IST0151' | 'IST0152' | 'IST0153' | 'IST0154' | 'IST0155';
  readonly filter: Manifest;
  readonly index: number;
  readonly operation: string;
  readonly applyTo: string;
}

const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
const REPLACEABLE = new Set(['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST']);

/**
 * ADD or REMOVE on ROUTE_CONFIGURATION/HTTP_ROUTE (IST0153/IST0154, ignored by istiod); REPLACE on anything
 * but NETWORK_FILTER, HTTP_FILTER, VIRTUAL_HOST (IST0152); a relative operation (REMOVE, REPLACE,
 * INSERT_BEFORE, INSERT_AFTER) in an EnvoyFilter without `priority` (IST0151), or IST0155 instead when an
 * earlier patch with `match.proxy.proxyVersion` touched the same filter name. As upstream, the patches of a
 * filter are read up to the first one without `patch`. Computed once per index, shared by the five rules.
 */
export function envoyFilterProblems(index: ManifestIndex): readonly PatchProblem[] {
  return index.derived(computeProblems);
}

function computeProblems(index: ManifestIndex): PatchProblem[] {
  const out: PatchProblem[] = [];
  const versioned: string[] = [];
  for (const ef of index.ofKind(ISTIO_NETWORKING, 'EnvoyFilter')) {
    const priority = typeof ef.spec?.priority === 'number' ? ef.spec.priority : 0;
    const patches = list(ef.spec?.configPatches);
    for (let i = 0; i < patches.length; i++) {
      const cp = patches[i];
      if (!cp?.patch || typeof cp.patch !== 'object') break;
      const name = instanceName(cp);
      const operation = typeof cp.patch.operation === 'string' ? cp.patch.operation : 'INVALID';
      const applyTo = typeof cp.applyTo === 'string' ? cp.applyTo : 'INVALID';
      const add = (code: PatchProblem['code']) => out.push({ code, filter: ef, index: i, operation, applyTo });
      const relative = () => {
        if (priority === 0) add(versioned.includes(name) ? 'IST0155' : 'IST0151');
      };
      if (operation === 'ADD') {
        if (ROUTE_LEVEL.has(applyTo)) add('IST0153');
      } else if (operation === 'REMOVE') {
        if (ROUTE_LEVEL.has(applyTo)) add('IST0154');
        else relative();
      } else if (operation === 'REPLACE') {
        if (!REPLACEABLE.has(applyTo)) add('IST0152');
        else relative();
      } else if (operation === 'INSERT_BEFORE' || operation === 'INSERT_AFTER') {
        relative();
      }
      if (typeof cp.match?.proxy?.proxyVersion === 'string' && cp.match.proxy.proxyVersion !== '') versioned.push(name);
    }
  }
  return out;
}

/** The filter a patch is about: `patch.value.name`, else the listener filter chain's filter name (only when the value has fields). */
function instanceName(cp: any): string {
  const value = cp.patch?.value;
  if (!value || typeof value !== 'object' || Object.keys(value).length === 0) return '';
  if (value.name !== undefined && value.name !== null) return JSON.stringify(value.name);
  const filter = cp.match?.listener?.filterChain?.filter?.name;
  return typeof filter === 'string' ? filter : '';
}

/** The problems of one code, one entry per EnvoyFilter with the indexes of its patches (in order). */
export function groupByFilter(problems: PatchProblem[]): Array<PatchProblem & { readonly indexes: number[] }> {
  const byFilter = new Map<Manifest, PatchProblem & { indexes: number[] }>();
  for (const p of problems) {
    const entry = byFilter.get(p.filter);
    if (entry) entry.indexes.push(p.index);
    else byFilter.set(p.filter, { ...p, indexes: [p.index] });
  }
  return [...byFilter.values()];
}
