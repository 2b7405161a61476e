// Makes the compiled barrel `lib/index.js` load its modules on first use, as aws-cdk-lib's `lazify` does.
//
// tsc compiles `export * from './core'` to `__exportStar(require("./core"), exports)` and
// `export * as istio from './istio'` to `exports.istio = __importStar(require("./istio"))`: both load every module
// of the library (constructs, bindings, the validation engine, the rule pack) on `require('cdk8s-mesh')`. This
// rewrites them into getters that require the module when a name is first read, then keep the value. The names
// re-exported by `export *` are read at build time by loading the module here, so the set of names, their order
// and which module wins a name two modules export (the first, as `__exportStar`) stay what tsc produced.
// Run after jsii in the `compile` task; idempotent (a rewritten file has no `__exportStar` or `__importStar` call).
import * as fs from 'fs';
import * as path from 'path';

const lib = path.join(__dirname, '..', 'lib');
const file = path.join(lib, 'index.js');
const source = fs.readFileSync(file, 'utf8');

const EXPORT_STAR = /^__exportStar\(require\("(\.\/[^"]+)"\), exports\);$/;
const IMPORT_STAR = /^exports\.([A-Za-z_$][\w$]*) = __importStar\(require\("(\.\/[^"]+)"\)\);$/;

const seen = new Set<string>();
let rewritten = 0;
const out = source.split('\n').map(line => {
  const star = EXPORT_STAR.exec(line);
  if (star) {
    rewritten++;
    const mod = require(path.join(lib, star[1]));
    const names = Object.keys(mod).filter(n => n !== 'default' && n !== '__esModule' && !seen.has(n));
    names.forEach(n => seen.add(n));
    // The `exports.X = void 0` chain is what Node's cjs-module-lexer reads to offer named ESM imports
    // (`import { MeshApp } from 'cdk8s-mesh'`); `lazy` then replaces each with its getter.
    return `${names.map(n => `exports.${n} = `).join('')}void 0;\nlazy(${JSON.stringify(star[1])}, ${JSON.stringify(names)});`;
  }
  const ns = IMPORT_STAR.exec(line);
  if (ns) {
    rewritten++;
    seen.add(ns[1]);
    return `lazyNamespace(${JSON.stringify(ns[1])}, ${JSON.stringify(ns[2])});`;
  }
  return line;
});

if (rewritten > 0) {
  const helpers = [
    '// Rewritten by scripts/lazify.ts: each module loads when one of its names is first read.',
    'function define(name, load) {',
    '    Object.defineProperty(exports, name, { enumerable: true, configurable: true, get() {',
    '        const value = load();',
    '        Object.defineProperty(exports, name, { enumerable: true, configurable: true, writable: false, value });',
    '        return value;',
    '    } });',
    '}',
    'function lazy(file, names) { for (const name of names) define(name, () => require(file)[name]); }',
    'function lazyNamespace(name, file) { define(name, () => require(file)); }',
  ];
  const at = out.findIndex(l => l.startsWith('exports.') && l.includes('\nlazy(') || l.startsWith('lazyNamespace('));
  out.splice(at, 0, ...helpers);
  fs.writeFileSync(file, out.join('\n'));
}
console.log(`lazify: ${rewritten} re-exports of lib/index.js load on first use`);
