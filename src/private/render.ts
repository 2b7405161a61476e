import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, IResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { merge } from './merge';
import { markPlainData } from './plain-data';

/**
 * `ApiObject.toJson()` in one walk, for the objects where that gives the same JSON (same keys, same order):
 * cdk8s renders an object by resolving every value through the app's resolvers and then sanitizing the result
 * (dropping nulls, sorting keys), in two generic walks that allocate a resolution context and a key path per
 * value; at 20,000 objects that is a third of a second of the validated pipeline (issue 9).
 *
 * The single walk takes only what the default resolvers leave as data or turn into data: strings, numbers,
 * booleans, null and undefined (dropped in objects, as sanitize drops them), arrays, plain objects, and `Lazy`
 * values (produced, as `LazyResolver` does). Anything else (an object with a `resolve()` method, a class
 * instance, a function, a null inside an array, an app with resolvers of its own, a JSON patch that fails, a subclass
 * that renders itself) makes it give up, and the caller renders that object with `toJson()`, so the
 * output is cdk8s's in every case. A test compares both renderings on every example and on the unusual cases.
 */

/** Thrown inside the walk when a value needs cdk8s's own rendering. */
const UNUSUAL: unique symbol = Symbol('unusual');

const TOP_KEYS = ['apiVersion', 'kind', 'metadata'];

const ORIGINAL_TO_JSON = ApiObject.prototype.toJson;
const ORIGINAL_METADATA_TO_JSON = ApiObjectMetadataDefinition.prototype.toJson;
const DEFAULT_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

/** Whether every API object of `app` may take the single walk as far as the app goes (its resolvers are cdk8s's defaults). */
export function hasDefaultResolvers(app: App): boolean {
  const resolvers: IResolver[] = app.resolvers;
  return resolvers.length === DEFAULT_RESOLVERS.length
    && resolvers.every((r, i) => Object.getPrototypeOf(r) === DEFAULT_RESOLVERS[i].prototype);
}

/** What `renderApiObject` needs to know of the app and the environment, computed once per chart. */
export interface RenderOptions {
  /** `hasDefaultResolvers(App.of(o))`. */
  readonly defaultResolvers: boolean;
  /** Whether keys are sorted (cdk8s sorts unless `CDK8S_DISABLE_SORT` is set). */
  readonly sortKeys: boolean;
}

/** The render options of the objects of `app`, read now (`process.env` is not a free lookup). */
export function renderOptions(app: App): RenderOptions {
  return { defaultResolvers: hasDefaultResolvers(app), sortKeys: process.env.CDK8S_DISABLE_SORT ? false : true };
}

/** `o.toJson()`, rendered in one walk when that is the same JSON, else by `toJson()` itself. */
export function renderApiObject(o: ApiObject, options: RenderOptions): any {
  if (options.defaultResolvers) {
    const fast = renderPlain(o, options.sortKeys);
    if (fast !== undefined) return fast;
  }
  return o.toJson();
}

/** The single walk, or undefined when the object needs `toJson()` (exported for the test that compares both). */
export function renderPlain(o: ApiObject, sortKeys = process.env.CDK8S_DISABLE_SORT ? false : true): any {
  const internals = o as unknown as { props?: any; patches?: JsonPatch[] };
  const metadata = o.metadata as unknown as MetadataInternals;
  if (o.toJson !== ORIGINAL_TO_JSON || metadata.toJson !== ORIGINAL_METADATA_TO_JSON) return undefined;
  if (!Array.isArray(internals.patches) || !isPlain(internals.props)) return undefined;
  if (!isPlain(metadata._additionalAttributes)) return undefined;
  try {
    const meta = walk(merge(metadata._additionalAttributes, {
      name: metadata.name,
      namespace: metadata.namespace,
      annotations: metadata.annotations,
      finalizers: metadata.finalizers,
      ownerReferences: metadata.ownerReferences,
      labels: metadata.labels,
    }), true, true);
    const resolved = walk(merge(internals.props, { metadata: meta }), false, sortKeys);
    // As toJson(): patches apply to the sorted JSON (a patch that fails is left to toJson(), for its message).
    const json = internals.patches.length === 0 ? resolved : JsonPatch.apply(resolved, ...internals.patches);
    // apiVersion, kind and metadata first, then the rest in order (toJson()'s loop, without its array).
    const result: any = {};
    for (const k of TOP_KEYS) if (k in json) result[k] = json[k];
    for (const k in json) if (!(k in result)) result[k] = json[k];
    // Without patches the walk built every value itself, from plain data only; a patch may insert anything.
    return internals.patches.length === 0 ? markPlainData(result) : result;
  } catch (e) {
    if (e === UNUSUAL || internals.patches.length > 0) return undefined;
    throw e;
  }
}

/** The fields of `ApiObjectMetadataDefinition` its `toJson()` reads. */
interface MetadataInternals {
  readonly toJson: () => any;
  readonly _additionalAttributes?: any;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations?: any;
  readonly finalizers?: any;
  readonly ownerReferences?: any;
  readonly labels?: any;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && (v as any).constructor === Object && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * resolve-then-sanitize of one value: `filterEmpty` drops empty arrays and objects (metadata), `sortKeys` sorts
 * object keys. Returns undefined for a value sanitize drops.
 */
function walk(v: unknown, filterEmpty: boolean, sortKeys: boolean): any {
  while (v instanceof Lazy) v = v.produce();
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // Plain JSON numbers only, so the rendering is plain data (markPlainData); NaN, Infinity and -0 go to toJson().
      if (!Number.isFinite(v) || Object.is(v, -0)) throw UNUSUAL;
      return v;
    case 'object':
      break;
    default:
      throw UNUSUAL;
  }
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) throw UNUSUAL;
    if (filterEmpty && v.length === 0) return undefined;
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = walk(v[i], filterEmpty, sortKeys);
      // sanitize keeps an element it turns into undefined: leave that to cdk8s.
      if (x === undefined) throw UNUSUAL;
      out[i] = x;
    }
    return out;
  }
  if (!isPlain(v) || typeof v.resolve === 'function') throw UNUSUAL;
  const keys = Object.keys(v);
  if (sortKeys) keys.sort();
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const k of keys) {
    // sanitize's `out[k] =` would set the prototype for this key: leave it to cdk8s.
    if (k === '__proto__') throw UNUSUAL;
    const x = walk(v[k], filterEmpty, sortKeys);
    if (x !== undefined) {
      out[k] = x;
      n++;
    }
  }
  return filterEmpty && n === 0 ? undefined : out;
}
