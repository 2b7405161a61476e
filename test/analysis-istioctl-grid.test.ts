/**
 * istioctl analyze's own analyzer test grid (istio/istio `pkg/config/analysis/analyzers/analyzers_test.go`,
 * copied unchanged to test/fixtures/istioctl-analyzers/, see SOURCE.md) run through the rule pack.
 *
 * Each upstream case runs one analyzer on its input files (plus istioctl's default ingress gateway) and lists
 * the messages it expects as `{code, "<Kind> [<namespace>/]<name>"}`. For every case whose analyzer emits a
 * code we implement, the pack must report exactly those findings for those codes: no more and no fewer,
 * except the differences listed in KNOWN_DIFFERENCES with their reasons.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { MeshConfigFile, analyzeManifests } from '../src/analysis';
import { AnalysisFinding } from '../src/analysis/finding';
import { RULES } from '../src/analysis/pack';
import { ManifestReader } from '../src/analysis/yaml-reader';

const DIR = path.join(__dirname, 'fixtures', 'istioctl-analyzers');

interface GridCase {
  readonly name: string;
  readonly inputFiles: string[];
  readonly meshConfigFile?: string;
  readonly analyzer: string;
  readonly expected: Array<{ code: string; origin: string }>;
}

/** Message type name (`ReferencedResourceNotFound`) to code (`IST0101`), from upstream's messages.yaml. */
const CODES: Record<string, string> = Object.fromEntries(
  (parse(fs.readFileSync(path.join(DIR, 'messages.yaml'), 'utf8')).messages as any[]).map(m => [m.name, m.code]));

/** Analyzer (`virtualservice.GatewayAnalyzer`) to the codes its source can emit. */
const ANALYZER_CODES: Record<string, { source: string; codes: string[] }> = JSON.parse(fs.readFileSync(path.join(DIR, 'analyzer-codes.json'), 'utf8'));

/** Parses `var testGrid = []testCase{...}` of analyzers_test.go. */
export function parseGrid(source: string): GridCase[] {
  const start = source.indexOf('var testGrid = []testCase{');
  const end = source.indexOf('\n}\n', start);
  const body = source.slice(start, end);
  const blocks = body.split(/\n\t\{\n/).slice(1);
  return blocks.map(block => {
    const text = block.split('\n').filter(l => !l.trim().startsWith('//')).join('\n');
    const name = /name:\s+"([^"]*)"/.exec(text)![1];
    const files = /inputFiles:\s*\[\]string\{([^}]*)\}/.exec(text)![1];
    const inputFiles = [...files.matchAll(/"([^"]+)"/g)].map(m => m[1]);
    const meshConfigFile = /meshConfigFile:\s+"([^"]+)"/.exec(text)?.[1];
    const analyzer = /analyzer:\s+&?(\w+\.\w+)/.exec(text)![1];
    const expected = [...text.matchAll(/\{msg\.([A-Za-z]+),\s*"([^"]*)"\}/g)].map(m => {
      const code = CODES[m[1]];
      if (!code) throw new Error(`unknown message type ${m[1]} in case ${name}`);
      return { code, origin: m[2] };
    });
    return { name, inputFiles, meshConfigFile, analyzer, expected };
  });
}

const GRID = parseGrid(fs.readFileSync(path.join(DIR, 'analyzers_test.go'), 'utf8'));

/** The upstream codes the pack implements: a rule's id or its `upstream`. */
const IMPLEMENTED = new Set(RULES.map(r => r.upstream ?? r.id).filter(c => c.startsWith('IST')));

/** A case's input file, read as the CLI reads files (as `kubectl apply -f`: YAML 1.1, `kind: List` expanded). */
function load(file: string): any[] {
  return ManifestReader.parse(fs.readFileSync(path.join(DIR, file), 'utf8'), file).map(m => m.manifest);
}

/**
 * Which upstream analyzer a finding of a shared code (IST0101 comes from ten analyzers) belongs to, from the
 * kind and field it is about, so a case of one analyzer is compared with that analyzer's share of the code.
 */
function analyzerOf(f: AnalysisFinding): string[] | undefined {
  const code = f.upstream ?? f.ruleId;
  if (code !== 'IST0101') return undefined;
  if (f.kind === 'VirtualService') {
    if (/^spec\.gateways|\.gateways\[/.test(f.path)) return ['virtualservice.GatewayAnalyzer'];
    if (/\.subset$/.test(f.path)) return ['virtualservice.DestinationRuleAnalyzer'];
    return ['virtualservice.DestinationHostAnalyzer'];
  }
  if (f.kind === 'Gateway') {
    if (f.path.includes('credentialName')) return ['gateway.SecretAnalyzer'];
    // both analyzers report a Gateway selector that matches no pod
    return ['gateway.IngressGatewayPortAnalyzer', 'gateway.SecretAnalyzer'];
  }
  if (f.kind === 'Sidecar') return ['sidecar.SelectorAnalyzer'];
  if (f.kind === 'AuthorizationPolicy') return ['authz.AuthorizationPoliciesAnalyzer'];
  if (f.kind === 'Telemetry') return ['telemetry.SelectorAnalyzer'];
  return undefined;
}

function origin(f: AnalysisFinding): string {
  return `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`;
}

/** A case's key: its name and first input file (upstream names repeat). */
function key(c: GridCase): string {
  return `${c.name} (${c.inputFiles.join(', ')})`;
}

/** Where the pack knowingly differs from upstream, by case key: the findings missed or extra, and why. */
const KNOWN_DIFFERENCES: Record<string, { missed?: string[]; extra?: string[]; reason: string }> = {
};

interface Outcome {
  readonly key: string;
  readonly codes: string[];
  readonly expected: string[];
  readonly matched: string[];
  readonly missed: string[];
  readonly extra: string[];
}

function runCase(c: GridCase): Outcome {
  const codes = ANALYZER_CODES[c.analyzer]?.codes.filter(code => IMPLEMENTED.has(code)) ?? [];
  const manifests = [...c.inputFiles.flatMap(load), ...load('default-resources.yaml')];
  // the case's meshConfigFile, read as `--meshconfig` reads it
  const meshConfig = c.meshConfigFile ? MeshConfigFile.read(path.join(DIR, c.meshConfigFile)) : undefined;
  const findings = analyzeManifests(manifests, { schemaValidation: false, wholeCluster: true, meshConfig })
    .filter(f => codes.includes(f.upstream ?? f.ruleId))
    .filter(f => (analyzerOf(f) ?? [c.analyzer]).includes(c.analyzer));
  const actual = findings.map(f => `${f.upstream ?? f.ruleId} ${origin(f)}`);
  const expected = c.expected.filter(e => codes.includes(e.code)).map(e => `${e.code} ${e.origin}`);
  const rest = [...actual];
  const matched: string[] = [];
  const missed: string[] = [];
  for (const e of expected) {
    const i = rest.indexOf(e);
    if (i >= 0) {
      matched.push(e);
      rest.splice(i, 1);
    } else {
      missed.push(e);
    }
  }
  return { key: key(c), codes, expected, matched, missed, extra: rest };
}

const OUTCOMES = GRID.map(runCase).filter(o => o.codes.length > 0);

describe('istioctl analyzer grid', () => {
  test('the grid parses: every upstream case, with known analyzers', () => {
    expect(GRID.length).toBeGreaterThanOrEqual(100);
    for (const c of GRID) {
      expect(ANALYZER_CODES[c.analyzer]).toBeDefined();
      for (const f of c.inputFiles) expect(fs.existsSync(path.join(DIR, f))).toBe(true);
    }
  });

  test.each(OUTCOMES.map(o => [o.key, o]))('%s', (_key, o) => {
    const known = KNOWN_DIFFERENCES[o.key];
    expect({ missed: o.missed, extra: o.extra }).toEqual({ missed: known?.missed ?? [], extra: known?.extra ?? [] });
  });

  test('every known difference is still a difference of a case that runs', () => {
    for (const k of Object.keys(KNOWN_DIFFERENCES)) expect(OUTCOMES.map(o => o.key)).toContain(k);
  });

  test('counts', () => {
    const sum = (f: (o: Outcome) => string[]) => OUTCOMES.reduce((n, o) => n + f(o).length, 0);
    const counts = {
      cases: OUTCOMES.length,
      expected: sum(o => o.expected),
      matched: sum(o => o.matched),
      missed: sum(o => o.missed),
      extra: sum(o => o.extra),
    };
    const differing = OUTCOMES.filter(o => o.missed.length || o.extra.length);
    const lines = differing.map(o => `${o.key}: missed ${JSON.stringify(o.missed)} extra ${JSON.stringify(o.extra)}`);
    // eslint-disable-next-line no-console
    console.log(`istioctl grid: ${JSON.stringify(counts)}\n${lines.join('\n')}`);
    expect(counts.matched + counts.missed).toBe(counts.expected);
    // Before issue 11's fixes: { cases: 49, expected: 88, matched: 62, missed: 26, extra: 8 } (13 differing cases).
    // A change here means KNOWN_DIFFERENCES or the implemented codes changed too.
    expect(counts).toEqual({ cases: 92, expected: 186, matched: 186, missed: 0, extra: 0 });
  });
});
