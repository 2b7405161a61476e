import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { MeshAnalysisOptions } from '../analysis/pack';
import { renderApiObject, renderOptions } from '../private/render';
import { printDocuments, writeDocuments } from '../private/yaml-printer';

/**
 * The validated synthesis pipeline behind `MeshApp`: what `App.synth()` does (construct validations, dependency
 * ordering, the files of the app's `yamlOutputType`, `construct-metadata.json` when recorded), with each API object
 * rendered once and that one rendering checked by the validation engine and the rule pack before a file is
 * written. Internal module: the public entry points are `MeshApp` and `MeshApp.synthesize`.
 */

/** Options of one pipeline run (see `MeshSynthesisOptions`). */
export interface PipelineOptions {
  readonly analysis?: MeshAnalysisOptions;
  readonly progress?: boolean;
}

/** A chart and its objects' renderings, in cdk8s's order. */
interface RenderedChart {
  readonly chart: Chart;
  readonly objects: ApiObject[];
  readonly manifests: any[];
}

/** Renders, checks and writes `app` as `app.synth()` would. Throws before writing anything if a check fails. */
export function synthesizeApp(app: App, options: PipelineOptions = {}): void {
  const progress = new Progress(options.progress);
  const { charts, hasDependantCharts } = renderChecked(app, options, progress);
  fs.mkdirSync(app.outdir, { recursive: true });
  writeFiles(app, charts, hasDependantCharts);
  if ((app as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata) {
    const resources: Record<string, { path: string }> = {};
    for (const c of charts) for (const o of c.objects) resources[o.name] = { path: o.node.path };
    fs.writeFileSync(path.join(app.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
  }
  progress.done(`wrote ${count(charts)} objects to ${app.outdir}`);
}

/** What `app.synthYaml()` returns, from the same checked rendering. */
export function synthesizeAppYaml(app: App, options: PipelineOptions = {}): string {
  const progress = new Progress(options.progress);
  const { charts } = renderChecked(app, options, progress);
  progress.done(`checked ${count(charts)} objects`);
  return printDocuments(charts.flatMap(c => c.manifests));
}

function renderChecked(app: App, options: PipelineOptions, progress: Progress): { charts: RenderedChart[]; hasDependantCharts: boolean } {
  const all = app.node.findAll();
  // As `App.synth()`: every construct's own validations first, with the same message.
  const errors: string[] = [];
  for (const c of all) for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
  throwIfAny(errors);
  const { hasDependantCharts, hasDependencies } = resolveDependencies(all);
  const byChart = hasDependencies ? undefined : objectsByChart(all);
  const charts = topology(app, all).filter(Chart.isChart).map(chart => {
    const objects = byChart ? byChart.get(chart) ?? [] : chartObjects(chart);
    const render = renderOptions(App.of(chart));
    const manifests = objects.map(o => renderApiObject(o, render));
    progress.update(`rendered ${objects.length} objects of ${chart.node.path}`);
    return { chart, objects, manifests };
  });
  const manifests = charts.flatMap(c => c.manifests);
  progress.update(`validating and analysing ${manifests.length} objects`);
  throwIfAny(check(app, charts.flatMap(c => c.objects), manifests, options.analysis ?? {}).map(f => `[MeshAnalyzer] ${f}`));
  return { charts, hasDependantCharts };
}

/** The findings that fail synthesis, formatted as `MeshAnalyzer.addToScope` reports them (warnings printed). */
function check(app: App, objects: ApiObject[], manifests: any[], options: MeshAnalysisOptions): string[] {
  // Required here, not imported at the top: src/analysis imports src/core, and core must load without it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pack = require('../analysis/pack') as typeof import('../analysis/pack');
  return pack.scopeFailures(app, objects, manifests, options);
}

function throwIfAny(errors: string[]): void {
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * cdk8s's dependency resolution (`App.synth()`), over one `findAll()`: whether a chart now depends on another, and
 * whether any construct depends on any other.
 */
function resolveDependencies(all: IConstruct[]): { hasDependantCharts: boolean; hasDependencies: boolean } {
  let hasDependantCharts = false;
  const charts = all.filter(Chart.isChart);
  for (const parent of charts) {
    for (const child of parent.node.children) {
      if (!Chart.isChart(child)) continue;
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  const deps = dependencies(all);
  // The chart dependencies added above are among `deps`: none at all means nothing depends on anything.
  if (deps.length === 0) return { hasDependantCharts, hasDependencies: false };
  for (const { source, target } of deps) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  for (const { source, target } of dependencies(all)) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    const targets = target.node.findAll().filter(ApiObject.isApiObject).filter(x => Chart.of(x) === targetChart);
    const sources = source.node.findAll().filter(ApiObject.isApiObject).filter(x => Chart.of(x) === sourceChart);
    for (const t of targets) for (const s of sources) if (t !== s) s.node.addDependency(t);
  }
  return { hasDependantCharts, hasDependencies: true };
}

/** Every (source, target) dependency between constructs of `all`. */
function dependencies(all: IConstruct[]): { source: IConstruct; target: IConstruct }[] {
  const out: { source: IConstruct; target: IConstruct }[] = [];
  for (const source of all) for (const target of source.node.dependencies) out.push({ source, target });
  return out;
}

/**
 * Every chart's objects, each in its closest chart, in `findAll()` order: `chartObjects` of every chart at once,
 * for an app where no construct depends on another (so each chart's topology is its `findAll()` order).
 */
function objectsByChart(all: IConstruct[]): Map<IConstruct, ApiObject[]> {
  const out = new Map<IConstruct, ApiObject[]>();
  for (const c of all) {
    if (!ApiObject.isApiObject(c)) continue;
    let list = out.get(c.chart);
    if (!list) out.set(c.chart, list = []);
    list.push(c);
  }
  return out;
}

/** The objects of `chart` in dependency order, each only in its closest chart (cdk8s's `chartToKube`). */
function chartObjects(chart: Chart): ApiObject[] {
  return topology(chart, chart.node.findAll())
    .filter(ApiObject.isApiObject)
    .filter(x => Chart.of(x) === chart);
}

/**
 * `new DependencyGraph(scope.node).topology()`, without building the graph (and every construct's path) when no
 * construct under `scope` depends on another under it. Then the graph's order is that of an object keyed by path:
 * `nodes` in order, except that paths which are array indices (`0`, `12`: only children of the root can have one)
 * come first, in numeric order.
 */
function topology(scope: IConstruct, nodes: IConstruct[]): IConstruct[] {
  for (const n of nodes) {
    for (const d of n.node.dependencies) {
      if (isWithin(d, scope)) return new DependencyGraph(scope.node).topology();
    }
  }
  const indexed = nodes.filter(n => n.node.scope !== undefined && n.node.scope.node.scope === undefined && isArrayIndex(n.node.id));
  if (indexed.length === 0) return nodes;
  const first = new Set(indexed);
  const rest = nodes.filter(n => !first.has(n));
  return [...indexed.sort((a, b) => Number(a.node.id) - Number(b.node.id)), ...rest];
}

function isWithin(c: IConstruct, scope: IConstruct): boolean {
  for (let s: IConstruct | undefined = c; s !== undefined; s = s.node.scope) if (s === scope) return true;
  return false;
}

/** A canonical array index, which JavaScript objects order before other keys. */
function isArrayIndex(id: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(id) && Number(id) < 2 ** 32 - 1;
}

/** The files of `app.yamlOutputType`, named as cdk8s names them. */
function writeFiles(app: App, charts: RenderedChart[], hasDependantCharts: boolean): void {
  const ext = app.outputFileExtension;
  const save = writeDocuments;
  const chartName = namer(hasDependantCharts);
  const resourceFile = (m: any) => `${m.kind}.${m.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '') + ext;
  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP:
      if (charts.length > 0) save(path.join(app.outdir, `app${ext}`), charts.flatMap(c => c.manifests));
      break;
    case YamlOutputType.FILE_PER_CHART:
      for (const c of charts) save(path.join(app.outdir, chartName(c.chart) + ext), c.manifests);
      break;
    case YamlOutputType.FILE_PER_RESOURCE:
      for (const c of charts) for (const m of c.manifests) save(path.join(app.outdir, resourceFile(m)), [m]);
      break;
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
      for (const c of charts) {
        const dir = path.join(app.outdir, chartName(c.chart));
        fs.mkdirSync(dir, { recursive: true });
        for (const m of c.manifests) save(path.join(dir, resourceFile(m)), [m]);
      }
      break;
    default:
      break;
  }
}

/** cdk8s's chart file and folder names: the chart's DNS label, numbered `0000-` when charts depend on each other. */
function namer(indexed: boolean): (chart: Chart) => string {
  let index = 0;
  return chart => (indexed ? `${(index++).toString().padStart(4, '0')}-` : '') + Names.toDnsLabel(chart);
}

function count(charts: RenderedChart[]): number {
  return charts.reduce((n, c) => n + c.objects.length, 0);
}

/**
 * Progress on stderr: one line rewritten in place on a terminal, nothing in CI or when piped (unless asked for,
 * then one plain line per step).
 */
class Progress {
  private readonly on: boolean;
  private readonly tty = process.stderr.isTTY === true;
  private shown = false;

  constructor(enabled: boolean | undefined) {
    this.on = enabled ?? (this.tty && !process.env.CI);
  }

  public update(message: string): void {
    if (!this.on) return;
    process.stderr.write(this.tty ? `\r\x1b[2Kcdk8s-mesh: ${message}` : `cdk8s-mesh: ${message}\n`);
    this.shown = true;
  }

  public done(message: string): void {
    if (!this.on) return;
    process.stderr.write(`${this.tty && this.shown ? '\r\x1b[2K' : ''}cdk8s-mesh: ${message}\n`);
  }
}
