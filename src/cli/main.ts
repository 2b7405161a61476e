#!/usr/bin/env node
/**
 * `cdk8s-mesh`: analysis and explanations of service-mesh manifests, offline (no cluster needed).
 *
 * Exit codes (like `istioctl analyze`, with 1 instead of its 79): 0 no finding at or above the failure
 * threshold, 1 findings at or above it, 2 a usage error or a file that cannot be read or parsed.
 */
import * as fs from 'fs';
import { isIP } from 'net';
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import {
  AccessMatrix, AuthzExplainer, MatrixFormat, MtlsExplainer, RouteExplainer,
} from '../analysis/explain';
import { AnalysisFinding, formatAnalysisFinding } from '../analysis/finding';
import { FindingLocation, findingLocator } from '../analysis/finding-location';
import { ManifestIndexOptions } from '../analysis/index-options';
import { MeshConfigFile } from '../analysis/mesh-config';
import { analyzeManifests, Suppression } from '../analysis/pack';
import { FindingSeverity } from '../analysis/validation/finding';
import { ManifestReader, ManifestReadResult } from '../analysis/yaml-reader';

/** Where the CLI writes (injected by tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_IO: CliIo = {
  stdout: t => process.stdout.write(t),
  stderr: t => process.stderr.write(t),
};

export const USAGE = `Usage: cdk8s-mesh <command> [options] <files|dirs>...

Commands:
  analyze <files|dirs>       run the rule pack and the validation engine
      --output text|json                 (default text)
      --suppress ID[=<Kind> <name>[.<namespace>]]
                                         switch a rule off, for every object or for one, in
                                         istioctl analyze's form: "IST0101=VirtualService reviews.default"
                                         (* for any name or namespace: "VirtualService *.default"; repeatable)
      --failure-threshold error|warning|info   exit 1 at or above this severity (default error)
  explain route <files|dirs> the VirtualService rule, destinations, retries, timeout and
                             DestinationRule policy for a request; Linkerd's equivalent
      --namespace NS --host HOST [--method GET] [--path /] [--header k=v]... [--port N]
      [--source-labels k=v,...] [--output text|json]   (sourceLabels matches need the caller's labels)
  explain authz <files|dirs> ALLOW or DENY for a request and the deciding policy and rule
      --from NS/SERVICEACCOUNT --to NS/label=value,...|NS/WORKLOAD --port N
      [--method GET] [--path /] [--host HOST] [--header k=v]... [--plaintext] [--source-ip IP]
      [--output text|json]       the method is matched as sent (Istio: "get" is not "GET");
                                 --plaintext: an unmeshed caller with no mTLS identity
  matrix <files|dirs>        who may call what       [--format table|mermaid|dot|json]
  mtls <files|dirs>          effective mTLS per namespace, workload and port, and
                             DestinationRule TLS overrides   [--output text|json]

Global options:
  --default-namespace NS       namespace of objects that state none (default "default")
  --istio-root-namespace NS    Istio's root namespace (default "istio-system")
  --cluster-domain DOMAIN      cluster DNS domain (default "cluster.local")
  --meshconfig FILE            Istio mesh config (MeshConfig YAML or the istio ConfigMap): DNS
                               auto-allocation, root namespace, trust domain, default retries,
                               outbound traffic policy
  -h, --help                   this help

Exit codes: 0 ok, 1 findings at or above the failure threshold (analyze), 2 usage or read error.
`;

/** A usage error: exit code 2 and the usage hint. */
class UsageError extends Error {}

/** `--help` after a command. */
class HelpRequested extends Error {}

const GLOBAL_OPTIONS: ParseArgsConfig['options'] = {
  'help': { type: 'boolean', short: 'h' },
  'default-namespace': { type: 'string' },
  'istio-root-namespace': { type: 'string' },
  'cluster-domain': { type: 'string' },
  'meshconfig': { type: 'string' },
};

/** Runs the CLI on `argv` (without `node` and the script); returns the exit code. */
export function main(argv: string[], io: CliIo = PROCESS_IO): number {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      io.stderr(USAGE);
      return 2;
    }
    if (command === '-h' || command === '--help' || command === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (command === '--version') {
      io.stdout(`${version()}\n`);
      return 0;
    }
    switch (command) {
      case 'analyze': return analyze(rest, io);
      case 'explain': {
        const [sub, ...args] = rest;
        if (sub === 'route') return explainRoute(args, io);
        if (sub === 'authz') return explainAuthz(args, io);
        throw new UsageError(`explain needs "route" or "authz", got ${sub === undefined ? 'nothing' : JSON.stringify(sub)}`);
      }
      case 'matrix': return matrix(rest, io);
      case 'mtls': return mtls(rest, io);
      default: throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e: any) {
    if (e instanceof HelpRequested) {
      io.stdout(USAGE);
      return 0;
    }
    if (e instanceof UsageError || e?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      io.stderr(`cdk8s-mesh: ${e.message}\nRun "cdk8s-mesh --help" for usage.\n`);
      return 2;
    }
    io.stderr(`cdk8s-mesh: ${e?.message ?? String(e)}\n`);
    return 2;
  }
}

const SEVERITY_RANK: Record<string, number> = { [FindingSeverity.INFO]: 1, [FindingSeverity.WARNING]: 2, [FindingSeverity.ERROR]: 3 };

function analyze(argv: string[], io: CliIo): number {
  const { values, files, options } = parse(argv, {
    'output': { type: 'string', short: 'o' },
    'suppress': { type: 'string', multiple: true },
    'failure-threshold': { type: 'string' },
  });
  const output = oneOf('--output', values.output, ['text', 'json'], 'text');
  const threshold = oneOf('--failure-threshold', values['failure-threshold'], ['error', 'warning', 'info'], 'error');
  const suppressions = ((values.suppress as string[] | undefined) ?? []).map(parseSuppression);
  const read = readInputs(files, io);
  const loaded = read.manifests;
  for (const s of suppressions) {
    if (s.objectKind !== undefined && !loaded.some(l => suppressionNames(s, l.manifest))) {
      io.stderr(`cdk8s-mesh: warning: --suppress ${s.ruleId}=${s.objectKind} ${s.objectName ?? '*'}${s.objectNamespace === undefined ? '' : `.${s.objectNamespace}`} names no object of the manifests, so it suppresses nothing\n`);
    }
  }
  let findings: AnalysisFinding[];
  try {
    findings = analyzeManifests(loaded.map(l => l.manifest), { ...options, suppressions });
  } catch (e: any) {
    if (/suppression/.test(e?.message ?? '')) throw new UsageError(e.message);
    throw e;
  }
  const failing = findings.filter(f => (SEVERITY_RANK[f.severity] ?? 0) >= SEVERITY_RANK[threshold]);
  const locate = findingLocator(loaded);
  if (output === 'json') {
    io.stdout(`${JSON.stringify(findings.map(f => orderedFinding(f, locate(f))), null, 2)}\n`);
  } else {
    for (const f of findings) {
      const at = locate(f);
      io.stdout(`${at ? `${at.file}${at.line !== undefined ? `:${at.line}` : ''}: ` : ''}${formatAnalysisFinding(f)}${at?.hint ?? ''}\n`);
    }
    const count = (s: FindingSeverity) => findings.filter(f => f.severity === s).length;
    const fileCount = new Set(loaded.map(l => l.file)).size;
    const unread = read.problems.length > 0 ? ` (${read.problems.length} input(s) could not be read)` : '';
    io.stdout(findings.length === 0
      ? `No findings in ${loaded.length} objects from ${fileCount} files${unread}.\n`
      : `${count(FindingSeverity.ERROR)} error(s), ${count(FindingSeverity.WARNING)} warning(s), ${count(FindingSeverity.INFO)} info in ${loaded.length} objects from ${fileCount} files${unread}.\n`);
  }
  if (read.problems.length > 0) return 2;
  return failing.length > 0 ? 1 : 0;
}

/**
 * Reads the inputs with `ManifestReader.read`: notes the skipped files and prints one line per input that
 * could not be read (`file:line: message`) on stderr; the caller exits 2 when there is any.
 */
function readInputs(files: string[], io: CliIo): ManifestReadResult {
  const read = ManifestReader.read(files);
  for (const s of read.skipped) io.stderr(`cdk8s-mesh: note: skipped ${s.file}: ${s.reason}\n`);
  for (const p of read.problems) io.stderr(`cdk8s-mesh: ${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}\n`);
  return read;
}

/** The reason recorded for suppressions given with `--suppress`. */
export const CLI_SUPPRESSION_REASON = 'suppressed on the command line';

/**
 * Parses a `--suppress` value: `ID` switches the rule off everywhere; `ID=<Kind> <name>[.<namespace>]`
 * (istioctl analyze's form, its resource written as `istioctl` prints it) only for that object. The namespace
 * is what follows the last dot, as a namespace has none; `*` as the whole name or namespace means any.
 */
export function parseSuppression(value: string): Suppression {
  const eq = value.indexOf('=');
  const ruleId = (eq < 0 ? value : value.slice(0, eq)).trim();
  if (!ruleId) throw new UsageError(`--suppress needs a rule id, got ${JSON.stringify(value)}`);
  const suppression = { ruleId, reason: CLI_SUPPRESSION_REASON };
  const resource = eq < 0 ? '*' : value.slice(eq + 1).trim();
  if (resource === '*') return suppression;
  const m = /^([A-Za-z][A-Za-z0-9]*)\s+(\S+)$/.exec(resource);
  if (!m) {
    throw new UsageError(`--suppress must be ID or "ID=<Kind> <name>[.<namespace>]" (for example "IST0101=VirtualService reviews.default"), got ${JSON.stringify(value)}`);
  }
  const [, objectKind, ref] = m;
  const dot = ref.lastIndexOf('.');
  const name = dot < 0 ? ref : ref.slice(0, dot);
  const namespace = dot < 0 ? undefined : ref.slice(dot + 1);
  for (const part of [name, namespace]) {
    if (part === '' || (part !== undefined && part !== '*' && part.includes('*'))) {
      throw new UsageError(`--suppress ${JSON.stringify(value)}: the name and namespace must each be given in full, or be * for any`);
    }
  }
  return {
    ...suppression,
    objectKind,
    ...(name === '*' ? {} : { objectName: name }),
    ...(namespace === undefined || namespace === '*' ? {} : { objectNamespace: namespace }),
  };
}

/** Whether a suppression limited to an object names `manifest`. */
function suppressionNames(s: Suppression, manifest: any): boolean {
  return manifest?.kind === s.objectKind
    && (s.objectName === undefined || manifest?.metadata?.name === s.objectName)
    && (s.objectNamespace === undefined || manifest?.metadata?.namespace === s.objectNamespace);
}

function explainRoute(argv: string[], io: CliIo): number {
  const unreadable = { count: 0 };
  const { values, files, options } = parse(argv, {
    'namespace': { type: 'string', short: 'n' },
    'host': { type: 'string' },
    'method': { type: 'string' },
    'path': { type: 'string' },
    'header': { type: 'string', multiple: true },
    'port': { type: 'string' },
    'source-labels': { type: 'string' },
    'output': { type: 'string', short: 'o' },
  });
  const namespace = required('--namespace', values.namespace);
  const host = required('--host', values.host);
  const output = oneOf('--output', values.output, ['text', 'json'], 'text');
  const manifests = readManifests(files, io, unreadable);
  const e = RouteExplainer.explain(manifests, {
    namespace,
    host,
    method: String(values.method ?? 'GET'),
    path: String(values.path ?? '/'),
    headers: headers(values.header as string[] | undefined),
    port: values.port === undefined ? undefined : port(values.port),
    ...(values['source-labels'] !== undefined ? { sourceLabels: labels(String(values['source-labels']), '--source-labels') } : {}),
  }, options);
  io.stdout(output === 'json' ? `${JSON.stringify(e, null, 2)}\n` : RouteExplainer.format(e));
  return unreadable.count > 0 ? 2 : 0;
}

function explainAuthz(argv: string[], io: CliIo): number {
  const unreadable = { count: 0 };
  const { values, files, options } = parse(argv, {
    'from': { type: 'string' },
    'to': { type: 'string' },
    'method': { type: 'string' },
    'path': { type: 'string' },
    'port': { type: 'string' },
    'host': { type: 'string' },
    'header': { type: 'string', multiple: true },
    'plaintext': { type: 'boolean' },
    'source-ip': { type: 'string' },
    'output': { type: 'string', short: 'o' },
  });
  const from = required('--from', values.from);
  const to = required('--to', values.to);
  const output = oneOf('--output', values.output, ['text', 'json'], 'text');
  const [sourceNamespace, sourceServiceAccount] = splitOnce(from, '/', '--from', 'NAMESPACE/SERVICEACCOUNT');
  const [targetNamespace, target] = splitOnce(to, '/', '--to', 'NAMESPACE/label=value,... or NAMESPACE/WORKLOAD');
  const manifests = readManifests(files, io, unreadable);
  const e = AuthzExplainer.explain(manifests, {
    sourceNamespace,
    sourceServiceAccount,
    targetNamespace,
    ...(target.includes('=') ? { targetLabels: labels(target) } : { targetWorkload: target }),
    method: String(values.method ?? 'GET'),
    path: String(values.path ?? '/'),
    port: port(required('--port', values.port)),
    host: values.host as string | undefined,
    headers: headers(values.header as string[] | undefined),
    plaintext: values.plaintext === true,
    ...(values['source-ip'] !== undefined ? { sourceIp: sourceIp(String(values['source-ip'])) } : {}),
  }, options);
  io.stdout(output === 'json' ? `${JSON.stringify(e, null, 2)}\n` : AuthzExplainer.format(e));
  return unreadable.count > 0 ? 2 : 0;
}

/** A `--source-ip` value: an IPv4 or IPv6 address. */
function sourceIp(value: string): string {
  if (!isIP(value)) throw new UsageError(`--source-ip must be an IPv4 or IPv6 address, got ${JSON.stringify(value)}`);
  return value;
}

function matrix(argv: string[], io: CliIo): number {
  const unreadable = { count: 0 };
  const { values, files, options } = parse(argv, { format: { type: 'string' } });
  const format = oneOf('--format', values.format, ['table', 'mermaid', 'dot', 'json'], 'table');
  const m = AccessMatrix.compute(readManifests(files, io, unreadable), options);
  io.stdout(format === 'json' ? `${JSON.stringify(m, null, 2)}\n` : AccessMatrix.render(m, format as MatrixFormat));
  return unreadable.count > 0 ? 2 : 0;
}

function mtls(argv: string[], io: CliIo): number {
  const unreadable = { count: 0 };
  const { values, files, options } = parse(argv, { output: { type: 'string', short: 'o' } });
  const output = oneOf('--output', values.output, ['text', 'json'], 'text');
  const r = MtlsExplainer.explain(readManifests(files, io, unreadable), options);
  io.stdout(output === 'json' ? `${JSON.stringify(r, null, 2)}\n` : MtlsExplainer.format(r));
  return unreadable.count > 0 ? 2 : 0;
}

/** The manifests of the inputs; an input that cannot be read is reported and makes the command exit 2. */
function readManifests(files: string[], io: CliIo, unreadable: { count: number }): any[] {
  const read = readInputs(files, io);
  unreadable.count += read.problems.length;
  return read.manifests.map(l => l.manifest);
}

function parse(argv: string[], own: ParseArgsConfig['options']): { values: Record<string, any>; files: string[]; options: ManifestIndexOptions } {
  const { values, positionals } = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...own }, allowPositionals: true, strict: true });
  if (values.help) throw new HelpRequested();
  if (positionals.length === 0) throw new UsageError('give at least one manifest file or directory');
  const options: ManifestIndexOptions = {
    defaultNamespace: values['default-namespace'] as string | undefined,
    istioRootNamespace: values['istio-root-namespace'] as string | undefined,
    clusterDomain: values['cluster-domain'] as string | undefined,
    meshConfig: typeof values.meshconfig === 'string' ? MeshConfigFile.read(values.meshconfig) : undefined,
  };
  return { values, files: positionals, options };
}

function required(name: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new UsageError(`${name} is required`);
  return v;
}

function oneOf(name: string, v: unknown, allowed: string[], dflt: string): string {
  if (v === undefined) return dflt;
  const s = String(v).toLowerCase();
  if (!allowed.includes(s)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return s;
}

function port(v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port must be an integer from 1 to 65535, got ${JSON.stringify(v)}`);
  return n;
}

function headers(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const m = /^([^=:]+)[=:](.*)$/.exec(h);
    if (!m) throw new UsageError(`--header must be name=value, got ${JSON.stringify(h)}`);
    out[m[1].trim().toLowerCase()] = m[2].trim();
  }
  return out;
}

function labels(s: string, option = '--to'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',').filter(p => p !== '')) {
    const [k, v] = splitOnce(part, '=', option, 'label=value');
    out[k] = v;
  }
  return out;
}

function splitOnce(s: string, sep: string, name: string, shape: string): [string, string] {
  const i = s.indexOf(sep);
  if (i <= 0 || i === s.length - 1) throw new UsageError(`${name} must be ${shape}, got ${JSON.stringify(s)}`);
  return [s.slice(0, i), s.slice(i + 1)];
}

/** A finding with a fixed key order (so JSON output is byte-stable). */
function orderedFinding(f: AnalysisFinding, at: FindingLocation | undefined): Record<string, unknown> {
  return {
    file: at?.file,
    line: at?.line,
    ruleId: f.ruleId,
    severity: f.severity,
    kind: f.kind,
    namespace: f.namespace,
    name: f.name,
    path: f.path,
    message: f.message,
    fix: f.fix,
    upstream: f.upstream,
    hint: at?.hint?.replace(/^ \(hint: (.*)\)$/, '$1'),
  };
}

function version(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
