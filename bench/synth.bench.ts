/**
 * `npx projen bench`: whole processes, paired with the floor, at N = 1,000 and 5,000 services (issue 9).
 *
 * The floor F is the same plain objects dumped with js-yaml (`dump` per document, joined with `---`) and written to
 * a file. Each path runs as a fresh `node` process against the compiled library in `lib/` (run
 * `npx projen compile` first), in rounds that alternate which of the pair runs first; a path's figure is the median
 * of its per-round ratios to F. Peak RSS comes from `/usr/bin/time` (`%M`). Growth is the per-service cost at the
 * largest N over that at the smallest (1.0 = linear; process start-up makes whole-process growth look better).
 *
 * A benchmark, not a test: nothing fails on its numbers. `BENCH_SIZES=1000` and `BENCH_ROUNDS=3` pick other
 * sizes and round counts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.bench');
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** The paths of issue 9's table; each a command line given N and an output folder. */
interface BenchPath {
  readonly label: string;
  readonly argv: (n: number, outdir: string) => string[];
  /** Exit codes that mean the run did its job. */
  readonly ok?: number[];
}

const workload = (name: string): BenchPath['argv'] => (n, outdir) => [path.join(WORK, 'workload.js'), name, String(n), outdir];
const FLOOR: BenchPath = { label: 'F: plain objects dumped with js-yaml', argv: workload('floor') };
const PATHS: BenchPath[] = [
  { label: 'plain cdk8s ApiObjects, app.synth()', argv: workload('cdk8s-apiobjects-synth') },
  { label: 'cdk8s-mesh constructs, app.synth()', argv: workload('constructs-synth') },
  { label: 'constructs + MeshAnalyzer.addToScope(app) + app.synth()', argv: workload('constructs-addtoscope-synth') },
  { label: 'constructs, MeshApp synth() (validated, analysed)', argv: workload('constructs-meshapp') },
  { label: 'plain cdk8s ApiObjects, MeshApp synth() (validated, analysed)', argv: workload('cdk8s-apiobjects-meshapp') },
  { label: 'analysis.analyzeManifests on the plain objects', argv: workload('analyze-manifests') },
  { label: 'analysis.validateManifests on the plain objects', argv: workload('validate-manifests') },
  {
    label: 'cdk8s-mesh analyze on the file F wrote',
    argv: n => [path.join(ROOT, 'lib', 'cli', 'main.js'), 'analyze', floorFile(n)],
  },
];
const BARE_NODE: BenchPath = { label: 'node -e 0', argv: () => ['-e', '0'] };
const COLD_REQUIRE: BenchPath = { label: "cold require('cdk8s-mesh') vs node -e 0", argv: () => ['-e', `require(${JSON.stringify(path.join(ROOT, 'lib'))})`] };
// The barrel is lazy (scripts/lazify.ts), so also what reading the first construct class costs: cdk8s and the Istio L2.
const FIRST_CONSTRUCT: BenchPath = {
  label: "require('cdk8s-mesh').istio.VirtualService vs node -e 0",
  argv: () => ['-e', `require(${JSON.stringify(path.join(ROOT, 'lib'))}).istio.VirtualService`],
};
const CDK8S_ONLY: BenchPath = { label: "require('cdk8s') vs node -e 0", argv: () => ['-e', "require('cdk8s')"] };

/** Wall time, CPU time (user + system: less sensitive to other load on a shared machine) and peak RSS. */
interface Run { readonly ms: number; readonly cpuMs: number; readonly rssMb: number }

function floorFile(n: number): string {
  return path.join(WORK, `floor-${n}`, 'floor.yaml');
}

/** One whole process: wall time measured here, peak RSS by `/usr/bin/time`. */
function run(p: BenchPath, n: number): Run {
  const outdir = path.join(WORK, `out-${n}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  const timeFile = path.join(WORK, 'time.txt');
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...p.argv(n, outdir)], {
    cwd: ROOT, env: { ...process.env, CI: '1' }, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status === null || !(p.ok ?? [0]).includes(r.status)) {
    throw new Error(`${p.label} at N=${n} exited with ${r.status ?? r.signal}:\n${r.stderr}\n${r.stdout.slice(0, 2000)}`);
  }
  const [kb, user, sys] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, rssMb: kb / 1024 };
}

/** `ROUNDS` pairs of (baseline, path), alternating which runs first. */
function paired(base: BenchPath, p: BenchPath, n: number): { base: Run[]; path: Run[] } {
  const out = { base: [] as Run[], path: [] as Run[] };
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      out.base.push(run(base, n));
      out.path.push(run(p, n));
    } else {
      out.path.push(run(p, n));
      out.base.push(run(base, n));
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Transpiles the workload (no ts-node in the measured processes) next to the output. */
function prepare() {
  const lib = path.join(ROOT, 'lib', 'index.js');
  if (!fs.existsSync(lib)) throw new Error('lib/ is missing: run `npx projen compile` first');
  const newestSource = Math.max(...walk(path.join(ROOT, 'src')).map(f => fs.statSync(f).mtimeMs));
  if (fs.statSync(lib).mtimeMs < newestSource) console.warn('warning: lib/ is older than src/: run `npx projen compile` for current figures');
  fs.mkdirSync(WORK, { recursive: true });
  const source = fs.readFileSync(path.join(__dirname, 'workload.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  fs.writeFileSync(path.join(WORK, 'workload.js'), js);
  for (const n of SIZES) {
    run({ ...FLOOR, argv: workload('floor') }, n);
    fs.mkdirSync(path.dirname(floorFile(n)), { recursive: true });
    fs.copyFileSync(path.join(WORK, `out-${n}`, 'floor.yaml'), floorFile(n));
  }
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(rows[0]), `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

function main() {
  prepare();
  const sizes = [...SIZES].sort((a, b) => a - b);
  const header = ['path', ...sizes.flatMap(n => [`x F N=${n}`, `x F CPU N=${n}`, `ms N=${n}`, `RSS MiB N=${n}`, `x F RSS N=${n}`])];
  if (sizes.length > 1) header.push(`growth ${sizes[0]}->${sizes[sizes.length - 1]}`, 'growth CPU');
  const rows: string[][] = [header];
  const floorRow: string[] = [FLOOR.label];
  const floorRuns: Record<number, Run[]> = {};
  for (const p of PATHS) {
    const row = [p.label];
    const perService: number[] = [];
    const perServiceCpu: number[] = [];
    for (const n of sizes) {
      const r = paired(FLOOR, p, n);
      (floorRuns[n] ??= []).push(...r.base);
      const ratio = median(r.path.map((x, i) => x.ms / r.base[i].ms));
      const cpuRatio = median(r.path.map((x, i) => x.cpuMs / r.base[i].cpuMs));
      const ms = median(r.path.map(x => x.ms));
      const rss = median(r.path.map(x => x.rssMb));
      row.push(ratio.toFixed(2), cpuRatio.toFixed(2), ms.toFixed(0), rss.toFixed(0), (rss / median(r.base.map(x => x.rssMb))).toFixed(2));
      perService.push(ms / n);
      perServiceCpu.push(median(r.path.map(x => x.cpuMs)) / n);
      console.error(`${p.label} N=${n}: ${ratio.toFixed(2)} x F`);
    }
    if (sizes.length > 1) {
      row.push((perService[perService.length - 1] / perService[0]).toFixed(2), (perServiceCpu[perServiceCpu.length - 1] / perServiceCpu[0]).toFixed(2));
    }
    rows.push(row);
  }
  for (const n of sizes) {
    const runs = floorRuns[n];
    floorRow.push('1.00', '1.00', median(runs.map(x => x.ms)).toFixed(0), median(runs.map(x => x.rssMb)).toFixed(0), '1.00');
  }
  if (sizes.length > 1) {
    const [small, large] = [sizes[0], sizes[sizes.length - 1]];
    const growth = (f: (x: Run) => number) => (median(floorRuns[large].map(f)) / large / (median(floorRuns[small].map(f)) / small)).toFixed(2);
    floorRow.push(growth(x => x.ms), growth(x => x.cpuMs));
  }
  rows.splice(1, 0, floorRow);

  const cold = paired(BARE_NODE, COLD_REQUIRE, 0);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${cpu}), Node ${process.version}, ${ROUNDS} paired rounds per cell`);
  console.log('');
  console.log(table(rows));
  console.log('');
  for (const [label, c] of [[COLD_REQUIRE.label, cold], [FIRST_CONSTRUCT.label, paired(BARE_NODE, FIRST_CONSTRUCT, 0)], [CDK8S_ONLY.label, paired(BARE_NODE, CDK8S_ONLY, 0)]] as const) {
    const wall = median(c.path.map((x, i) => x.ms / c.base[i].ms));
    const cpuRatio = median(c.path.map((x, i) => x.cpuMs / c.base[i].cpuMs));
    console.log(`${label}: ${wall.toFixed(2)} x wall, ${cpuRatio.toFixed(2)} x CPU (${median(c.path.map(x => x.ms)).toFixed(0)} ms vs ${median(c.base.map(x => x.ms)).toFixed(0)} ms; `
      + `RSS ${median(c.path.map(x => x.rssMb)).toFixed(0)} MiB vs ${median(c.base.map(x => x.rssMb)).toFixed(0)} MiB)`);
  }
}

main();
