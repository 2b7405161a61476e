/**
 * Fuzzes every public construct and every `addX` method with props generated from their own shapes (the jsii
 * assembly, as `src/core/prop-shapes.generated.ts` records it): mostly plausible values, partly garbage (wrong
 * types, NaN, negative, huge, empty, unicode, null in arrays, unknown keys), all deeply frozen.
 *
 * For every case, either construction (or synthesis, for checks that need the whole tree) fails with the
 * library's error, `[<construct path>] <prop> ...`, or every object synthesized passes the validation engine.
 * Never a TypeError, a RangeError or an error from inside cdk8s, the YAML printer or the generated bindings;
 * never a mutated input.
 *
 * `FUZZ_RUNS` sets the number of cases per construct (default 400, over 10,000 in all; the total is printed); `FUZZ_SEED` replays a
 * run (the seed is printed on failure). CI uses a fixed seed.
 */
import { ApiObject, Chart, Duration, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import * as lib from '../src';
import { formatFinding, FindingSeverity, validateManifests } from '../src/analysis';
import { METHODS, TYPES } from '../src/core/prop-shapes.generated';
import { renderPlain } from '../src/private/render';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261203 : Date.now() % 2 ** 31;

/** Values a caller could plausibly write, by what the prop's name suggests. */
const PLAUSIBLE: Array<[RegExp, string[]]> = [
  [/path/i, ['/', '/api', '/api/payments', '/api/payments/*', '/metrics', '/health']],
  [/host|fqdn|authority/i, ['payment-api', 'payment-api.production.svc.cluster.local', 'shop.example.com', '*.example.com']],
  [/namespace/i, ['production', 'monitoring', 'istio-system']],
  [/method/i, ['GET', 'POST']],
  [/principal/i, ['cluster.local/ns/production/sa/frontend']],
  [/issuer|uri|url/i, ['https://issuer.example.com', 'https://issuer.example.com/.well-known/jwks.json']],
  [/secret|credential|certificate/i, ['shop-tls']],
  [/regex|pattern/i, ['^/api/.*$', '/api/v[0-9]+']],
  [/header/i, ['x-canary', 'end-user']],
  [/value/i, ['true', 'jason', '1']],
  [/className/i, ['istio']],
  [/domain/i, ['cluster.local', 'example.org']],
];
const NAMES = ['payment-api', 'frontend', 'v1', 'stable', 'canary', 'http', 'web'];
const GARBAGE_STRINGS = ['', ' ', 'Payment_API', 'a'.repeat(300), 'ü→☃', '5xx,reset', 'on', '0755', '*', '..', '/api/([', 'GET POST'];
const GARBAGE = [null, NaN, -1, 1e300, 'x', true, [], {}, [null], { unknownKey: 1 }, () => 1];

interface Gen { readonly garbage: number }

/** An arbitrary for a value of `type` (a prop-shapes type), for a prop called `name`. */
function arb(type: any, name: string, g: Gen, depth: number): fc.Arbitrary<unknown> {
  const usual = plausible(type, name, g, depth);
  if (g.garbage === 0) return usual;
  return fc.oneof(
    { arbitrary: usual, weight: Math.round((1 - g.garbage) * 100) },
    { arbitrary: fc.constantFrom(...GARBAGE, ...GARBAGE_STRINGS), weight: Math.round(g.garbage * 100) },
  );
}

function plausible(type: any, name: string, g: Gen, depth: number): fc.Arbitrary<unknown> {
  if (typeof type === 'string') {
    switch (type) {
      case 'string': {
        const hinted = PLAUSIBLE.find(([re]) => re.test(name))?.[1] ?? NAMES;
        return fc.oneof(
          { arbitrary: fc.constantFrom(...hinted), weight: 8 },
          { arbitrary: fc.constantFrom(...NAMES), weight: 1 },
          { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
        );
      }
      case 'number':
        return /port/i.test(name) ? fc.constantFrom(80, 8080, 9080, 443, 0, 65536) : fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(1, 2, 3, 50, 1000, -1, 0.5));
      case 'boolean':
        return fc.boolean();
      default:
        return fc.constant({});
    }
  }
  if ('array' in type) {
    if (depth > 4) return fc.constant([]);
    return fc.array(arb(type.array, name, g, depth + 1), { minLength: 0, maxLength: depth > 2 ? 1 : 3 });
  }
  if ('map' in type) {
    return fc.oneof(fc.constant({ app: 'payment-api' }), fc.constant({ app: 'payment-api', version: 'v1' }), fc.constant({}));
  }
  if ('union' in type) return fc.oneof(...type.union.map((t: any) => plausible(t, name, g, depth)));
  return refArb(type.ref, name, g, depth);
}

function refArb(ref: string, name: string, g: Gen, depth: number): fc.Arbitrary<unknown> {
  if (ref === 'cdk8s.Duration') {
    return fc.oneof(
      fc.constantFrom(1, 5, 10, 15, 30, 60).map(s => Duration.seconds(s)),
      fc.constantFrom(Duration.millis(0), Duration.millis(250), Duration.hours(48)),
    );
  }
  const t = TYPES[ref];
  if (!t) return fc.constant(undefined);
  if (t.kind === 'enum') return fc.constantFrom(...Object.values<string>(t.members));
  if (t.kind === 'struct') {
    if (depth > 5) return fc.constant({});
    const entries = Object.entries<any>(t.props);
    const record: { [k: string]: fc.Arbitrary<unknown> } = {};
    const required: string[] = [];
    for (const [key, p] of entries) {
      record[key] = arb(p.type, key, g, depth + 1);
      if (!p.optional) required.push(key);
    }
    // Mostly the required keys and a few optional ones, so that most cases get far enough to render.
    return fc.record(record, { requiredKeys: required }).chain(obj => fc.subarray(Object.keys(obj)).map(keep => {
      const out: any = {};
      for (const key of Object.keys(obj)) if (required.includes(key) || keep.includes(key)) out[key] = obj[key];
      return out;
    }));
  }
  if (t.kind === 'class') return instances(ref, g, depth);
  return fc.constant(undefined);
}

/** Instances of a class: its static constants, and its static factories called with generated arguments. */
function instances(ref: string, g: Gen, depth: number): fc.Arbitrary<unknown> {
  const cls = resolve(ref);
  const options: fc.Arbitrary<unknown>[] = [];
  for (const s of TYPES[ref].statics ?? []) {
    if (!s.endsWith('()')) {
      if (typeof cls[s] === 'object' && cls[s] !== null) options.push(fc.constant(cls[s]));
      continue;
    }
    const method = s.slice(0, -2);
    const params = METHODS[`${ref}.${method}`];
    if (!params || depth > 5 || params.some((p: any) => !generatable(p.type))) continue;
    options.push(fc.tuple(...params.map((p: any) => arb(p.type, p.name, g, depth + 1))).map(args => {
      const earlier = findFactoryError(args);
      if (earlier) return earlier;
      try {
        return cls[method](...args);
      } catch (e) {
        return new FactoryError(e as Error);
      }
    }));
  }
  return options.length > 0 ? fc.oneof(...options) : fc.constant(undefined);
}

/** A static factory refused its arguments: the case ends there, and the refusal must be the library's error. */
class FactoryError {
  constructor(readonly error: Error) {}
}

/** Whether values of `type` can be generated (not constructs or interfaces, which need a tree). */
function generatable(type: any): boolean {
  if (typeof type === 'string') return true;
  if ('array' in type) return generatable(type.array);
  if ('map' in type) return generatable(type.map);
  if ('union' in type) return type.union.every(generatable);
  if (type.ref === 'cdk8s.Duration') return true;
  const t = TYPES[type.ref];
  return t !== undefined && (t.kind === 'enum' || t.kind === 'struct' || (t.kind === 'class' && (t.statics ?? []).length > 0));
}

function resolve(fqn: string): any {
  return fqn.split('.').reduce((o: any, k) => o?.[k], lib);
}

function deepFreeze<T>(value: T): T {
  const plain = Array.isArray(value) || (!!value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value)));
  if (plain && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as any)) deepFreeze(v);
  }
  return value;
}

function findFactoryError(value: unknown, depth = 0): FactoryError | undefined {
  if (value instanceof FactoryError) return value;
  if (depth > 12 || !value || typeof value !== 'object') return undefined;
  for (const v of Object.values(value)) {
    const found = findFactoryError(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A library error: every line that reports a problem starts with a construct path in brackets. */
function expectLibraryError(e: unknown, where: string): void {
  if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError) {
    throw new Error(`${where}: not the library's error: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
  }
  const lines = e.message.split('\n').map(l => l.trim()).filter(l => l && !/^Validation failed/.test(l));
  const bad = lines.filter(l => !/^\[[^\]]+\] \S/.test(l));
  if (bad.length > 0) throw new Error(`${where}: an error that names no construct path: ${e.message}\n${e.stack}`);
}

/** The constructors of public constructs, and each one's methods that take generatable arguments. */
const CONSTRUCTS = Object.keys(METHODS)
  .filter(k => METHODS[k][0]?.type?.ref === 'constructs.Construct' && METHODS[k][1]?.name === 'id' && TYPES[k]?.kind === 'class')
  .filter(k => !k.startsWith('analysis.'))
  .sort();
const methodsOf = (k: string) => Object.keys(METHODS).filter(m => m.startsWith(`${k}.`) && m.split('.').length === k.split('.').length + 1 && /^add|^allow|^require/.test(m.split('.').pop()!))
  .filter(m => METHODS[m].every((p: any) => generatable(p.type)));

const counts = { cases: 0, valid: 0, refused: 0 };

describe('fuzzing every construct', () => {
  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`fuzz: ${counts.cases} cases over ${CONSTRUCTS.length} constructs (${counts.valid} synthesized valid YAML, ${counts.refused} refused with the library's error), seed ${SEED}`);
  });

  test('finds the constructs', () => {
    expect(CONSTRUCTS.length).toBeGreaterThanOrEqual(27);
    expect(CONSTRUCTS).toEqual(expect.arrayContaining(['CanaryService', 'istio.VirtualService', 'linkerd.HttpRoute', 'gatewayApi.Gateway']));
  });

  test.each(CONSTRUCTS)('%s', (fqn) => {
    const cls = resolve(fqn);
    const params = METHODS[fqn];
    const methods = methodsOf(fqn);
    const caseArb = fc.constantFrom(0, 0, 0, 0.05, 0.2).chain(garbage => {
      const g = { garbage };
      return fc.record({
        props: params.length > 2 ? arb(params[2].type, params[2].name, g, 0) : fc.constant(undefined),
        calls: fc.array(fc.constantFrom(...(methods.length > 0 ? methods : ['none'])).chain(m => m === 'none'
          ? fc.constant({ method: 'none', args: [] as unknown[] })
          : fc.tuple(...METHODS[m].map((p: any) => arb(p.type, p.name, g, 0))).map(args => ({ method: m, args }))),
        { maxLength: methods.length > 0 ? 3 : 0 }),
      });
    });
    fc.assert(fc.property(caseArb, ({ props, calls }) => {
      counts.cases++;
      deepFreeze(props);
      deepFreeze(calls);
      const before = JSON.stringify({ props, calls });
      const factoryError = findFactoryError({ props, calls });
      if (factoryError) {
        expectLibraryError(factoryError.error, `${fqn} (a static factory)`);
        counts.refused++;
        return;
      }
      const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
      let manifests: any[];
      try {
        const construct = new cls(chart, 'subject', props);
        for (const call of calls) {
          if (call.method !== 'none') construct[call.method.split('.').pop()!](...call.args);
        }
        manifests = Testing.synth(chart);
      } catch (e) {
        expectLibraryError(e, fqn);
        counts.refused++;
        return;
      }
      expect(JSON.stringify({ props, calls })).toBe(before);
      // MeshApp renders in one walk (src/private/render.ts): the same JSON as cdk8s's toJson(), never a fallback.
      for (const o of chart.node.findAll().filter(ApiObject.isApiObject)) {
        expect(JSON.stringify(renderPlain(o))).toBe(JSON.stringify(o.toJson()));
      }
      const errors = validateManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatFinding);
      if (errors.length > 0) throw new Error(`${fqn}: synthesized objects the validation engine refuses:\n${errors.join('\n')}\n${Yaml.stringify(...manifests)}`);
      counts.valid++;
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  });
});
