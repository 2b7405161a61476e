/**
 * Evaluation of CRD `x-kubernetes-validations` CEL rules, the way the Kubernetes API server runs them on create.
 * Internal module (not public API).
 */
import { LibraryContext, makeDuration, parseGoDuration, registerKubernetesLibrary } from './cel-library';

export interface CelRuleSpec {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

export interface CelResult {
  readonly passed: boolean;
  /** The message to report when `!passed` ('' when passed). */
  readonly message: string;
  readonly fieldPath?: string;
  readonly skipped?: boolean;
  /** The engine could not evaluate the rule (a gap of the engine, reported as a warning). */
  readonly engineError?: boolean;
}

// ------------------------------------------------------------------------------------ loading cel-js
interface CelEnvironment {
  registerVariable(name: string, type: string): CelEnvironment;
  registerFunction(signature: string, handler: (...args: any[]) => unknown): CelEnvironment;
  registerType(name: string, ctor: new (...args: any[]) => unknown): CelEnvironment;
  registerOperator(signature: string, handler: (a: any, b: any) => unknown): CelEnvironment;
  parse(expression: string): ((context: Record<string, unknown>) => unknown) & { check(): { valid: boolean; error?: Error } };
  evaluate(expression: string, context?: Record<string, unknown>): unknown;
}
interface CelModule {
  Environment: new (options?: Record<string, unknown>) => CelEnvironment;
  EvaluationError: new (message: string) => Error;
  Optional: { none(): unknown };
}

let celModule: CelModule | undefined;
/** Loads the ES-module-only package on first use (Node >= 20.19 can require() it; Jest transpiles it). */
function cel(): CelModule {
  if (!celModule) {
    requireNodeForCel(process.versions.node);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    celModule = require('@marcbachmann/cel-js') as CelModule;
  }
  return celModule;
}

/**
 * Throws a clear error on Node below 20.19, which cannot require() an ES module: the validation engine evaluates
 * the CRDs' CEL rules with cel-js, published only as an ES module, and Node's own error would tell users to edit
 * the library.
 */
export function requireNodeForCel(version: string): void {
  const [major, minor] = version.split('.').map(Number);
  if (major > 20 || (major === 20 && minor >= 19)) return;
  throw new Error(`cdk8s-mesh: the validation engine needs Node 20.19 or later (it loads the CEL evaluator, an ES module, with require()); this is Node ${version}. Upgrade Node`);
}

// ------------------------------------------------------------------------------ cel-go compatibility
/**
 * cel-js refuses to re-register its built-ins, so rules are rewritten to call these instead: `matches` must use RE2
 * (not JavaScript RegExp), `duration` must parse like Go, and cel-js's `has()` rejects operands such as
 * `has(self[0].matches)` that CEL allows (the Gateway API CRDs use them).
 */
const RENAMED_BUILTINS: Readonly<Record<string, string>> = { matches: '__k8s_matches', duration: '__k8s_duration', has: '__k8s_has' };

/** cel-js's macro hooks (see its README, "Custom macros"); `node.args` of a select (`.`) node is `[operand, field]`. */
function hasMacro({ args }: { args: any[] }) {
  return {
    arg: args[0],
    typeCheck(checker: any, macro: any, ctx: unknown) {
      if (macro.arg.op !== '.') throw checker.createError('invalid_macro_argument', 'has() invalid argument', macro.arg);
      checker.check(macro.arg.args[0], ctx);
      return checker.getType('bool');
    },
    evaluate(ev: any, macro: any, ctx: unknown) {
      const obj = ev.run(macro.arg.args[0], ctx);
      return ev.debugType(obj).fieldLazy(obj, macro.arg.args[1], macro.arg, ev) !== undefined;
    },
  };
}

/** Go's strings.Replace(s, old, new, n) on code points. */
function replace(s: string, from: string, to: string, n: number): string {
  if (from === '') {
    const cps = [...s];
    const k = n < 0 ? cps.length + 1 : Math.min(n, cps.length + 1);
    return cps.map((c, i) => (i < k ? to + c : c)).join('') + (k > cps.length ? to : '');
  }
  const parts = s.split(from);
  if (n < 0 || n >= parts.length - 1) return parts.join(to);
  return parts.slice(0, n + 1).join(to) + from + parts.slice(n + 1).join(from);
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${formatValue(k)}: ${formatValue(x)}`).join(', ')}}`;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  return v === null ? 'null' : String(v);
}

/** cel-go's `<string>.format(<list>)` for the common verbs: %s %d %f %e %b %o %x %X %%. */
function formatString(template: string, args: unknown[], fail: (message: string) => Error): string {
  let next = 0;
  return template.replace(/%(?:\.([0-9]+))?([a-zA-Z%])/g, (_m, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw fail(`index ${next} out of range`);
    const v: any = args[next++];
    const p = precision === undefined ? 6 : Number(precision);
    switch (verb) {
      case 's': return formatValue(v);
      case 'd': if (typeof v !== 'bigint') throw fail('error during formatting: decimal clause can only be used on integers'); return String(v);
      case 'f': return Number(v).toFixed(p);
      case 'e': return Number(v).toExponential(p).replace(/e([+-])(\d)$/, (_e, sign: string, d: string) => `e${sign}0${d}`);
      case 'b': return BigInt(v).toString(2);
      case 'o': return BigInt(v).toString(8);
      case 'x': case 'X': {
        const hex = typeof v === 'string' ? Buffer.from(v).toString('hex') : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : BigInt(v).toString(16);
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
      default: throw fail(`could not parse formatting clause: unrecognized formatting clause "${verb}"`);
    }
  });
}

let environment: CelEnvironment | undefined;
let library: LibraryContext | undefined;
function env(): CelEnvironment {
  if (!environment) {
    const { Environment, EvaluationError } = cel();
    const e = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
    const durationCtor = (new Environment().evaluate('duration("1s")') as object).constructor as LibraryContext['durationCtor'];
    const fail = (message: string) => new EvaluationError(message);
    library = { fail, durationCtor };
    e.registerVariable('self', 'dyn');
    e.registerVariable('oldSelf', 'dyn');
    registerKubernetesLibrary(e, library);
    e.registerFunction('__k8s_has(ast): bool', hasMacro);
    // cel-go string extensions that cel-js does not ship
    e.registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
      const cps = [...s];
      if (i < 0n || i > BigInt(cps.length)) throw fail(`index out of range: ${i}`);
      return cps[Number(i)] ?? '';
    });
    e.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => replace(s, a, b, -1));
    e.registerFunction('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => replace(s, a, b, Number(n)));
    e.registerFunction('string.reverse(): string', (s: string) => [...s].reverse().join(''));
    e.registerFunction('string.format(list): string', (s: string, args: unknown[]) => formatString(s, args, fail));
    environment = e;
  }
  return environment;
}

// ----------------------------------------------------------------------------------------- compiling
interface Compiled {
  readonly program?: (context: Record<string, unknown>) => unknown;
  readonly error?: string;
  /** References `oldSelf`: a transition rule. */
  readonly transition: boolean;
}
const compiled = new Map<string, Compiled>();

/** Compiles (parses and type-checks) a rule, cached by its text. Returns the compile error, if any. */
export function compileCelRule(rule: string): string | undefined {
  return compile(rule).error;
}

function compile(rule: string): Compiled {
  let c = compiled.get(rule);
  if (!c) {
    const { text, transition } = rewrite(rule);
    try {
      const program = env().parse(text);
      const check = program.check();
      c = check.valid ? { program, transition } : { error: describe(check.error), transition };
    } catch (e) {
      c = { error: describe(e), transition };
    }
    compiled.set(rule, c);
  }
  return c;
}

/**
 * Scans the rule's tokens (skipping string literals and comments) to find references to `oldSelf` and to rename
 * the built-ins whose cel-js semantics differ from cel-go's (see RENAMED_BUILTINS).
 */
function rewrite(rule: string): { text: string; transition: boolean } {
  let text = '', transition = false, prev = '';
  for (let i = 0; i < rule.length;) {
    const c = rule[i];
    let end = i + 1;
    if (c === '/' && rule[i + 1] === '/') {
      end = rule.indexOf('\n', i) < 0 ? rule.length : rule.indexOf('\n', i);
    } else if (c === '"' || c === "'") {
      end = skipString(rule, i, false);
    } else if (/[A-Za-z_]/.test(c)) {
      end = i + /^[A-Za-z0-9_]*/.exec(rule.slice(i))![0].length;
      const ident = rule.slice(i, end);
      if (/^[rRbB]{1,2}$/.test(ident) && (rule[end] === '"' || rule[end] === "'")) {
        end = skipString(rule, end, /[rR]/.test(ident));
      } else {
        const member = prev === '.';
        const call = /^\s*\(/.test(rule.slice(end));
        if (ident === 'oldSelf' && !member) transition = true;
        const renamed = call && Object.hasOwn(RENAMED_BUILTINS, ident) && (!member || ident === 'matches') ? RENAMED_BUILTINS[ident] : ident;
        text += renamed;
        prev = 'a';
        i = end;
        continue;
      }
    }
    text += rule.slice(i, end);
    if (!/^\s+$/.test(rule.slice(i, end))) prev = rule[end - 1] === '"' || rule[end - 1] === "'" ? '"' : rule[end - 1];
    i = end;
  }
  return { text, transition };
}

function skipString(s: string, start: number, raw: boolean): number {
  const q = s[start];
  const delim = s.startsWith(q.repeat(3), start) ? q.repeat(3) : q;
  for (let i = start + delim.length; i < s.length; i++) {
    if (!raw && s[i] === '\\') i++;
    else if (s.startsWith(delim, i)) return i + delim.length;
  }
  return s.length;
}

/** First line of a cel-js error, in cel-go's wording where it differs, with renamed built-ins restored. */
function describe(err: unknown): string {
  let msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  for (const [name, internal] of Object.entries(RENAMED_BUILTINS)) msg = msg.split(internal).join(name);
  return msg.replace(/^No such key: (index out of bounds)/, '$1').replace(/^No such key/, 'no such key');
}

// -------------------------------------------------------------------------------------- JSON -> CEL
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** Kubernetes' property-name escaping (apiextensions cel/model Escape); undefined if not accessible from CEL. */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[A-Za-z0-9_./-]+$/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (m) => ({ '__': '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' } as Record<string, string>)[m]);
}

/** Whether a schema is exposed to CEL at all (apiextensions SchemaDeclType returns non-nil). */
function exposed(s: any): boolean {
  if (!s || typeof s !== 'object') return false;
  if (s['x-kubernetes-int-or-string']) return true;
  switch (s.type) {
    case 'array': return exposed(s.items);
    case 'object': return typeof s.additionalProperties === 'object' ? exposed(s.additionalProperties) : true;
    case 'string': case 'boolean': case 'number': case 'integer': return true;
    default: return false;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isResourceRoot = (s: any): boolean => !!s['x-kubernetes-embedded-resource'] || (!!s.properties?.apiVersion && !!s.properties?.kind && !!s.properties?.metadata);
const META_SCHEMA = { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } };

/** Converts a JSON value to the CEL runtime value cel-js expects, typed by its OpenAPI v3 schema. */
export function toCel(v: unknown, s: any): unknown {
  if (v === null || v === undefined) return null;
  if (!s || typeof s !== 'object') return toDyn(v);
  if (s['x-kubernetes-int-or-string']) return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
  switch (s.type) {
    case 'integer': return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
    case 'number': return typeof v === 'bigint' ? Number(v) : v;
    case 'string': return typeof v === 'string' ? formatted(v, s.format) : v;
    case 'array': return Array.isArray(v) ? v.map((item) => toCel(item, s.items)) : toDyn(v);
    case 'object': {
      if (!isObject(v)) return toDyn(v);
      if (typeof s.additionalProperties === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x, s.additionalProperties)]));
      const out = new Map<string, unknown>();
      for (const [name, key, propSchema] of celFields(s)) {
        if (name in v) out.set(key, toCel(v[name], propSchema));
      }
      return out;
    }
    default: return toDyn(v);
  }
}

const celFieldsCache = new WeakMap<object, [string, string, any][]>();

/**
 * The properties of object schema `s` that CEL can see, as [JSON name, escaped CEL name, schema], in declaration
 * order: computed once per schema node.
 */
function celFields(s: any): [string, string, any][] {
  let fields = celFieldsCache.get(s);
  if (!fields) {
    const props: Record<string, any> = { ...s.properties };
    if (isResourceRoot(s)) {
      props.apiVersion ??= { type: 'string' };
      props.kind ??= { type: 'string' };
      props.metadata = { ...META_SCHEMA, ...props.metadata, properties: { ...META_SCHEMA.properties, ...props.metadata?.properties } };
    }
    fields = [];
    for (const [name, propSchema] of Object.entries(props)) {
      const key = escapeProperty(name);
      if (key !== undefined && exposed(propSchema)) fields.push([name, key, propSchema]);
    }
    celFieldsCache.set(s, fields);
  }
  return fields;
}

/** Untyped JSON (no usable schema): integers are int, other numbers double, objects maps. */
function toDyn(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(toDyn);
  if (isObject(v)) return new Map(Object.entries(v).map(([k, x]) => [k, toDyn(x)]));
  return v === undefined ? null : v;
}

/** Strings with format byte, duration, date and date-time are bytes, durations and timestamps in CEL. */
function formatted(v: string, format: unknown): unknown {
  switch (format) {
    case 'byte': return new Uint8Array(Buffer.from(v, 'base64'));
    case 'duration': {
      env();
      const nanos = parseGoDuration(v);
      return nanos === undefined ? v : makeDuration(nanos, library!);
    }
    case 'date': case 'date-time': {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? v : d;
    }
    default: return v;
  }
}

// ---------------------------------------------------------------------------------------- evaluating
/**
 * Evaluates one rule against `self` (the plain JSON value at the schema node declaring the rule), whose OpenAPI v3
 * schema is `schema`. Transition rules (referencing `oldSelf`) are skipped on create unless `optionalOldSelf` is set,
 * in which case `oldSelf` is an absent optional. Null or absent values are not validated (skipped), as in Kubernetes.
 */
export function evaluateCelRule(rule: CelRuleSpec, self: unknown, schema: any): CelResult {
  return evaluateCelRules([rule], self, schema)[0];
}

/** Results of the rules of one schema node for scalar values already seen (by node: its rules and the value). */
interface ScalarResults {
  readonly rules: CelRuleSpec[];
  readonly results: Map<string | number | boolean, readonly CelResult[]>;
}

const scalarResults = new WeakMap<object, ScalarResults>();

/** Distinct scalar values remembered per schema node: enough for durations and enums, bounded for names. */
const MAX_SCALARS_PER_NODE = 1024;

/**
 * Evaluates every rule declared at one schema node, converting `self` to CEL values once. The rules are pure
 * functions of `self` on create (no `oldSelf`), so for a string, number or boolean `self` the results are
 * remembered per schema node: 20,000 objects repeat the same few durations (`duration(self) >= duration('1ms')`).
 */
export function evaluateCelRules(rules: CelRuleSpec[], self: unknown, schema: any): readonly CelResult[] {
  if ((typeof self === 'string' || typeof self === 'number' || typeof self === 'boolean') && schema !== null && typeof schema === 'object') {
    let node = scalarResults.get(schema);
    if (node === undefined || node.rules !== rules) scalarResults.set(schema, node = { rules, results: new Map() });
    const known = node.results.get(self);
    if (known !== undefined) return known;
    const results = evaluateUncached(rules, self, schema);
    if (node.results.size < MAX_SCALARS_PER_NODE) node.results.set(self, results);
    return results;
  }
  return evaluateUncached(rules, self, schema);
}

function evaluateUncached(rules: CelRuleSpec[], self: unknown, schema: any): CelResult[] {
  let context: Record<string, unknown> | undefined;
  return rules.map(rule => {
    if (self === null || self === undefined) return { passed: true, message: '', fieldPath: rule.fieldPath, skipped: true };
    context ??= { self: toCel(self, schema), oldSelf: cel().Optional.none() };
    return evaluateWith(rule, context);
  });
}

function evaluateWith(rule: CelRuleSpec, context: Record<string, unknown>): CelResult {
  const fieldPath = rule.fieldPath;
  const ok = (skipped?: boolean): CelResult => ({ passed: true, message: '', fieldPath, ...(skipped ? { skipped } : {}) });
  const program = compile(rule.rule);
  if (program.transition && !rule.optionalOldSelf) return ok(true);
  const ruleText = (rule.message?.trim() || rule.rule.trim());
  if (!program.program) {
    // A rule the engine cannot compile is the engine's gap, not the user's error.
    return { passed: false, message: `CEL rule not evaluated (the engine cannot compile it: ${program.error}): ${ruleText}`, fieldPath, engineError: true };
  }
  let value: unknown;
  try {
    value = program.program(context);
  } catch (e) {
    const err = describe(e);
    const message = /no (such|matching) overload/.test(err)
      ? `'${err}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText}`
      : `${err} evaluating rule: ${ruleText}`;
    return { passed: false, message, fieldPath };
  }
  if (value === true) return ok();
  if (value !== false) return { passed: false, message: `rule did not evaluate to a bool: ${ruleText}`, fieldPath };
  return { passed: false, message: failureMessage(rule, context), fieldPath };
}

/** messageExpression when it yields a usable string, else message, else `failed rule: <rule>` (as Kubernetes does). */
function failureMessage(rule: CelRuleSpec, context: Record<string, unknown>): string {
  const fallback = rule.message?.trim() ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
  if (!rule.messageExpression) return fallback;
  const c = compile(rule.messageExpression);
  try {
    const msg = c.program?.(context);
    if (typeof msg === 'string' && msg.trim() !== '' && !/[\r\n]/.test(msg) && msg.length <= 5000) return msg;
  } catch {
    // Kubernetes logs the messageExpression error and falls back to message.
  }
  return fallback;
}
