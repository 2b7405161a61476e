import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

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
      .replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)} })`);
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
});
