import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { readPlainYaml } from '../src/private/plain-yaml';

/** The `yaml` package as the manifest reader configures it (YAML 1.1, merge keys, timestamps as strings). */
function full(text: string): unknown[] {
  return YAML.parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    customTags: tags => tags.filter(t => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME')),
  }).map(d => d.toJS());
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

describe('readPlainYaml', () => {
  test('reads every fixture and example in its subset as the yaml package does, and most of them', () => {
    // GIVEN
    const root = path.join(__dirname, '..');
    const files = [...yamlFiles(path.join(root, 'test', 'fixtures')), ...yamlFiles(path.join(root, 'examples'))];
    let read = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      // WHEN
      const docs = readPlainYaml(text);
      if (!docs) continue;
      read++;
      // THEN
      expect({ f, docs: docs.map(d => d.value) }).toEqual({ f, docs: full(text) });
    }
    expect(read).toBeGreaterThan(50);
  });

  test('reads the block style cdk8s and js-yaml write, with document lines', () => {
    // GIVEN
    const text = [
      '# leading comment', '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: a', '  annotations:',
      "    sidecar.istio.io/inject: 'false'", '    "quoted key": "x\\ty"', 'spec:', '  ports:', '  - name: http',
      '    port: 80', '    targetPort: 8080', '  selector:', '    app: a', '  timeout: 10s', '  weight: 0.5',
      '  empty: []', '  none: {}', '  nothing:', '  list:', '    -', '      nested: true', '    - plain text /a/*', '---', '', '---',
      'kind: B', '',
    ].join('\n');
    // WHEN
    const docs = readPlainYaml(text)!;
    // THEN
    expect(docs.map(d => d.value)).toEqual(full(text));
    expect(docs.map(d => d.line)).toEqual([3, 0, 29]);
    expect((docs[0].value as any).spec.ports[0].port).toBe(80);
    expect((docs[0].value as any).metadata.annotations['sidecar.istio.io/inject']).toBe('false');
  });

  test.each([
    ['a YAML 1.1 boolean', 'mode: on'],
    ['a YAML 1.1 boolean key', 'y: 1'],
    ['an octal number', 'mode: 0755'],
    ['a sexagesimal number', 'port: 1:20'],
    ['a timestamp', 'at: 2001-12-14'],
    ['an exponent', 'n: 1e3'],
    ['a hex number', 'n: 0xAB'],
    ['a merge key', 'a: &x\n  b: 1\nc:\n  <<: *x'],
    ['an anchor', 'a: &x 1'],
    ['a tag', 'a: !!str 1'],
    ['a flow sequence', 'a: [1, 2]'],
    ['a block scalar', 'a: |\n  text'],
    ['a multi-line plain scalar', 'a: one\n  two'],
    ['a trailing comment', 'a: b # c'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['a YAML escape JSON lacks', 'a: "\\x41"'],
    ['a tab', 'a:\tb'],
    ['a directive', '%YAML 1.1\n---\na: 1'],
    ['a null word', 'a: ~'],
    ['a bad indentation', 'a:\n    b: 1\n  c: 2'],
  ])('gives up on %s', (_, text) => {
    // WHEN / THEN
    expect(readPlainYaml(text)).toBeUndefined();
  });
});
