import * as fs from 'fs';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { printDocument, printDocuments, writeDocuments } from '../src/private/yaml-printer';

const EXAMPLES = path.resolve(__dirname, '..', 'examples');
const SNAPSHOTS = path.join(__dirname, '__snapshots__');
const apps = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'main.ts'))).sort();

/** Every example's manifests, chart by chart, as `Chart.toJson()` renders them. */
function exampleCharts(name: string): any[][] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(path.join(EXAMPLES, name, 'main.ts'));
  const app = Testing.app();
  build(app);
  return app.charts.map(c => c.toJson());
}

/** Every YAML document held in a committed snapshot (the objects the tests pin), parsed as cdk8s parses them. */
function snapshotDocuments(): any[] {
  const docs: any[] = [];
  for (const file of fs.readdirSync(SNAPSHOTS).filter(f => f.endsWith('.snap')).sort()) {
    const exported: Record<string, unknown> = {};
    // A snapshot file is a CommonJS module assigning strings to `exports`.
    new Function('exports', fs.readFileSync(path.join(SNAPSHOTS, file), 'utf8'))(exported);
    for (const text of Object.values(exported)) {
      if (typeof text !== 'string') continue;
      // pretty-format wraps strings in quotes and escapes them; the YAML lives between the quotes.
      const yamlTexts = [...text.matchAll(/"((?:apiVersion|kind|metadata): [\s\S]*?)"/g)].map(m => m[1].replace(/\\"/g, '"').replace(/\\\\/g, '\\'));
      for (const y of yamlTexts) {
        for (const d of parseAllDocuments(y, { version: '1.1' })) {
          if (d.errors.length === 0) docs.push(d.toJS());
        }
      }
    }
  }
  return docs.filter(d => d !== null && typeof d === 'object');
}

/** Reads YAML as kubectl does (YAML 1.1: `on`, `yes`, `0755`, `1e3` are not strings there). */
function readYaml11(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map(d => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

function hasMergeKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasMergeKey);
  return v !== null && typeof v === 'object' && Object.entries(v).some(([k, x]) => k === '<<' || hasMergeKey(x));
}

/** What a value means once written: `undefined` is written as `null` (cdk8s's `keepUndefined`), `-0` as `0`. */
function written(v: unknown): unknown {
  if (v === undefined) return null;
  if (Object.is(v, -0)) return 0;
  if (Array.isArray(v)) return v.map(written);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, written(x)]));
  return v;
}

/**
 * Strings that read as another type in YAML 1.1 or 1.2, need quotes or escapes, or are multi-line: each one as a
 * value, a key, a sequence item and inside nested collections.
 */
const TRICKY_STRINGS = [
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'y', 'Y', 'n', 'N',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '~', 'null', 'Null', 'NULL', '',
  '0755', '0o755', '0x1F', '0b101', '1e3', '1E3', '1e-3', 'e5', 'E-3', 'e', '1_000', '1:20', '190:20:30',
  '.inf', '-.inf', '.Inf', '.nan', '.NaN', '+1', '-1', '1.0', '3.', '.5', '0', '00', '08', '09', '1.2.3', '10.0.0.1',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
  'a: b', 'a:b', 'x:', ':', '- x', '-', '--', '---', '...', '#c', 'a #b', 'a# b', '@x', '`x', '!tag', '&a', '*a',
  '|', '>', '%x', '{}', '[]', '{a: 1}', '[a]', 'a,b', 'a[0]', '"q"', "'s'", "it's", 'say "hi"', '\\', 'back\\slash',
  '\ttab', 'in\ttab', ' lead', 'trail ', '  ', 'multi\nline', 'multi\nline\n', '\n', 'a\n\nb', 'cr\rlf', 'nul\u0000',
  'bell\u0007', '\u0085', '\u2028', '\ufeffbom', 'ünïcødé', '日本語', 'emoji 😀', 'lone \ud800 surrogate',
  'key=val', '=', '<<', '?', '? x', 'x ?', 'GET /api/{id}', '^/api/[^/]*$', '*.example.com', '/api/*', 'v1',
  'networking.istio.io/v1', 'cluster.local/ns/prod/sa/frontend', '_hidden', '/root', 'a/b.c_d-e', 'Infinity', 'NaN',
  'x'.repeat(200), `${'word '.repeat(40)}end`,
];

const TRICKY_NUMBERS = [
  0, -0, 1, -1, 1.5, -2.25, 0.1, 1e21, 1e-7, 2 ** 53 + 2, -(2 ** 53) - 2, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN,
];

function trickyDocuments(): any[] {
  const docs: any[] = [];
  for (const s of TRICKY_STRINGS) {
    docs.push({ value: s, [s]: 'as key', list: [s, [s, { [s]: s }]], nested: { deeper: { [s]: [s] } } });
    docs.push([s, [s], { [s]: s }]);
    docs.push(s);
  }
  for (const n of TRICKY_NUMBERS) docs.push({ n, list: [n, [n]], [String(n)]: n }, n);
  docs.push(
    {}, [], null, true, false,
    { a: null, b: undefined, c: true, d: false, e: {}, f: [], g: [[]], h: [{}], i: [[1, 2], [3, [4, 5]]] },
    [[{ a: 1, b: [{ c: 2 }] }], [[[]]], [{}, []]],
    { spec: { containers: [{ name: 'app', args: ['--flag', 'on', '0755'], env: [{ name: 'A', value: 'yes' }] }] } },
  );
  return docs;
}

describe('printDocument', () => {
  test.each(apps)('prints %s exactly as cdk8s Yaml.stringify, chart by chart', (name) => {
    // GIVEN
    const charts = exampleCharts(name);
    expect(charts.flat().length).toBeGreaterThan(0);
    for (const objects of charts) {
      // WHEN
      const ours = printDocuments(objects);
      // THEN
      expect(ours).toBe(Yaml.stringify(...objects));
    }
  });

  test('prints every object held in the committed snapshots exactly as cdk8s does', () => {
    // GIVEN
    const docs = snapshotDocuments();
    expect(docs.length).toBeGreaterThan(100);
    // WHEN / THEN
    const mismatched = docs.filter(d => printDocument(d) !== Yaml.stringify(d));
    expect(mismatched).toEqual([]);
  });

  test('prints tricky scalars (YAML 1.1 booleans, octals, floats, nulls, quotes, multi-line, unicode) exactly as cdk8s does', () => {
    // GIVEN
    const docs = trickyDocuments().filter(d => !hasMergeKey(d));
    // WHEN
    const mismatched = docs.filter(d => printDocument(d) !== Yaml.stringify(d));
    // THEN
    expect(mismatched).toEqual([]);
    expect(printDocuments(docs)).toBe(Yaml.stringify(...docs));
  });

  test('quotes strings that YAML 1.1 would read as booleans, numbers or octals', () => {
    // GIVEN
    const doc = { a: 'on', b: 'yes', c: 'no', d: '0755', e: '1e3', f: '~', g: 'null', h: '', i: 'y', j: '1:20', k: '1_000' };
    // WHEN
    const text = printDocument(doc);
    // THEN
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^[a-k]: (".*"|'.*')$/);
    expect(readYaml11(text)).toEqual([doc]);
  });

  test('tags the key `<<` as a string, which cdk8s writes plain and YAML 1.1 readers take for a merge key', () => {
    // GIVEN
    const docs = [{ '<<': 'x' }, { a: [{ '<<': { b: 1 } }] }, { '<<': 'multi\nline' }];
    // WHEN
    const texts = docs.map(printDocument);
    // THEN
    expect(Yaml.stringify(docs[0])).toBe('<<: x\n');
    expect(texts.slice(0, 2)).toEqual(['!!str "<<": x\n', 'a:\n  - !!str "<<":\n      b: 1\n']);
    expect(texts[2]).toBe('!!str "<<": |-\n  multi\n  line\n');
    expect(texts.map(t => readYaml11(t)[0])).toEqual(docs);
  });

  test('undefined documents are empty ones, and undefined values are null, as in cdk8s', () => {
    // GIVEN
    const docs = [{ a: 1 }, undefined, { b: undefined }];
    // WHEN / THEN
    expect(printDocuments(docs)).toBe(Yaml.stringify(...docs));
    expect(printDocuments(docs)).toBe('a: 1\n---\n\n---\nb: null\n');
  });

  test('any JSON value is printed exactly as cdk8s prints it and reads back as the same value in YAML 1.1', () => {
    // GIVEN
    const tricky = fc.constantFrom(...TRICKY_STRINGS);
    const str = fc.oneof(tricky, fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[a-z0-9._/:-]{1,8}$/));
    const value = fc.letrec(tie => ({
      leaf: fc.oneof(str, fc.double(), fc.integer(), fc.boolean(), fc.constant(null)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(str, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, (doc) => {
      // WHEN
      const text = printDocument(doc);
      // THEN
      if (!hasMergeKey(doc)) expect(text).toBe(Yaml.stringify(doc));
      // A byte order mark opening the document is not content to a YAML reader (cdk8s writes such a first key plain
      // too; a Kubernetes object's first key is apiVersion).
      if (text.startsWith('\ufeff')) return;
      const [read] = readYaml11(text);
      expect(read).toEqual(written(doc));
    }), { numRuns: 300 });
  });
});

describe('YAML 1.1 safety', () => {
  test.each(apps)('%s reads back through a YAML 1.1 reader as the values it was rendered from', (name) => {
    // GIVEN
    for (const objects of exampleCharts(name)) {
      // WHEN
      const read = readYaml11(printDocuments(objects));
      // THEN
      expect(read).toEqual(objects.map(written));
    }
  });

  test('tricky scalars read back through a YAML 1.1 reader as the same values', () => {
    // GIVEN
    const docs = trickyDocuments().filter(d => d !== undefined);
    // WHEN
    const read = readYaml11(printDocuments(docs));
    // THEN
    expect(read).toEqual(docs.map(written));
  });
});

describe('writeDocuments', () => {
  test('writes the bytes of printDocuments, also past its megabyte buffer', () => {
    // GIVEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const os = require('os') as typeof import('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printer-'));
    const big = Array.from({ length: 3000 }, (_, i) => ({ kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { text: 'x'.repeat(500), on: 'on' } }));
    const cases: unknown[][] = [[], [undefined], [{ a: 1 }, undefined, 'x'], big];
    for (const docs of cases) {
      // WHEN
      const file = path.join(dir, 'out.yaml');
      writeDocuments(file, docs);
      // THEN
      expect(fs.readFileSync(file, 'utf8')).toBe(Yaml.stringify(...docs));
    }
  });
});
