/**
 * Synthesizes every app under examples/ with `cdk8s synth`, each into its own dist/ folder
 * (`cdk8s synth` wipes its output folder, so never projen's dist/).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

const apps = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'cdk8s.yaml'))).sort();
for (const name of apps) {
  const dir = path.join(EXAMPLES, name);
  console.log(`cdk8s synth: examples/${name}`);
  execFileSync(process.execPath, [CLI, 'synth', '--no-check-upgrade'], { cwd: dir, stdio: 'inherit' });
  const files = fs.readdirSync(path.join(dir, 'dist')).sort();
  console.log(`  wrote ${files.map(f => `examples/${name}/dist/${f}`).join(', ')}`);
}
