import { IConstruct } from 'constructs';
import { compact, normaliseWeights, requirePort } from './render';
import { meshError, shown } from '../../core/errors';

/** The shape of `RouteDestination` and `Headers`, declared here so that private code imports no public file. */
interface DestinationLike {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  readonly weight?: number;
  readonly headers?: any;
}

/** Renders a `Destination` (host, subset, port). */
export function renderDestination(scope: IConstruct, prop: string, d: DestinationLike): any {
  if (!d || typeof d.host !== 'string' || d.host.length === 0) {
    throw meshError(scope, `${prop}.host`, `must be a non-empty service name, got ${shown(d?.host)}`);
  }
  if (d.subset !== undefined && (typeof d.subset !== 'string' || d.subset.length === 0)) {
    throw meshError(scope, `${prop}.subset`, `must be a non-empty subset name, got ${shown(d.subset)}`);
  }
  requirePort(scope, `${prop}.port`, d.port);
  return compact({ host: d.host, subset: d.subset, port: d.port === undefined ? undefined : { number: d.port } });
}

/** Renders header operations. */
export function renderHeaders(scope: IConstruct, prop: string, h: any): any {
  if (h === undefined) return undefined;
  const ops = (o: any, p: string) => {
    if (o === undefined) return undefined;
    if (o.remove !== undefined && o.remove.some((r: any) => typeof r !== 'string' || !r)) {
      throw meshError(scope, `${p}.remove`, `must list non-empty header names, got ${shown(o.remove)}`);
    }
    return compact({ set: o.set, add: o.add, remove: o.remove });
  };
  return compact({ request: ops(h.request, `${prop}.request`), response: ops(h.response, `${prop}.response`) });
}

/**
 * Renders the destinations of a route with weights normalised to 100. A single destination without a weight
 * renders no weight; several destinations need a weight each.
 */
export function renderWeightedDestinations(scope: IConstruct, prop: string, destinations: DestinationLike[], withHeaders: boolean): any[] {
  if (!Array.isArray(destinations) || destinations.length === 0) {
    throw meshError(scope, prop, 'must have at least one destination');
  }
  const rendered = destinations.map((d, i) => renderDestination(scope, `${prop}[${i}]`, d));
  let weights: (number | undefined)[] = destinations.map(d => d.weight);
  if (destinations.length === 1 && weights[0] === undefined) {
    weights = [undefined];
  } else {
    const missing = weights.findIndex(w => w === undefined);
    if (missing >= 0) {
      throw meshError(scope, `${prop}[${missing}].weight`, `is required when a route has ${destinations.length} destinations`,
        'Give every destination a weight (relative shares, normalised to sum to 100)');
    }
    weights = normaliseWeights(scope, prop, weights as number[]);
  }
  return destinations.map((d, i) => compact({
    destination: rendered[i],
    weight: weights[i],
    headers: withHeaders ? renderHeaders(scope, `${prop}[${i}].headers`, d.headers) : undefined,
  }));
}
