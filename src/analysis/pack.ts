import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AnalysisFinding, formatAnalysisFinding } from './finding';
import { ManifestIndexOptions } from './index-options';
import { ManifestIndex } from './manifest-index';
import { Rule } from './rule';
import { SUPPRESSION_ANNOTATION_PREFIX } from '../core/suppression';
import { ISTIOCTL_RULES } from './rules/istioctl';
import { KIALI_RULES } from './rules/kiali';
import { MESH_RULES } from './rules/mesh';
import { FindingSeverity } from './validation/finding';
import { apiObjectsUnder, validateManifests, validationScope } from './validation/validate';

/** Every rule of the pack, sorted by id. */
export const RULES: Rule[] = [...ISTIOCTL_RULES, ...KIALI_RULES, ...MESH_RULES].sort((a, b) => ordinal(a.id, b.id));

/** The rule id under which validation-engine findings (what the API server would reject or prune) are reported. */
export const SCHEMA_RULE_ID = 'MESH001';

/** A rule switched off, with the reason (shown in reviews). */
export interface Suppression {
  /** The rule id (`IST0101`, `MESH101`). */
  readonly ruleId: string;
  /** Why the finding does not apply. Required: a suppression without a reason is refused. */
  readonly reason: string;
  /**
   * Only for this object name (`metadata.name`).
   * @default - every object
   */
  readonly objectName?: string;
  /**
   * Only for objects of this kind (`VirtualService`).
   * @default - every kind
   */
  readonly objectKind?: string;
  /**
   * Only for objects in this namespace.
   * @default - every namespace
   */
  readonly objectNamespace?: string;
}

/** Options for analysis. */
export interface AnalyzeOptions extends ManifestIndexOptions {
  /**
   * Rules to switch off, each with a reason.
   * @default - none
   */
  readonly suppressions?: Suppression[];
  /**
   * Also run the validation engine and report its findings under `MESH001`.
   * @default true
   */
  readonly schemaValidation?: boolean;
}

/**
 * Runs the rule pack (and the validation engine) on manifests: plain JSON objects from synthesis or any
 * YAML. The manifests are indexed once; each rule runs in O(objects). Findings are sorted by namespace,
 * kind, name, path and rule id, so the output is deterministic.
 */
export function analyzeManifests(manifests: any[], options: AnalyzeOptions = {}): AnalysisFinding[] {
  for (const s of options.suppressions ?? []) {
    if (!s.reason || s.reason.trim() === '') {
      throw new Error(`suppression of ${s.ruleId} needs a reason: say why the finding does not apply`);
    }
    if (s.ruleId !== SCHEMA_RULE_ID && !RULES.some(r => r.id === s.ruleId)) {
      throw new Error(`suppression names unknown rule ${s.ruleId}: known rules are ${SCHEMA_RULE_ID}, ${RULES.map(r => r.id).join(', ')}`);
    }
  }
  const index = new ManifestIndex(manifests, options);
  const findings: AnalysisFinding[] = [];
  if (options.schemaValidation ?? true) {
    // The raw manifests, so an object without apiVersion or kind is reported, not silently skipped.
    for (const f of validateManifests(manifests)) {
      findings.push({
        ruleId: SCHEMA_RULE_ID,
        severity: f.severity,
        kind: f.kind,
        name: f.name,
        namespace: f.namespace,
        path: f.path,
        message: `${f.message} (${f.rule})`,
        fix: 'correct the field as the message says: the API server would reject the object or silently drop the field',
      });
    }
  }
  for (const rule of RULES) findings.push(...rule.check(index));
  const acknowledged = acknowledgedRules(manifests);
  const suppressed = (f: AnalysisFinding) => (options.suppressions ?? []).some(s =>
    s.ruleId === f.ruleId
    && (s.objectName === undefined || s.objectName === f.name)
    && (s.objectKind === undefined || s.objectKind === f.kind)
    && (s.objectNamespace === undefined || s.objectNamespace === f.namespace))
    || acknowledged.has(objectRuleKey(f.kind, f.namespace, f.name, f.ruleId))
    || acknowledged.has(objectRuleKey(f.kind, undefined, f.name, f.ruleId));
  return findings.filter(f => !suppressed(f)).sort(compareFindings);
}

/** `kind/namespace/name/ruleId` of every rule an object's annotations suppress (with a non-empty reason). */
function acknowledgedRules(manifests: any[]): Set<string> {
  const out = new Set<string>();
  for (const m of manifests) {
    const annotations = m?.metadata?.annotations;
    if (annotations === null || typeof annotations !== 'object') continue;
    for (const [key, reason] of Object.entries(annotations)) {
      if (!key.startsWith(SUPPRESSION_ANNOTATION_PREFIX) || typeof reason !== 'string' || reason.trim() === '') continue;
      out.add(objectRuleKey(m.kind, m.metadata.namespace, m.metadata.name, key.slice(SUPPRESSION_ANNOTATION_PREFIX.length)));
    }
  }
  return out;
}

function objectRuleKey(kind: unknown, namespace: unknown, name: unknown, ruleId: string): string {
  return [kind, namespace ?? '', name, ruleId].map(String).join('\u0000');
}

function compareFindings(a: AnalysisFinding, b: AnalysisFinding): number {
  return ordinal(a.namespace ?? '', b.namespace ?? '')
    || ordinal(a.kind, b.kind)
    || ordinal(a.name, b.name)
    || natural(a.path, b.path)
    || ordinal(a.ruleId, b.ruleId)
    || ordinal(a.message, b.message);
}

/** Code-unit order: the same on every machine, whatever its locale. */
function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Like `ordinal`, but runs of digits compare as numbers (`http[2]` before `http[10]`). */
function natural(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = i % 2 === 1 ? Number(pa[i]) - Number(pb[i]) : ordinal(pa[i], pb[i]);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** Options for analysis at synth time. */
export interface MeshAnalysisOptions extends AnalyzeOptions {
  /**
   * Fail synthesis on warnings too.
   * @default false - only errors fail synthesis
   */
  readonly failOnWarnings?: boolean;
}

/**
 * The analysis rule pack, for cdk8s apps and manifests from anywhere (like `istioctl analyze`, offline).
 */
export class MeshAnalyzer {
  /** Runs the rule pack on manifests. See `analyzeManifests`. */
  public static analyze(manifests: any[], options: AnalyzeOptions = {}): AnalysisFinding[] {
    return analyzeManifests(manifests, options);
  }

  /**
   * Makes synthesis of `scope` (an `App` or a `Chart`) fail with every error the pack and the validation
   * engine find in its objects; suppressions (with reasons) switch rules off.
   */
  public static addToScope(scope: IConstruct, options: MeshAnalysisOptions = {}): void {
    analyzeManifests([], { ...options, schemaValidation: false }); // refuses suppressions without a reason or of unknown rules, now
    validationScope(scope, 'MeshAnalyzer').node.addValidation({
      validate: () => {
        const objects = apiObjectsUnder(scope);
        return scopeFailures(scope, objects, objects.map(o => o.toJson()), options);
      },
    });
  }

  /** The ids and descriptions of every rule in the pack. */
  public static rules(): RuleInfo[] {
    return RULES.map(r => ({ id: r.id, severity: r.severity, description: r.description, upstream: r.upstream }));
  }
}

/** A rule of the pack, described. */
export interface RuleInfo {
  /** Stable id. */
  readonly id: string;
  /** Default severity. */
  readonly severity: FindingSeverity;
  /** What the rule checks. */
  readonly description: string;
  /**
   * The upstream check it matches.
   * @default - none
   */
  readonly upstream?: string;
}

/**
 * The findings of rendered objects (`manifests[i]` is `objects[i].toJson()`) that fail synthesis, formatted as
 * `addToScope` reports them (with the construct of each object); warnings that do not fail are printed once per
 * scope on stderr, never silent. Shared by `addToScope` and `MeshApp`.
 * @internal
 */
export function scopeFailures(scope: IConstruct, objects: ApiObject[], manifests: any[], options: MeshAnalysisOptions): string[] {
  const findings = analyzeManifests(manifests, options);
  // construct paths only when a finding needs one: most syntheses have none to format
  let paths: Map<string, string> | undefined;
  const fails = (f: AnalysisFinding) => f.severity === FindingSeverity.ERROR
    || (options.failOnWarnings === true && f.severity === FindingSeverity.WARNING);
  const format = (f: AnalysisFinding) => {
    const path = (paths ??= constructPaths(objects)).get(objectKey(f.kind, f.namespace, f.name));
    return `${formatAnalysisFinding(f)}${path ? ` [construct ${path}]` : ''}`;
  };
  // Warnings do not fail synthesis, but are never silent: each is printed once per scope (cdk8s validates the
  // whole app again for every chart it synthesizes).
  const printed = PRINTED.get(scope) ?? new Set<string>();
  PRINTED.set(scope, printed);
  for (const f of findings.filter(x => x.severity === FindingSeverity.WARNING && !fails(x))) {
    const line = `cdk8s-mesh: ${format(f)}\n`;
    if (printed.has(line)) continue;
    printed.add(line);
    process.stderr.write(line);
  }
  return findings.filter(fails).map(format);
}

/** The warnings `addToScope` printed, per scope. */
const PRINTED = new WeakMap<IConstruct, Set<string>>();

function objectKey(kind: unknown, namespace: unknown, name: unknown): string {
  return `${String(kind)}\u0000${String(namespace ?? '')}\u0000${String(name)}`;
}

/** The construct path of each API object (its parent's, without `/Resource`), by kind, namespace and name. */
function constructPaths(objects: ApiObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of objects) {
    const path = o.node.id === 'Resource' && o.node.scope ? o.node.scope.node.path : o.node.path;
    const namespace = o.metadata.namespace;
    out.set(objectKey(o.kind, namespace, o.name), path);
    if (namespace !== undefined) {
      const bare = objectKey(o.kind, undefined, o.name);
      if (!out.has(bare)) out.set(bare, path);
    }
  }
  return out;
}
