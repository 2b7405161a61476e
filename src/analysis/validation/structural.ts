import type { RE2JS } from 're2js';
import { evaluateCelRules } from './cel';
import { ValidationRule } from './finding';
import { checkFormat } from './formats';
import { resolveRef } from './schema-registry';
import { re2js } from '../../private/lazy';
import { canonicalJson } from '../util';

/** One problem found while walking a value against a schema. */
export interface Issue {
  readonly path: string;
  readonly rule: ValidationRule;
  readonly message: string;
  readonly warning?: boolean;
}

/** How a walk behaves. */
export interface WalkOptions {
  /**
   * Report fields the schema does not declare. Off inside `oneOf`/`anyOf`/`not` branches, which in a
   * structural schema only add value constraints and never declare the full set of fields.
   */
  readonly pruning: boolean;
  /**
   * Built-in (Kubernetes OpenAPI) definitions: an object schema with neither `properties` nor
   * `additionalProperties` is free-form there (RawExtension, FieldsV1), while in a CRD it prunes everything.
   */
  readonly builtin: boolean;
}

interface PendingCel {
  readonly rules: any[];
  readonly value: unknown;
  readonly schema: any;
  readonly path: string;
}

const regexCache = new Map<string, RE2JS>();

function compilePattern(pattern: string): RE2JS {
  let re = regexCache.get(pattern);
  if (!re) {
    re = re2js().RE2JS.compile(pattern);
    regexCache.set(pattern, re);
  }
  return re;
}

/**
 * Walks a JSON value against an OpenAPI v3 structural schema as the Kubernetes API server does on create:
 * defaulting, type, structural constraints, list-type uniqueness, pruning, then CEL rules.
 *
 * Never mutates its input: where the API server would default a field or drop a null, the walk copies the object
 * or array on the way (copy-on-write), and what CEL rules see is that effective value. The input must be plain JSON
 * data (see `isPlainData`; `jsonClone` makes any value so).
 */
export class SchemaWalker {
  public readonly issues: Issue[] = [];
  /** Errors that make the API server skip CEL rules: type, enum, required, too long, too many (hasBlockingErr). */
  private blockingErrors = 0;
  private readonly pendingCel: PendingCel[] = [];

  constructor(private readonly options: WalkOptions) {}

  /** Validates `value` at `path` against `schema`, then runs the CEL rules unless a type error blocks them. */
  public run(value: unknown, schema: any, path: string): Issue[] {
    this.walk(value, schema, path);
    if (this.blockingErrors === 0) {
      for (const p of this.pendingCel) this.runCel(p);
    } else if (this.pendingCel.length > 0) {
      // The API server skips CEL rules when the schema already failed with a blocking error.
      this.issues.push({
        path,
        rule: ValidationRule.CEL,
        message: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
        warning: true,
      });
    }
    return this.issues;
  }

  /** True if `value` satisfies `schema` (used for `oneOf`/`anyOf`/`not` branches). */
  private matches(value: unknown, schema: any, path: string): boolean {
    const sub = new SchemaWalker({ pruning: false, builtin: this.options.builtin });
    sub.walk(value, schema, path);
    return sub.issues.length === 0;
  }

  private report(path: string, rule: ValidationRule, message: string, blocking = false) {
    if (blocking) this.blockingErrors++;
    this.issues.push({ path, rule, message });
  }

  /** Walks `value`; returns it as the API server would store it (defaulted, nulls dropped): `value` if unchanged. */
  private walk(valueIn: unknown, schemaIn: any, path: string): unknown {
    let value = valueIn;
    const schema = resolveRef(schemaIn);
    if (!schema || typeof schema !== 'object') return value;

    if (value === null) {
      // The API server rejects null where the schema is not nullable (as a type error); leave the field out.
      // Built-in kinds decode into Go structs, where null is the zero value: nothing to report.
      if (!schema.nullable && schema.type !== undefined && !this.options.builtin) {
        this.report(path, ValidationRule.TYPE, `must be of type ${schema.type}, got null: leave the field out instead`, true);
      }
      return value;
    }
    if (!this.checkType(value, schema, path)) return value;

    if (schema.enum && !enumValues(schema).has(canonicalJson(value))) {
      this.report(path, ValidationRule.ENUM, `Unsupported value: ${show(value)}: supported values: ${schema.enum.map(show).join(', ')}`, true);
    }

    if (typeof value === 'string') this.walkString(value, schema, path);
    else if (typeof value === 'number') this.walkNumber(value, schema, path);
    else if (Array.isArray(value)) value = this.walkArray(value, schema, path);
    else if (typeof value === 'object') value = this.walkObject(value as Record<string, unknown>, schema, path);

    value = this.walkCombinators(value, schema, path);

    const rules = schema['x-kubernetes-validations'];
    if (Array.isArray(rules) && rules.length > 0) {
      this.pendingCel.push({ rules, value, schema, path });
    }
    return value;
  }

  private checkType(value: unknown, schema: any, path: string): boolean {
    let ok = true;
    let expected: string = schema.type;
    if (schema['x-kubernetes-int-or-string']) {
      ok = typeof value === 'string' || Number.isInteger(value);
      expected = 'integer or string';
    } else {
      switch (schema.type) {
        case 'object': ok = typeof value === 'object' && !Array.isArray(value); break;
        case 'array': ok = Array.isArray(value); break;
        case 'string': ok = typeof value === 'string'; break;
        case 'integer': ok = Number.isInteger(value); break;
        case 'number': ok = typeof value === 'number' && Number.isFinite(value); break;
        case 'boolean': ok = typeof value === 'boolean'; break;
        default: ok = true;
      }
    }
    if (!ok) {
      this.report(path, ValidationRule.TYPE, `must be of type ${expected}, got ${typeName(value)} ${show(value)}`, true);
    }
    return ok;
  }

  private walkString(value: string, schema: any, path: string) {
    // Lengths count code points, as Go's utf8.RuneCountInString; counted only where a bound needs them.
    const length = schema.maxLength !== undefined || schema.minLength !== undefined ? [...value].length : 0;
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      this.report(path, ValidationRule.BOUNDS, `may not be longer than ${schema.maxLength} characters, got ${length}`, true);
    }
    if (schema.minLength !== undefined && length < schema.minLength) {
      this.report(path, ValidationRule.BOUNDS, `must be at least ${schema.minLength} characters long, got ${length}`);
    }
    if (typeof schema.pattern === 'string' && !compilePattern(schema.pattern).matcher(value).find()) {
      this.report(path, ValidationRule.PATTERN, `must match the regular expression '${schema.pattern}', got ${show(value)}`);
    }
    if (typeof schema.format === 'string') {
      const problem = checkFormat(schema.format, value);
      if (problem) this.report(path, ValidationRule.FORMAT, problem);
    }
  }

  private walkNumber(value: number, schema: any, path: string) {
    if (schema.maximum !== undefined) {
      if (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum) {
        this.report(path, ValidationRule.BOUNDS, `must be less than ${schema.exclusiveMaximum === true ? '' : 'or equal to '}${schema.maximum}, got ${value}`);
      }
    }
    if (schema.minimum !== undefined) {
      if (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum) {
        this.report(path, ValidationRule.BOUNDS, `must be greater than ${schema.exclusiveMinimum === true ? '' : 'or equal to '}${schema.minimum}, got ${value}`);
      }
    }
    if (schema.multipleOf !== undefined && !Number.isInteger(value / schema.multipleOf)) {
      this.report(path, ValidationRule.BOUNDS, `must be a multiple of ${schema.multipleOf}, got ${value}`);
    }
    if (typeof schema.format === 'string') {
      const problem = checkFormat(schema.format, value);
      if (problem) this.report(path, ValidationRule.FORMAT, problem);
    }
  }

  private walkArray(value: unknown[], schema: any, path: string): unknown[] {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      this.report(path, ValidationRule.BOUNDS, `must have at most ${schema.maxItems} items, got ${value.length}`, true);
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.report(path, ValidationRule.BOUNDS, `must have at least ${schema.minItems} items, got ${value.length}`);
    }
    let out = value;
    if (schema.items) {
      value.forEach((item, i) => {
        const walked = this.walk(item, schema.items, `${path}[${i}]`);
        if (walked !== item) {
          if (out === value) out = value.slice();
          out[i] = walked;
        }
      });
    }
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set') {
      this.checkUnique(out, path, item => item);
    } else if (listType === 'map') {
      const keys: string[] = schema['x-kubernetes-list-map-keys'] ?? [];
      this.checkUnique(out, path, item => keys.map(k => (item as any)?.[k]), item => pick(item, keys));
    }
    return out;
  }

  private checkUnique(value: unknown[], path: string, key: (item: unknown) => unknown, shown: (item: unknown) => unknown = key) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const k = canonicalJson(key(item));
      if (seen.has(k)) {
        this.report(`${path}[${i}]`, ValidationRule.LIST_UNIQUENESS, `Duplicate value: ${JSON.stringify(shown(item))}`);
      }
      seen.add(k);
    });
  }

  private walkObject(value: Record<string, unknown>, schema: any, path: string): Record<string, unknown> {
    const properties: Record<string, any> = schema.properties ?? {};
    // Copy-on-write: `obj` is `value` until the walk changes something, then a shallow copy of it.
    let obj = value;
    // Object.assign, not a spread: keys are added to the copy, which is slow on a spread's copy (src/private/merge.ts).
    const own = () => (obj === value ? (obj = Object.assign({}, value)) : obj);
    // Decoding drops nulls of non-nullable fields without a default (PruneNonNullableNullsWithoutDefaults):
    // the value is lost, so say so, then validate as if the field were absent.
    for (const name in value) {
      if (value[name] !== null || !Object.prototype.hasOwnProperty.call(value, name)) continue;
      const fieldSchema = resolveRef(properties[name] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined));
      if (!fieldSchema || fieldSchema.nullable) continue;
      if (this.options.builtin) {
        delete own()[name]; // decoded into a Go struct: null is the zero value
      } else if (fieldSchema.default !== undefined) {
        delete own()[name]; // the API server defaults it below
      } else {
        this.issues.push({
          path: properties[name] !== undefined ? join(path, name) : `${path}[${name}]`,
          rule: ValidationRule.PRUNED,
          message: 'null in a non-nullable field: the API server drops it, as if the field were absent; leave the field out',
          warning: true,
        });
        delete own()[name];
      }
    }
    // Defaulting happens before validation.
    for (const [name, dflt] of defaultsOf(schema, properties)) {
      if (obj[name] === undefined) own()[name] = jsonClone(dflt);
    }
    for (const name of schema.required ?? []) {
      if (obj[name] === undefined) {
        this.report(join(path, name), ValidationRule.REQUIRED, 'Required value', true);
      }
    }
    if (schema.maxProperties !== undefined || schema.minProperties !== undefined) {
      const count = Object.keys(obj).length;
      if (schema.maxProperties !== undefined && count > schema.maxProperties) {
        this.report(path, ValidationRule.BOUNDS, `must have at most ${schema.maxProperties} properties, got ${count}`, true);
      }
      if (schema.minProperties !== undefined && count < schema.minProperties) {
        this.report(path, ValidationRule.BOUNDS, `must have at least ${schema.minProperties} properties, got ${count}`);
      }
    }

    const additional = schema.additionalProperties;
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = schema['x-kubernetes-embedded-resource'] === true;
    const freeForm = this.options.builtin && !schema.properties && additional === undefined;
    // for-in, not Object.entries (an array per key): `obj` is plain data, so its enumerable keys are its own.
    const fields = obj;
    for (const name in fields) {
      const child = fields[name];
      if (child === undefined) continue;
      let walked: unknown = child;
      if (properties[name] !== undefined) {
        walked = this.walk(child, properties[name], join(path, name));
      } else if (additional && typeof additional === 'object') {
        walked = this.walk(child, additional, `${path}[${name}]`);
      } else if (additional === true || preserve || freeForm) {
        continue;
      } else if (embedded && (name === 'apiVersion' || name === 'kind' || name === 'metadata')) {
        continue;
      } else if (this.options.pruning && schema.type === 'object') {
        const known = Object.keys(properties).sort();
        this.report(join(path, name), ValidationRule.PRUNED,
          `unknown field "${name}": the API server would silently prune it${suggest(name, known)}`);
      }
      if (walked !== child) setOwn(own(), name, walked);
    }
    return obj;
  }

  /** allOf, anyOf, oneOf and not; returns the value as allOf's branches leave it. */
  private walkCombinators(valueIn: unknown, schema: any, path: string): unknown {
    let value = valueIn;
    for (const sub of schema.allOf ?? []) value = this.walk(value, sub, path);
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s: any) => this.matches(value, s, path))) {
      this.report(path, ValidationRule.COMBINATOR, `must validate at least one schema (anyOf)${alternatives(schema.anyOf, value)}`);
    }
    if (Array.isArray(schema.oneOf)) {
      const matching = schema.oneOf.filter((s: any) => this.matches(value, s, path)).length;
      if (matching !== 1) {
        this.report(path, ValidationRule.COMBINATOR,
          `must validate one and only one schema (oneOf), ${matching} matched${alternatives(schema.oneOf, value)}`);
      }
    }
    if (schema.not && this.matches(value, schema.not, path)) {
      this.report(path, ValidationRule.COMBINATOR, 'must not validate the schema (not)');
    }
    return value;
  }

  private runCel(pending: PendingCel) {
    for (const result of evaluateCelRules(pending.rules, pending.value, pending.schema)) {
      if (!result.passed) {
        const at = result.fieldPath ? `${pending.path}${result.fieldPath.startsWith('.') || result.fieldPath.startsWith('[') ? '' : '.'}${result.fieldPath}` : pending.path;
        this.issues.push({ path: at, rule: ValidationRule.CEL, message: result.message, warning: result.engineError });
      }
    }
  }
}

/** For unions stated as `required` lists (Istio's `exact`/`prefix`/`regex`), name the fields to choose from. */
function alternatives(branches: any[], value: unknown): string {
  const fields = branches.flatMap(b => (Array.isArray(b?.required) && b.required.length === 1 ? b.required : []));
  if (fields.length < 2 || !value || typeof value !== 'object') return '';
  const present = fields.filter((f: string) => (value as any)[f] !== undefined);
  return `: set exactly one of ${fields.join(', ')}${present.length > 0 ? ` (found ${present.join(', ')})` : ''}`;
}

function suggest(name: string, known: string[]): string {
  const lower = name.toLowerCase().replace(/[_-]/g, '');
  const match = known.find(k => k.toLowerCase().replace(/[_-]/g, '') === lower);
  if (match) return `; did you mean "${match}"?`;
  return known.length > 0 && known.length <= 12 ? `; known fields: ${known.join(', ')}` : '';
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function pick(item: unknown, keys: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const k of keys) result[k] = (item as any)?.[k];
  return result;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** `o[key] = v`, as an own property even for the key `__proto__` (which JSON.parse makes an own property). */
function setOwn(o: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
  else o[key] = v;
}

/**
 * True if `value` is plain JSON data that a JSON round trip would return unchanged: strings, finite numbers (not
 * `-0`), booleans, null, and arrays (no holes, no undefined) and objects (with Object.prototype, no `toJSON`, no
 * undefined values, no `__proto__` key) of those. Such a value can be validated as it is, without a copy.
 */
export function isPlainData(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth > 500 || typeof (value as any).toJSON === 'function') return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          if (item === undefined || !isPlainData(item, depth + 1)) return false;
        }
        return true;
      }
      // Any realm's Object.prototype: a null-prototype object answers `in` differently, so it is copied.
      const proto = Object.getPrototypeOf(value);
      if (proto === null || Object.getPrototypeOf(proto) !== null) return false;
      for (const k of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[k];
        if (k === '__proto__' || v === undefined || !isPlainData(v, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

const defaultsCache = new WeakMap<object, [string, unknown][]>();

/** The properties of an object schema that have a default, with it: computed once per schema. */
function defaultsOf(schema: object, properties: Record<string, any>): [string, unknown][] {
  let defaults = defaultsCache.get(schema);
  if (!defaults) {
    defaults = [];
    for (const [name, prop] of Object.entries(properties)) {
      const resolved = resolveRef(prop);
      if (resolved && resolved.default !== undefined) defaults.push([name, resolved.default]);
    }
    defaultsCache.set(schema, defaults);
  }
  return defaults;
}

/**
 * A deep copy of JSON data, exactly as `JSON.parse(JSON.stringify(value))` makes it (`undefined` fields dropped,
 * `undefined` items and non-finite numbers as `null`, `-0` as `0`, `toJSON` called). Not `structuredClone`: it
 * builds objects in Node's own realm, which a sandbox (Jest's vm context) does not recognise as arrays for
 * `instanceof` checks.
 */
export function jsonClone<T>(value: T): T {
  if (value === undefined) return value;
  try {
    return plainClone(value, 0) as T;
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return JSON.parse(JSON.stringify(value));
  }
}

/** Thrown by `plainClone` on anything but plain data (`toJSON`, class instances, bigints, deep or cyclic values). */
const NOT_PLAIN = new Error('not plain JSON data');

/** The fast path of `jsonClone`, for plain objects, arrays and primitives (the common case, several times faster). */
function plainClone(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'object': {
      if (value === null) return null;
      if (depth > 500) throw NOT_PLAIN;
      if (typeof (value as any).toJSON === 'function') throw NOT_PLAIN;
      if (Array.isArray(value)) {
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          out[i] = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : plainClone(item, depth + 1);
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      // Any realm's Object.prototype (or none): a plain object. Anything else may serialize itself.
      if (proto !== null && Object.getPrototypeOf(proto) !== null) throw NOT_PLAIN;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        // Assigning `__proto__` would set the prototype, where JSON.parse makes an own property.
        if (k === '__proto__') throw NOT_PLAIN;
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        out[k] = plainClone(v, depth + 1);
      }
      return out;
    }
    default:
      throw NOT_PLAIN;
  }
}

/** Quotes a value the way Kubernetes error messages do. */
export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const enumCache = new WeakMap<object, Set<string>>();

/** The canonical forms of a schema's enum values, computed once per schema. */
function enumValues(schema: any): Set<string> {
  let set = enumCache.get(schema);
  if (!set) {
    set = new Set(schema.enum.map(canonicalJson));
    enumCache.set(schema, set);
  }
  return set;
}


