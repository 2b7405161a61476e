import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import { isPlainData } from '../src/analysis/validation/structural';
import { isMarkedPlainData } from '../src/private/plain-data';
import { hasDefaultResolvers, renderApiObject, renderOptions, renderPlain } from '../src/private/render';

const ALL_DEFAULT = { defaultResolvers: true, sortKeys: true };

const EXAMPLES = path.resolve(__dirname, '..', 'examples');
const apps = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'main.ts'))).sort();

/** Both renderings as text, so key order counts. */
function both(o: ApiObject): { fast: string | undefined; cdk8s: string } {
  const fast = renderPlain(o);
  return { fast: fast === undefined ? undefined : JSON.stringify(fast), cdk8s: JSON.stringify(o.toJson()) };
}

function object(props: any, app: App = Testing.app()): ApiObject {
  return new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap', ...props });
}

describe('rendering in one walk (MeshApp)', () => {
  test.each(apps)('%s: every object renders in one walk, to the JSON toJson() gives', (name) => {
    // GIVEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(path.join(EXAMPLES, name, 'main.ts'));
    const app = Testing.app();
    build(app);
    const objects = app.node.findAll().filter(ApiObject.isApiObject);
    expect(objects.length).toBeGreaterThan(0);
    // THEN
    for (const o of objects) {
      const { fast, cdk8s } = both(o);
      expect(fast).toBe(cdk8s);
      // Marked plain data, so the validation engine takes it as is: the mark must be true.
      const rendering = renderPlain(o);
      expect(isMarkedPlainData(rendering)).toBe(true);
      expect(isPlainData(rendering)).toBe(true);
    }
  });

  test('plain data: nulls dropped, keys sorted, empty metadata maps dropped, Lazy values produced', () => {
    const o = object({
      metadata: { name: 'x', labels: {}, annotations: { b: '2', a: '1' }, finalizers: [] },
      data: { z: Lazy.any({ produce: () => ({ y: 'Y', n: null, u: undefined, nested: Lazy.any({ produce: () => [1, 'two', true] }) }) }), a: '' },
      spec: { 10: 1, 9: 2, b: [{}], a: {} },
    });
    const { fast, cdk8s } = both(o);
    expect(fast).toBeDefined();
    expect(fast).toBe(cdk8s);
  });

  test('CDK8S_DISABLE_SORT keeps insertion order, as cdk8s does', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const { fast, cdk8s } = both(object({ data: { b: '1', a: '2' } }));
      expect(fast).toBe(cdk8s);
      expect(fast).toContain('"b":"1","a":"2"');
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test.each([
    ['an object with a resolve() method', { data: { token: { resolve: () => 'resolved' } } }],
    ['a class instance', { data: { when: new Date(0) } }],
    ['a null inside an array', { data: { list: ['a', null] } }],
    ['an empty array inside metadata arrays', { metadata: { name: 'x', ownerReferences: [{}] } }],
    ['an object without prototype', { data: Object.assign(Object.create(null), { a: '1' }) }],
    ['a function', { data: { f: () => 1 } }],
    ['NaN', { data: { n: NaN } }],
    ['-0', { data: { n: -0 } }],
    ['a __proto__ key', { data: JSON.parse('{"__proto__": {"a": "1"}}') }],
  ])('%s: left to toJson()', (_, props) => {
    const o = object(props);
    expect(renderPlain(o)).toBeUndefined();
    let expected: unknown;
    try {
      expected = o.toJson();
    } catch (e) {
      expect(() => renderApiObject(o, ALL_DEFAULT)).toThrow((e as Error).message);
      return;
    }
    expect(JSON.stringify(renderApiObject(o, ALL_DEFAULT))).toBe(JSON.stringify(expected));
  });

  test('JSON patches apply to the sorted JSON, as toJson() applies them (not marked plain: a patch may add anything)', () => {
    const o = object({ metadata: { namespace: 'ns' }, data: { a: '1' } });
    o.addJsonPatch(JsonPatch.add('/data/b', '2'), JsonPatch.remove('/metadata/namespace'));
    const { fast, cdk8s } = both(o);
    expect(fast).toBe(cdk8s);
    expect(isMarkedPlainData(renderPlain(o))).toBe(false);
    expect(renderApiObject(o, ALL_DEFAULT).data).toEqual({ a: '1', b: '2' });
  });

  test('a JSON patch that fails: toJson()\'s error, which names the construct', () => {
    const o = object({ data: { a: '1' } });
    o.addJsonPatch(JsonPatch.remove('/spec/missing'));
    expect(renderPlain(o)).toBeUndefined();
    expect(() => renderApiObject(o, ALL_DEFAULT)).toThrow(/Failed serializing construct at path 'c\/o'/);
  });

  test('an app with resolvers of its own: toJson() for every object', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext) {
        if (typeof context.value === 'string' && context.value.startsWith('up:')) context.replaceValue(context.value.slice(3).toUpperCase());
      }
    }
    const app = Testing.app({ resolvers: [new Upper()] });
    expect(hasDefaultResolvers(app)).toBe(false);
    expect(hasDefaultResolvers(Testing.app())).toBe(true);
    const o = object({ data: { a: 'up:x' } }, app);
    expect(renderApiObject(o, renderOptions(app)).data).toEqual({ a: 'X' });
  });

  test('a subclass that renders itself: toJson() is called', () => {
    class Custom extends ApiObject {
      public toJson(): any {
        return { ...super.toJson(), extra: 'yes' };
      }
    }
    const o = new Custom(new Chart(Testing.app(), 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(renderPlain(o)).toBeUndefined();
    expect(renderApiObject(o, ALL_DEFAULT).extra).toBe('yes');
  });
});
