import * as fc from 'fast-check';
import { formatFinding, validateManifests } from '../src/analysis';
import { isPlainData, jsonClone } from '../src/analysis/validation/structural';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** What the engine validated before its fast copy: a JSON round trip (or the error it throws). */
function roundTrip(value: unknown): string {
  try {
    return JSON.stringify(JSON.parse(JSON.stringify(value)));
  } catch (e) {
    return `throws ${(e as Error).name}`;
  }
}

function fastCopy(value: unknown): string {
  try {
    return JSON.stringify(jsonClone(value));
  } catch (e) {
    return `throws ${(e as Error).name}`;
  }
}

describe('jsonClone', () => {
  test('copies exactly as a JSON round trip does, for any value', () => {
    // GIVEN
    const anything = fc.anything({
      withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true, withDate: true, withMap: true, withSet: true,
    });
    // WHEN / THEN
    fc.assert(fc.property(anything, v => {
      if (v === undefined) return;
      expect(fastCopy(v)).toBe(roundTrip(v));
    }), { numRuns: 3000 });
  });

  test('copies what JSON would drop, null or call as JSON does: undefined, functions, NaN, -0, toJSON, __proto__ keys', () => {
    // GIVEN
    const value = {
      a: undefined,
      b: [undefined, () => 1, Symbol('s'), NaN, Infinity, -0],
      c: new Date(0),
      d: { toJSON: () => 'x' },
      e: JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
    };
    // WHEN
    const copy = jsonClone(value) as any;
    // THEN
    expect(copy).toEqual({ b: [null, null, null, null, null, 0], c: '1970-01-01T00:00:00.000Z', d: 'x', e: JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') });
    expect(Object.is(copy.b[5], 0)).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(copy.e, '__proto__')).toBe(true);
    expect(({} as any).polluted).toBeUndefined();
  });

  test('fails as JSON does on a cycle', () => {
    // GIVEN
    const cyclic: any = { a: {} };
    cyclic.a.back = cyclic;
    // WHEN / THEN
    expect(() => jsonClone(cyclic)).toThrow(TypeError);
  });

  test('never shares structure with the original', () => {
    // GIVEN
    const value = { spec: { list: [{ a: 1 }] } };
    // WHEN
    const copy = jsonClone(value);
    copy.spec.list[0].a = 2;
    // THEN
    expect(value.spec.list[0].a).toBe(1);
  });
});

describe('isPlainData', () => {
  test('holds exactly for values a JSON round trip returns unchanged', () => {
    // GIVEN
    const anything = fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withDate: true });
    // WHEN / THEN
    fc.assert(fc.property(anything, v => {
      if (isPlainData(v)) expect(jsonClone(v)).toStrictEqual(v);
    }), { numRuns: 2000 });
    expect([isPlainData({ a: [1, 'x', null, true, { b: {} }] }), isPlainData({ a: undefined }), isPlainData([1, , 2]), isPlainData(-0), isPlainData(NaN), isPlainData(Object.create(null))])
      .toEqual([true, false, false, false, false, false]);
  });
});

describe('SchemaWalker', () => {
  test('never mutates what it validates, defaults and dropped nulls included', () => {
    // GIVEN objects whose validation defaults fields and drops nulls, deep-frozen (a write would throw)
    const route = deepFreeze({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'ns', creationTimestamp: null },
      spec: { parentRefs: [{ kind: 'Service', group: '', name: 's' }], rules: [{ matches: null }, { matches: [{ path: { value: '/a' } }] }] },
    });
    const shared = deepFreeze({ name: 'vs', namespace: 'ns' });
    const vs = deepFreeze({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: shared, spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }], timeout: null }] } });
    const before = JSON.stringify([route, vs]);
    // WHEN
    const findings = validateManifests([route, vs, vs]).map(formatFinding);
    // THEN
    expect(JSON.stringify([route, vs])).toBe(before);
    expect(findings).toEqual([
      'VirtualService/vs: spec.http[0].timeout: null in a non-nullable field: the API server drops it, as if the field were absent; leave the field out',
      'VirtualService/vs: spec.http[0].timeout: null in a non-nullable field: the API server drops it, as if the field were absent; leave the field out',
    ]);
  });

  test('validates the value the API server would store: CEL rules see the defaults', () => {
    // GIVEN a path match with no type: defaulted to PathPrefix, whose CEL rule then requires a leading slash
    const route = (value: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'ns' },
      spec: { parentRefs: [{ kind: 'Service', group: '', name: 's' }], rules: [{ matches: [{ path: { value } }] }] },
    });
    // WHEN
    const good = validateManifests([route('/api')]).map(formatFinding);
    const bad = validateManifests([route('api')]).map(formatFinding);
    // THEN
    expect(good).toEqual([]);
    expect(bad.join('\n')).toMatch(/HTTPRoute\/r: spec\.rules\[0\]\.matches\[0\]\.path.*must be an absolute path/);
  });
});
