import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestReader } from '../src/analysis/yaml-reader';

function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-yaml-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('ManifestReader', () => {
  test('reads YAML 1.1 scalars as kubectl does: on/off/yes/no/y/n are booleans, 0755 is octal', () => {
    // GIVEN a PeerAuthentication whose mode is an unquoted OFF, and octal and boolean scalars
    const text = [
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      'metadata: {name: legacy}',
      'spec:',
      '  mtls: {mode: OFF}',
      '  a: on',
      '  b: y',
      '  c: no',
      '  d: 0755',
      '  e: "on"',
    ].join('\n');

    // WHEN
    const [m] = ManifestReader.parse(text, 'pa.yaml');

    // THEN the API server would receive booleans and a number
    expect(m.manifest.spec).toEqual({ mtls: { mode: false }, a: true, b: true, c: false, d: 493, e: 'on' });
    expect(m.file).toBe('pa.yaml');
    expect(m.documentIndex).toBe(1);
  });

  test('keeps timestamps and sexagesimal numbers as strings (go-yaml v2 into JSON)', () => {
    // WHEN
    const [m] = ManifestReader.parse('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {day: 2001-12-14, t: 190:20:30}\n');

    // THEN
    expect(m.manifest.data).toEqual({ day: '2001-12-14', t: '190:20:30' });
  });

  test('skips empty documents and numbers the others by their position in the file', () => {
    // GIVEN empty documents (only a comment, nothing) between objects
    const text = '---\n# nothing here\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n';

    // WHEN
    const loaded = ManifestReader.parse(text, 'ns.yaml');

    // THEN
    expect(loaded.map(l => [l.manifest.metadata.name, l.documentIndex])).toEqual([['a', 2], ['b', 4]]);
  });

  test('expands kind: List and *List items, nested too', () => {
    // GIVEN
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
        { apiVersion: 'v1', kind: 'ServiceList', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }] },
      ],
    });

    // WHEN
    const loaded = ManifestReader.parse(text, 'list.json');

    // THEN
    expect(loaded.map(l => `${l.manifest.kind}/${l.manifest.metadata.name}`)).toEqual(['Namespace/a', 'Service/s']);
  });

  test('reads directories recursively, .yaml/.yml/.json only, in sorted order', () => {
    // GIVEN
    const ns = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
    const dir = tmpDir({ 'b.yaml': ns('b'), 'a.yml': ns('a'), 'sub/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }), 'README.md': '# not yaml', 'z.txt': ns('z') });

    // WHEN
    const loaded = ManifestReader.readPaths([dir]);

    // THEN
    expect(loaded.map(l => `${path.relative(dir, l.file)}:${l.manifest.metadata.name}`)).toEqual(['a.yml:a', 'b.yaml:b', 'sub/c.json:c']);
  });

  test('fails when a document does not parse, naming the file, the document and the line', () => {
    // GIVEN a second document with a bad indentation
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: [unclosed\n';

    // THEN
    expect(() => ManifestReader.parse(text, 'broken.yaml')).toThrow(/^broken\.yaml: document 2 \(line \d+\): /);
  });

  test('fails when a document is not an object', () => {
    expect(() => ManifestReader.parse('- a\n- b\n', 'seq.yaml')).toThrow('seq.yaml: document 1 (line 1): expected a Kubernetes object (a mapping with apiVersion and kind), got a list');
  });

  test('read() gives each object its first line and the paths YAML 1.1 read as booleans, and goes on past a bad file', () => {
    // GIVEN
    const dir = tmpDir({
      'a.yaml': '# header\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: d}\nspec:\n  mtls: {mode: OFF}\n  portLevelMtls: {"8080": {mode: "off"}}\n',
      'b.yaml': 'kind: [\n',
      'construct-metadata.json': '{"version": "1.0.0", "resources": {}}',
    });

    // WHEN
    const r = ManifestReader.read([dir]);

    // THEN
    expect(r.manifests).toEqual([expect.objectContaining({ file: path.join(dir, 'a.yaml'), documentIndex: 1, line: 3, yaml11Booleans: ['spec.mtls.mode'] })]);
    expect(r.manifests[0].manifest.spec.mtls.mode).toBe(false);
    expect(r.problems).toEqual([{ file: path.join(dir, 'b.yaml'), line: 2, message: expect.stringMatching(/^document 1: /) }]);
    expect(r.skipped).toEqual([{ file: path.join(dir, 'construct-metadata.json'), reason: 'cdk8s construct metadata, not a manifest' }]);
    // A file named explicitly is read whatever it holds.
    expect(ManifestReader.read([path.join(dir, 'construct-metadata.json')]).manifests).toHaveLength(1);
  });

  test('fails on a path that does not exist', () => {
    expect(() => ManifestReader.readPaths(['/nonexistent/cdk8s-mesh'])).toThrow('/nonexistent/cdk8s-mesh: cannot read: no such file or directory');
  });
});
