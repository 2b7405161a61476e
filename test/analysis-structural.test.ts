import * as fc from 'fast-check';
import { jsonClone } from '../src/analysis/validation/structural';

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
