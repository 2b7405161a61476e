import { IConstruct } from 'constructs';
import { meshError, shown } from './errors';
import { checkObjectMetadata } from './metadata-shape';
import { METHODS, TYPES } from './prop-shapes.generated';
import { staticScope } from './static-scope';

/**
 * Strict props: checks what a caller passed to a constructor or method against the jsii assembly's
 * description of its parameter (generated into `prop-shapes.generated.ts` by `scripts/prop-shapes.ts`).
 *
 * TypeScript callers get these checks from the compiler; JavaScript callers and jsii languages where a value
 * arrives untyped get them here, before anything is rendered: an unknown key (with the nearest known name),
 * a missing required key, a string where an array, a Duration or a number belongs, an enum value that is
 * not one of the wire values, `NaN`. Never mutates the value.
 *
 * @param scope the construct errors are attributed to
 * @param method `istio.VirtualService` (constructor) or `istio.VirtualService.addHttpRoute`
 * @param value the props (the method's struct parameter)
 * @param at the path prefix of the props in error messages (`httpRoutes[2]`), empty for constructor props
 * @returns the props, `{}` for an omitted optional (or required) props object
 */
export function checkProps<T>(scope: IConstruct, method: string, value: T, at = ''): T {
  const param = propsParameter(method);
  const props = value ?? ({} as T);
  check(scope, [at], props, param.type);
  return props;
}

/**
 * The scope errors of a static factory are attributed to: the path of the construct it is about to create
 * under `scope` with `id`.
 */
export function childScope(scope: IConstruct, id: string): IConstruct {
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  return { node: { path, id } } as unknown as IConstruct;
}

/** Checks one positional argument of a method without a scope (static factories); returns the value. */
export function checkArgument<T>(scope: IConstruct, method: string, index: number, value: T, at?: string): T {
  const param = METHODS[method]?.[index];
  if (param === undefined) throw new Error(`cdk8s-mesh: no parameter ${index} known for ${method} (regenerate prop-shapes)`);
  if (value === undefined && param.optional) return value;
  check(scope, [at ?? param.name], value, param.type);
  return value;
}

const propsParameters = new Map<string, { type: any }>();

/** The parameter `checkProps` checks: the method's last struct parameter, else its last one (computed once per method). */
function propsParameter(method: string): { type: any } {
  let param = propsParameters.get(method);
  if (param === undefined) {
    const params = METHODS[method];
    if (params === undefined) throw new Error(`cdk8s-mesh: no parameters known for ${method} (regenerate prop-shapes)`);
    const found: { type: any } = [...params].reverse().find(p => isStruct(p.type)) ?? params[params.length - 1];
    propsParameters.set(method, found);
    return found;
  }
  return param;
}

function isStruct(type: any): boolean {
  return typeof type === 'object' && 'ref' in type && TYPES[type.ref]?.kind === 'struct';
}

function short(fqn: string): string {
  return fqn.slice(fqn.lastIndexOf('.') + 1);
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const identifiers = new Map<string, boolean>();

function join(at: string, key: string): string {
  let identifier = identifiers.get(key);
  if (identifier === undefined) {
    identifier = /^[A-Za-z_$][\w$]*$/.test(key);
    if (identifiers.size < 10_000) identifiers.set(key, identifier);
  }
  if (identifier) return at ? `${at}.${key}` : key;
  return `${at}[${JSON.stringify(key)}]`;
}

/**
 * Where the value being checked is: the prefix of the props in messages (`httpRoutes[2]`, or '' for
 * constructor props), then one entry per step down: a struct key (a string), an array index (a number) or a
 * map key. Kept as a stack and turned into a path (`rules[0].sources[1]`) only for an error message: the
 * checks of valid props, which are nearly all of them, build no strings.
 */
type Trail = Array<string | number | MapKey>;

/** A step into a map (labels): `["key"]` or `.key` after the path of the map. */
class MapKey {
  constructor(readonly key: string) {}
}

/** The path of a trail in messages, as `at || 'props'` and `join()` would have built it step by step. */
function pathOf(trail: Trail): string {
  return rawPathOf(trail) || 'props';
}

/** The path of a trail, '' for the constructor props themselves. */
function rawPathOf(trail: Trail): string {
  let at = trail[0] as string;
  for (let i = 1; i < trail.length; i++) {
    const step = trail[i];
    if (typeof step === 'string') at = join(at, step);
    else if (typeof step === 'number') at = `${at || 'props'}[${step}]`;
    else at = join(at || 'props', step.key);
  }
  return at;
}

/** The path of the trail with one more step, for an error about that step's value. */
function pathWith(trail: Trail, step: string | number | MapKey): string {
  trail.push(step);
  const path = pathOf(trail);
  trail.pop();
  return path;
}

/** A name for a type in messages: `string`, `RetryOn`, `an array of RetryOn`. */
function describe(type: any): string {
  if (typeof type === 'string') return type === 'json' || type === 'any' ? 'any value' : type;
  if ('array' in type) return `an array of ${describe(type.array)}`;
  if ('map' in type) return `an object of ${describe(type.map)} values`;
  if ('union' in type) return type.union.map(describe).join(' or ');
  return short(type.ref);
}

const MAX_DEPTH = 64;

function check(scope: IConstruct, trail: Trail, value: unknown, type: any): void {
  if (trail.length > MAX_DEPTH + 1) throw meshError(scope, pathOf(trail), `is nested more than ${MAX_DEPTH} levels deep`, 'Pass plain data (no cycles)');
  if (typeof type === 'string') return checkPrimitive(scope, trail, value, type);
  if (type.array !== undefined) {
    if (!Array.isArray(value)) {
      const hint = typeof value === 'string' && /[, ]/.test(value)
        ? `List one value per element (a comma-separated string from YAML is not split), e.g. [${value.split(/[,\s]+/).filter(s => s).map(s => JSON.stringify(s)).join(', ')}] where the elements are ${describe(type.array)}`
        : undefined;
      throw meshError(scope, pathOf(trail), `must be ${describe(type)}, got ${shown(value)}`, hint);
    }
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined || value[i] === null) {
        throw meshError(scope, pathWith(trail, i), `must be ${article(describe(type.array))}, got ${shown(value[i])}`, 'Remove the empty element');
      }
      trail.push(i);
      check(scope, trail, value[i], type.array);
      trail.pop();
    }
    return;
  }
  if (type.map !== undefined) {
    if (!isPlainObject(value)) throw meshError(scope, pathOf(trail), `must be ${describe(type)}, got ${shown(value)}`);
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (type.map === 'string' && typeof item === 'string') continue;
      if (type.map === 'string' && isPlainObject(item) && (key === 'matchLabels' || key === 'labels')) {
        const at = rawPathOf(trail);
        throw meshError(scope, pathWith(trail, new MapKey(key)), `must be a string, got ${shown(item)}`,
          `${at || 'This property'} takes the labels themselves: write ${at || 'it'}: ${shown(item)}`);
      }
      if (item === undefined) throw meshError(scope, pathWith(trail, new MapKey(key)), `must be ${article(describe(type.map))}, got undefined`, 'Remove the key');
      trail.push(new MapKey(key));
      check(scope, trail, item, type.map);
      trail.pop();
    }
    return;
  }
  if (type.union !== undefined) {
    const errors: Error[] = [];
    const length = trail.length;
    for (const option of type.union) {
      try {
        check(scope, trail, value, option);
        return;
      } catch (e) {
        // A failed option may leave its steps on the trail.
        trail.length = length;
        errors.push(e as Error);
      }
    }
    throw meshError(scope, pathOf(trail), `must be ${describe(type)}, got ${shown(value)}`);
  }
  if (type.ref === 'cdk8s.ApiObjectMetadata') return checkObjectMetadata(scope, pathOf(trail), value);
  const shape = TYPES[type.ref];
  if (shape === undefined || shape.kind === 'opaque') return;
  switch (shape.kind) {
    case 'enum': return checkEnum(scope, trail, value, type.ref, shape);
    case 'struct': return checkStruct(scope, trail, value, type.ref, shape);
    case 'class': return checkClass(scope, trail, value, shape);
    default: // behavioural interfaces (IConstruct): any object
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
        throw meshError(scope, pathOf(trail), `must be ${article(short(type.ref))} object, got ${shown(value)}`);
      }
  }
}

function article(noun: string): string {
  if (noun.startsWith('an ') || noun.startsWith('a ') || noun === 'any value') return noun;
  return /^[aeiouAEIOU]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function checkPrimitive(scope: IConstruct, trail: Trail, value: unknown, type: string): void {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw meshError(scope, pathOf(trail), `must be a string, got ${shown(value)}`);
      return;
    case 'number':
      if (typeof value !== 'number') {
        const fix = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? `Write the number without quotes: ${Number(value)}` : undefined;
        throw meshError(scope, pathOf(trail), `must be a number, got ${shown(value)}`, fix);
      }
      if (!Number.isFinite(value)) throw meshError(scope, pathOf(trail), `must be a finite number, got ${shown(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') {
        const fix = typeof value === 'string' ? `Write true or false without quotes (a YAML 1.1 "${value}" is not a boolean here)` : undefined;
        throw meshError(scope, pathOf(trail), `must be a boolean, got ${shown(value)}`, fix);
      }
      return;
    case 'date':
      if (!(value instanceof Date)) throw meshError(scope, pathOf(trail), `must be a Date, got ${shown(value)}`);
      return;
    default: // any, json
      return;
  }
}

function checkEnum(scope: IConstruct, trail: Trail, value: unknown, fqn: string, shape: any): void {
  if (typeof value === 'string' && enumValues(shape).has(value)) return;
  const where = pathOf(trail);
  const members: { [name: string]: string } = shape.members;
  const values = Object.values(members);
  const name = short(fqn);
  let fix: string | undefined;
  if (typeof value === 'string') {
    const lower = value.toLowerCase().replace(/[-_ /]/g, '');
    const match = Object.entries(members).find(([k, v]) => k.toLowerCase().replace(/_/g, '') === lower || v.toLowerCase().replace(/[-_ /]/g, '') === lower);
    if (match) fix = `Did you mean ${name}.${match[0]} (${shown(match[1])})?`;
  } else if (typeof value === 'boolean') {
    fix = 'A YAML 1.1 reader turns an unquoted OFF/ON/YES/NO into a boolean: quote the value';
  }
  throw meshError(scope, where, `must be one of ${values.map(v => shown(v)).join(', ')} (${name}), got ${shown(value)}`, fix);
}

const enumValueSets = new WeakMap<object, Set<string>>();

/** The wire values of an enum shape, as a set computed once. */
function enumValues(shape: any): Set<string> {
  let values = enumValueSets.get(shape);
  if (!values) {
    values = new Set(Object.values(shape.members as { [name: string]: string }));
    enumValueSets.set(shape, values);
  }
  return values;
}

function checkClass(scope: IConstruct, trail: Trail, value: unknown, shape: any): void {
  if (typeof value === 'object' && value !== null) {
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      if (proto.constructor?.name === shape.name) return;
    }
  }
  const where = pathOf(trail);
  let fix: string | undefined;
  if (shape.name === 'Duration') {
    const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim()) : null;
    const unit = m ? ({ ms: 'millis', s: 'seconds', m: 'minutes', h: 'hours' } as any)[m[2]] : undefined;
    fix = m ? `Use Duration.${unit}(${m[1]}) from cdk8s` : 'Use Duration.seconds(n) (or millis, minutes, hours) from cdk8s';
  } else if (shape.statics?.length) {
    fix = `Use ${shape.statics.map((s: string) => `${shape.name}.${s}`).join(', ')}`;
  }
  throw meshError(scope, where, `must be ${article(shape.name)}, got ${shown(value)}`, fix);
}

function checkStruct(scope: IConstruct, trail: Trail, value: unknown, fqn: string, shape: any): void {
  if (!isPlainObject(value)) throw meshError(scope, pathOf(trail), `must be an object (${short(fqn)}), got ${shown(value)}`);
  const props: { [key: string]: any } = shape.props;
  const keys = Object.keys(value);
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(props, key)) throw unknownKey(scope, rawPathOf(trail), key, value[key], short(fqn), props);
  }
  // The keys given, not every declared one: most props of a struct are optional and absent.
  for (const key of keys) {
    const prop = props[key];
    const item = value[key];
    if (item === undefined) {
      // A missing required key is left to the construct, whose message says what the value means.
      continue;
    }
    if (item === null) throw meshError(scope, pathWith(trail, key), `must be ${article(describe(prop.type))}, got null`, prop.optional ? 'Omit the property instead of null' : undefined);
    trail.push(key);
    check(scope, trail, item, prop.type);
    trail.pop();
  }
}

function unknownKey(scope: IConstruct, at: string, key: string, value: unknown, struct: string, props: { [key: string]: any }): Error {
  const known = Object.keys(props);
  const near = nearest(key, known);
  let fix: string;
  if ((key === 'labels' || key === 'annotations') && known.includes('metadata')) {
    fix = `Object ${key} go under metadata: metadata: { ${key}: ${shown(value)} }`;
  } else if (near !== undefined) {
    fix = `Did you mean ${near}?`;
  } else {
    const labels = known.find(k => props[k].type?.map === 'string');
    fix = labels !== undefined && typeof value === 'string'
      ? `Labels go under ${labels}: ${labels}: { ${JSON.stringify(key)}: ${shown(value)} }`
      : `Known properties: ${known.join(', ')}`;
  }
  return meshError(scope, join(at, key), `is not a property of ${struct}, got ${shown(value)}`, fix);
}

/** The known name nearest to `key` (case, one or two typos, a missing `s`), if any is near enough. */
export function nearest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = key.toLowerCase();
  // A shortened name (`tls` for `tlsSecret`): the one known name it begins.
  const extended = lower.length >= 3 ? known.filter(name => name.toLowerCase().startsWith(lower)) : [];
  if (extended.length === 1) return extended[0];
  for (const name of known) {
    const d = name.toLowerCase() === lower ? 0 : distance(lower, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.ceil(Math.min(key.length, best.length) * 0.75));
  return bestDistance <= limit && bestDistance < Math.max(key.length, 3) ? best : undefined;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Checks the arguments of every static factory of `cls` against its parameters (from the jsii assembly), the
 * same way `checkProps` checks construct props: call once, after the class, for classes whose statics build
 * values (`Mesh.istio`, `StringMatch.exact`). Errors name the method: `[Mesh.istio] options must be ...`.
 *
 * @param fqn the class's name as prop-shapes records it (`Mesh`, `istio.StringMatch`)
 */
export function checkStaticArguments(cls: any, fqn: string): void {
  for (const name of Object.getOwnPropertyNames(cls)) {
    const method = `${fqn}.${name}`;
    const params = METHODS[method];
    const original = cls[name];
    if (params === undefined || typeof original !== 'function') continue;
    // Factories of constructs (a scope first) leave their props to the construct's own checkProps.
    if (isForeignRef(params[0]?.type)) continue;
    cls[name] = function checked(this: unknown, ...args: unknown[]) {
      const scope = staticScope(method);
      params.forEach((p, i) => {
        // Objects of other libraries (an ApiObject, a construct): the method says what it needs.
        if (isForeignRef(p.type)) return;
        checkArgument(scope, method, i, args[i]);
      });
      return original.apply(this, args);
    };
  }
}

/** A reference to a type of another library (constructs, cdk8s) other than `Duration`, which is data. */
function isForeignRef(type: any): boolean {
  return typeof type === 'object' && typeof type.ref === 'string' && (type.ref.startsWith('constructs.') || type.ref.startsWith('cdk8s.')) && type.ref !== 'cdk8s.Duration';
}
