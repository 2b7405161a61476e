import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * `require('cdk8s-mesh')` loads what every app needs, and nothing only some runs need: the schema bundle, CEL,
 * RE2, our YAML parser and the generated Istio and Gateway API bindings (megabytes of which the constructs read only
 * GVKs) load on first use. Reads the compiled `lib/` (the `ci` and `build` tasks compile first).
 */
describe('cold require', () => {
  const lib = path.join(__dirname, '..', 'lib');

  test('loads no schema bundle, CEL, RE2, YAML parser, Istio or Gateway API bindings until used', () => {
    // GIVEN
    expect(fs.existsSync(path.join(lib, 'index.js')) ? 'compiled' : 'run `npx projen compile` first').toBe('compiled');
    const script = `
      const before = new Set(Object.keys(require.cache));
      const m = require(${JSON.stringify(lib)});
      const loaded = () => Object.keys(require.cache).filter(f => !before.has(f));
      const lazy = f => /node_modules\\/(re2js|@marcbachmann\\/cel-js)\\//.test(f) || /\\/node_modules\\/yaml\\//.test(f) && !/cdk8s\\/node_modules/.test(f)
        || /imports\\/(schemas|networking\\.istio\\.io|security\\.istio\\.io|telemetry\\.istio\\.io|gateway\\.networking\\.k8s\\.io)\\.js$/.test(f);
      const cold = loaded().filter(lazy).map(f => f.replace(/^.*node_modules\\//, '').split('/').slice(0, 2).join('/'));
      m.analysis.validateManifests([{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a', namespace: 'b' }, spec: { hosts: ['a'] } }]);
      const warm = loaded().filter(lazy).length > 0;
      console.log(JSON.stringify({ cold: [...new Set(cold)], warm }));`;
    // WHEN
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    // THEN
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ cold: [], warm: true });
  });

  test('loads none of the library until a name is read; then only that name\'s modules', () => {
    // GIVEN
    const script = `
      const before = new Set(Object.keys(require.cache));
      const m = require(${JSON.stringify(lib)});
      const ours = () => Object.keys(require.cache).filter(f => !before.has(f) && !f.includes('node_modules'))
        .map(f => f.slice(${JSON.stringify(lib)}.length + 1));
      const cold = ours();
      const istio = typeof m.istio.VirtualService;
      const afterIstio = ours();
      const analyze = typeof m.analysis.analyzeManifests;
      const afterAnalysis = ours();
      console.log(JSON.stringify({ cold, istio, analyze,
        istioLoadedAnalysis: afterIstio.filter(f => /^(analysis|cli|plugin)\\//.test(f)),
        istioLoadedLinkerd: afterIstio.filter(f => /^linkerd\\//.test(f)),
        rulesAfterAnalysis: afterAnalysis.some(f => f.startsWith('analysis/rules/')) }));`;
    // WHEN
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    // THEN
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      cold: ['index.js'],
      istio: 'function',
      analyze: 'function',
      istioLoadedAnalysis: [],
      istioLoadedLinkerd: [],
      rulesAfterAnalysis: true,
    });
  });

  test('the lazy barrel exports the same names as the sources', () => {
    // GIVEN
    const script = `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(lib)})).sort()))`;
    // WHEN
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    // THEN
    expect(r.stderr).toBe('');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const src = require('../src');
    expect(JSON.parse(r.stdout)).toEqual(Object.keys(src).sort());
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(10);
  });

  test('offers named ESM imports of the lazy names', () => {
    // GIVEN
    const script = `import { MeshApp, CanaryService, istio, analysis } from ${JSON.stringify(path.join(lib, 'index.js'))};
      console.log([MeshApp, CanaryService, istio.VirtualService, analysis.analyzeManifests].map(x => typeof x).join(' '));`;
    // WHEN
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    // THEN
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('function function function function\n');
  });
});
