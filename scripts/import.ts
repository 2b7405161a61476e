/**
 * Regenerates `src/imports/` from the upstream CRDs in `../shared/crds`:
 *
 * - the L1 bindings, one file per API group, with `cdk8s import` (one spec per run, so each upstream
 *   project's CRD files are concatenated into one multi-document input first);
 * - `schemas.ts`, the OpenAPI v3 schemas of every served CRD version plus the Kubernetes built-in kinds
 *   the library emits, so the validation engine needs no `../shared` at run time.
 *
 * Usage: `npx projen import` (writes src/imports) or
 *        `ts-node scripts/import.ts --out DIR` (writes elsewhere; the drift test uses this).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const CRDS = process.env.MESH_CRDS_DIR ?? path.resolve(ROOT, '..', 'shared', 'crds');

/**
 * Upstream projects: each becomes one `cdk8s import` run, unless `bindings` is false (schemas only: the library
 * emits none of that project's kinds, but validates objects handed to it, such as an Argo `Rollout`).
 */
const PROJECTS: Array<{ name: string; files: string[]; bindings?: boolean }> = [
  { name: 'istio', files: ['istio/crd-all.gen.yaml'] },
  { name: 'linkerd', files: listYaml('linkerd') },
  { name: 'gateway-api', files: listYaml('gateway-api') },
  { name: 'flagger', files: ['flagger/crd.yaml'] },
  { name: 'argo-rollouts', files: ['argo-rollouts/rollout-crd.yaml'], bindings: false },
];

/** Built-in kinds the library emits; their schemas come from the Kubernetes OpenAPI definitions. */
const BUILTIN_KINDS: Array<{ apiVersion: string; kind: string; definition: string; namespaced: boolean }> = [
  { apiVersion: 'v1', kind: 'Namespace', definition: 'io.k8s.api.core.v1.Namespace', namespaced: false },
  { apiVersion: 'v1', kind: 'Service', definition: 'io.k8s.api.core.v1.Service', namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', definition: 'io.k8s.api.core.v1.ServiceAccount', namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', definition: 'io.k8s.api.core.v1.ConfigMap', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', definition: 'io.k8s.api.apps.v1.Deployment', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', definition: 'io.k8s.api.networking.v1.NetworkPolicy', namespaced: true },
];

function listYaml(dir: string): string[] {
  return fs.readdirSync(path.join(CRDS, dir)).filter(f => f.endsWith('.yaml')).sort().map(f => `${dir}/${f}`);
}

/**
 * Reads a YAML file, repairing what Kubernetes' YAML reader accepts and the `yaml` package (which cdk8s-cli
 * uses) rejects: Flagger's CRD continues single-quoted descriptions on lines indented no deeper than their key.
 * Such a scalar is folded onto one line (a line break inside a flow scalar reads as a space). Files that parse
 * cleanly are returned unchanged.
 */
function readYaml(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const clean = (t: string) => parseAllDocuments(t).every(d => d.errors.length === 0);
  if (clean(text)) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const open = /^\s*[\w.-]+: '(.*)$/.exec(line);
    if (open && (open[1].replace(/''/g, '').match(/'/g) ?? []).length === 0) {
      while (i + 1 < lines.length && (line.replace(/''/g, '').match(/'/g) ?? []).length < 2) line = `${line} ${lines[++i].trim()}`;
    }
    out.push(line);
  }
  const repaired = out.join('\n');
  if (!clean(repaired)) throw new Error(`${file} is not valid YAML, even with multi-line quoted scalars folded`);
  return repaired;
}

function main() {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? path.resolve(process.argv[outIndex + 1]) : path.join(ROOT, 'src', 'imports');
  if (!fs.existsSync(CRDS)) {
    throw new Error(`CRD folder not found: ${CRDS} (expected ../shared/crds beside the project, or set MESH_CRDS_DIR)`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-import-'));
  const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  const crds: any[] = [];
  for (const project of PROJECTS) {
    const docs = project.files.map(f => readYaml(path.join(CRDS, f)));
    const input = path.join(work, `${project.name}.yaml`);
    fs.writeFileSync(input, docs.map(d => d.replace(/^---\s*\n/, '')).join('\n---\n'));
    if (project.bindings !== false) {
      execFileSync(process.execPath, [cli, 'import', input, '--output', out, '--language', 'typescript', '--no-check-upgrade', '--no-save'], {
        cwd: work,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    for (const text of docs) {
      for (const doc of parseAllDocuments(text)) {
        const crd = doc.toJS();
        if (crd?.kind === 'CustomResourceDefinition') crds.push(crd);
      }
    }
  }
  fs.rmSync(work, { recursive: true, force: true });

  for (const file of fs.readdirSync(out).filter(f => f.endsWith('.ts')).sort()) {
    const text = fs.readFileSync(path.join(out, file), 'utf8');
    fs.writeFileSync(path.join(out, file), `// GENERATED by \`npx projen import\` from ../shared/crds: do not edit.\n${text}`);
  }
  writeSchemas(out, crds);
}

/** Builds the schema bundle: `{ kinds: { "<apiVersion>/<kind>": {...} }, definitions: {...} }`. */
function writeSchemas(out: string, crds: any[]) {
  const kinds: Record<string, any> = {};
  for (const crd of crds) {
    const { group, names, scope } = crd.spec;
    for (const version of crd.spec.versions ?? []) {
      if (!version.served) continue;
      const apiVersion = `${group}/${version.name}`;
      kinds[`${apiVersion}/${names.kind}`] = {
        apiVersion,
        kind: names.kind,
        namespaced: scope === 'Namespaced',
        deprecated: version.deprecated === true,
        schema: version.schema?.openAPIV3Schema ?? { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
      };
    }
  }

  const definitions: Record<string, any> = JSON.parse(fs.readFileSync(path.join(CRDS, 'kubernetes', 'v1.35.0-definitions.json'), 'utf8')).definitions;
  const needed = new Set<string>(['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
  for (const b of BUILTIN_KINDS) {
    needed.add(b.definition);
    kinds[`${b.apiVersion}/${b.kind}`] = {
      apiVersion: b.apiVersion,
      kind: b.kind,
      namespaced: b.namespaced,
      deprecated: false,
      schema: { $ref: `#/definitions/${b.definition}` },
    };
  }
  // Keep only the definitions reachable from the kinds above.
  const queue = [...needed];
  while (queue.length > 0) {
    const name = queue.pop()!;
    JSON.stringify(definitions[name], (key, value) => {
      if (key === '$ref' && typeof value === 'string') {
        const ref = value.replace('#/definitions/', '');
        if (!needed.has(ref)) {
          needed.add(ref);
          queue.push(ref);
        }
      }
      return value;
    });
  }
  const kept: Record<string, any> = {};
  for (const name of [...needed].sort()) kept[name] = stripDescriptions(definitions[name]);
  const sortedKinds: Record<string, any> = {};
  for (const key of Object.keys(kinds).sort()) sortedKinds[key] = stripDescriptions(kinds[key]);

  const json = JSON.stringify({ kinds: sortedKinds, definitions: kept });
  fs.writeFileSync(path.join(out, 'schemas.ts'), [
    '// GENERATED by `npx projen import` from ../shared/crds: do not edit.',
    '// OpenAPI v3 schemas of the served CRD versions (Istio, Linkerd, Gateway API, Flagger, Argo Rollouts) and of the',
    '// Kubernetes built-in kinds the library emits, for the validation engine.',
    `export const SCHEMAS_JSON: string = ${JSON.stringify(json)};`,
    '',
  ].join('\n'));
}

/** Descriptions are documentation, not validation: drop them to keep the bundle small. */
function stripDescriptions(value: any): any {
  if (Array.isArray(value)) return value.map(stripDescriptions);
  if (value === null || typeof value !== 'object') return value;
  const result: any = {};
  for (const [k, v] of Object.entries(value)) {
    // `description` is a key of the schema keyword, never of `properties` (which maps field names).
    if (k === 'description' && typeof v === 'string') continue;
    result[k] = k === 'properties' ? mapValues(v as any, stripDescriptions) : stripDescriptions(v);
  }
  return result;
}

function mapValues(obj: Record<string, any>, fn: (v: any) => any) {
  const result: Record<string, any> = {};
  for (const [k, v] of Object.entries(obj)) result[k] = fn(v);
  return result;
}

main();
