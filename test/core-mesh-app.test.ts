import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { istio, MeshApp } from '../src';

const EXAMPLES = path.resolve(__dirname, '..', 'examples');
const apps = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'main.ts'))).sort();

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-app-'));
}

/** Every file under `dir` (relative path to bytes). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function build(name: string): (app: App) => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(EXAMPLES, name, 'main.ts')).build;
}

/** An app with two charts, one depending on the other (numbered file names), objects with tricky strings. */
function dependentCharts(app: App) {
  const base = new Chart(app, 'base');
  const ns = new ApiObject(base, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  const workloads = new Chart(app, 'workloads', { namespace: 'shop' });
  const cm = new ApiObject(workloads, 'cm', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings' },
    data: { enabled: 'on', mode: '0755', answer: 'yes', empty: '', script: 'line one\nline two\n', unicode: 'ünïcødé' },
  });
  new istio.PeerAuthentication(workloads, 'pa', { metadata: { name: 'default' } });
  workloads.addDependency(base);
  cm.addDependency(ns);
}

describe('MeshApp', () => {
  const outputTypes = [
    YamlOutputType.FILE_PER_CHART, YamlOutputType.FILE_PER_APP, YamlOutputType.FILE_PER_RESOURCE,
    YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
  ];
  const cases = apps.flatMap(name => outputTypes.map(t => [name, t] as const));

  // Bookinfo's charts are alternatives (one VirtualService chart applied at a time), so together they conflict.
  const analysis = (name: string) => (name === 'bookinfo'
    ? { suppressions: [{ ruleId: 'IST0109', reason: 'the charts are alternatives, applied one at a time' }] }
    : {});

  test.each(cases)('writes the files App.synth() writes for %s, byte for byte (yamlOutputType %s)', (name, yamlOutputType) => {
    // GIVEN
    const plainDir = tmpdir();
    const meshDir = tmpdir();
    const plain = new App({ outdir: plainDir, yamlOutputType, recordConstructMetadata: true });
    build(name)(plain);
    const mesh = new MeshApp({ outdir: meshDir, yamlOutputType, recordConstructMetadata: true, progress: false, analysis: analysis(name) });
    build(name)(mesh);
    // WHEN
    plain.synth();
    mesh.synth();
    // THEN
    const expected = tree(plainDir);
    expect(Object.keys(expected)).toContain('construct-metadata.json');
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    expect(tree(meshDir)).toEqual(expected);
  });

  test.each(outputTypes)('writes the files App.synth() writes for charts that depend on each other (yamlOutputType %s)', (yamlOutputType) => {
    // GIVEN
    const plainDir = tmpdir();
    const meshDir = tmpdir();
    const plain = new App({ outdir: plainDir, yamlOutputType });
    dependentCharts(plain);
    const mesh = new MeshApp({ outdir: meshDir, yamlOutputType, progress: false });
    dependentCharts(mesh);
    // WHEN
    plain.synth();
    mesh.synth();
    // THEN
    const expected = tree(plainDir);
    if (yamlOutputType === YamlOutputType.FILE_PER_CHART) expect(Object.keys(expected)).toEqual(['0000-base.k8s.yaml', '0001-workloads.k8s.yaml']);
    expect(tree(meshDir)).toEqual(expected);
    expect(Object.values(expected).join('')).toContain('enabled: "on"');
  });

  test.each([false, true])('orders charts and objects as App.synth() does, ids that look like numbers included (dependencies: %s)', (withDependencies) => {
    // GIVEN
    const make = (app: App) => {
      const objects: ApiObject[] = [];
      for (const id of ['b', '10', 'a', '2', '0']) {
        const chart = new Chart(app, id, { namespace: 'shop' });
        for (const o of ['z', '3', 'y', '1']) {
          objects.push(new ApiObject(chart, o, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${id}-${o}` } }));
        }
      }
      if (withDependencies) {
        objects[0].addDependency(objects[3]);
        objects[5].addDependency(objects[1]);
      }
    };
    const plain = new App({ outdir: tmpdir() });
    make(plain);
    const mesh = new MeshApp({ outdir: tmpdir(), progress: false });
    make(mesh);
    // WHEN
    plain.synth();
    mesh.synth();
    // THEN
    expect(tree(mesh.outdir)).toEqual(tree(plain.outdir));
    expect(mesh.synthYaml()).toBe(plain.synthYaml());
  });

  test('synthYaml() returns what App.synthYaml() returns', () => {
    // GIVEN
    const plain = new App({ outdir: tmpdir() });
    dependentCharts(plain);
    const mesh = new MeshApp({ outdir: tmpdir(), progress: false });
    dependentCharts(mesh);
    // WHEN / THEN
    expect(mesh.synthYaml()).toBe(plain.synthYaml());
  });

  test('renders each API object once', () => {
    // GIVEN
    const app = new MeshApp({ outdir: tmpdir(), progress: false });
    dependentCharts(app);
    const objects = app.node.findAll().filter(ApiObject.isApiObject).length;
    const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      // WHEN
      app.synth();
      // THEN
      expect(objects).toBe(3);
      expect(toJson).toHaveBeenCalledTimes(objects);
    } finally {
      toJson.mockRestore();
    }
  });

  test('fails when the validation engine finds an error, naming object, field and problem, and writes nothing', () => {
    // GIVEN
    const outdir = path.join(tmpdir(), 'out');
    const app = new MeshApp({ outdir, progress: false });
    const chart = new Chart(app, 'bad');
    new ApiObject(chart, 'vs', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], retries: { attempts: 0 }, timeout: 'soon' }] },
    });
    // WHEN / THEN
    expect(() => app.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[MeshAnalyzer\] MESH001 error VirtualService\/shop\/reviews: spec\.http\[0\]\.timeout: .*invalid duration "soon"/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('fails with the same findings as MeshAnalyzer.addToScope', () => {
    // GIVEN
    const make = (app: App) => {
      const chart = new Chart(app, 'c', { namespace: 'shop' });
      new ApiObject(chart, 'dr', {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'reviews' },
        spec: { host: 'reviews', trafficPolicy: { outlierDetection: { maxEjectionPercent: 100 } } },
      });
    };
    const plain = new App({ outdir: tmpdir() });
    make(plain);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MeshAnalyzer } = require('../src/analysis');
    MeshAnalyzer.addToScope(plain);
    const mesh = new MeshApp({ outdir: tmpdir(), progress: false });
    make(mesh);
    // WHEN
    const failure = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    const expected = failure(() => plain.synth());
    // THEN
    expect(expected).toMatch(/^Validation failed with the following errors:/);
    expect(failure(() => mesh.synth())).toBe(expected);
  });

  test('suppressions (with reasons) switch rules off', () => {
    // GIVEN
    const app = new MeshApp({
      outdir: tmpdir(),
      progress: false,
      analysis: { suppressions: [{ ruleId: 'MESH001', reason: 'the test wants a bad timeout written' }] },
    });
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'vs', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], retries: { attempts: 0 }, timeout: 'soon' }] },
    });
    // WHEN
    app.synth();
    // THEN
    expect(fs.readFileSync(path.join(app.outdir, 'c.k8s.yaml'), 'utf8')).toContain('timeout: soon');
  });

  test('fails when a construct validation fails, with App.synth()\'s message', () => {
    // GIVEN
    const app = new MeshApp({ outdir: tmpdir(), progress: false });
    const chart = new Chart(app, 'c');
    chart.node.addValidation({ validate: () => ['something is off'] });
    // WHEN / THEN
    expect(() => app.synth()).toThrow('Validation failed with the following errors:\n  [c] something is off');
  });

  test('MeshApp.synthesize checks and writes a plain App', () => {
    // GIVEN
    const plainDir = tmpdir();
    const app = new App({ outdir: tmpdir() });
    build('payments-linkerd')(app);
    const reference = new App({ outdir: plainDir });
    build('payments-linkerd')(reference);
    // WHEN
    MeshApp.synthesize(app, { progress: false });
    reference.synth();
    // THEN
    expect(tree(app.outdir)).toEqual(tree(plainDir));
    expect(MeshApp.synthesizeYaml(app, { progress: false })).toBe(reference.synthYaml());
  });

  test('reports progress on stderr when asked, and says nothing otherwise', () => {
    // GIVEN
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const quiet = new MeshApp({ outdir: tmpdir(), progress: false });
      dependentCharts(quiet);
      const loud = new MeshApp({ outdir: tmpdir(), progress: true });
      dependentCharts(loud);
      // WHEN
      quiet.synth();
      const before = write.mock.calls.length;
      loud.synth();
      // THEN
      expect(before).toBe(0);
      const text = write.mock.calls.map(c => String(c[0])).join('');
      expect(text).toMatch(/rendered 1 objects of base/);
      expect(text).toMatch(/validating and analysing 3 objects/);
      expect(text).toMatch(/wrote 3 objects to /);
    } finally {
      write.mockRestore();
    }
  });
});
