import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { FindingSeverity, formatFinding, validateManifests } from '../src/analysis';

/** The README's quick start is code users copy: it must compile and synthesize. */
describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## Quick start');
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(start))![1];

  test('the quick start synthesizes valid, analyzed YAML', () => {
    // GIVEN the quick start, importing this checkout instead of the published package
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-readme-'));
    const source = block
      .replace(/from 'cdk8s-mesh'/g, `from ${JSON.stringify(path.join(__dirname, '..', 'src'))}`)
      .replace(/new (Mesh)?App\(\)/, `new $1App({ outdir: ${JSON.stringify(outdir)} })`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    // WHEN
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', js)(require, {});
    // THEN
    const yaml = fs.readFileSync(path.join(outdir, fs.readdirSync(outdir)[0]), 'utf8');
    expect(yaml).toContain('kind: VirtualService');
    expect(yaml).toMatch(/retries:\n\s+attempts: 0/);
    expect(yaml).toContain('name: payment-api.production.svc.cluster.local');
  });

  test('the patterns example synthesizes the canary on every dialect', () => {
    // GIVEN the first code a reader sees
    const p = readme.indexOf('## Patterns');
    const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(p))![1];
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-readme-'));
    const source = code
      .replace(/from 'cdk8s-mesh'/g, `from ${JSON.stringify(path.join(__dirname, '..', 'src'))}`)
      .replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)} })`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    // WHEN
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', js)(require, {});
    // THEN one file per dialect, each valid for the API server
    const files = fs.readdirSync(outdir).sort();
    expect(files).toEqual(['gamma.k8s.yaml', 'istio.k8s.yaml', 'linkerd.k8s.yaml']);
    const docs = files.flatMap(f => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map(d => d.toJS()));
    expect(validateManifests(docs).filter(f => f.severity === FindingSeverity.ERROR).map(formatFinding)).toEqual([]);
    expect(fs.readFileSync(path.join(outdir, 'istio.k8s.yaml'), 'utf8')).toMatch(/subset: canary\n\s+weight: 10/);
    expect(fs.readFileSync(path.join(outdir, 'linkerd.k8s.yaml'), 'utf8')).toContain('retry.linkerd.io/limit: "3"');
  });
});
