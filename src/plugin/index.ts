/**
 * The cdk8s-cli validation plugin: `cdk8s synth` runs the rule pack and the validation engine on the
 * synthesized manifests and fails on errors. In `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-mesh/lib/plugin   # a local path: cdk8s-cli requires it, no npm install
 *     version: 0.0.0                                  # any exact version; cdk8s-cli refuses ranges
 *     class: MeshValidation
 *     properties:
 *       failureThreshold: error                       # error | warning | info
 *       suppressions:
 *         - { ruleId: MESH103, reason: the gateway sets the timeout }
 * ```
 *
 * The types here mirror cdk8s-cli's `Validation` contract structurally, so the plugin needs no runtime
 * dependency on cdk8s-cli.
 */
import * as fs from 'fs';
import { findingLocator } from '../analysis/finding-location';
import { analyzeManifests, AnalyzeOptions } from '../analysis/pack';
import { FindingSeverity } from '../analysis/validation/finding';
import { LoadedManifest, ManifestReader } from '../analysis/yaml-reader';

/** A resource that violates a rule, as cdk8s-cli reports it. */
export interface PluginViolatingResource {
  /** `metadata.name` (cdk8s-cli maps it to the construct path). */
  readonly resourceName: string;
  /** Field paths inside the resource. */
  readonly locations: string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli's `ValidationReport.addViolation` takes it. */
export interface PluginViolation {
  /** Rule id and severity (`MESH101 (error)`). */
  readonly ruleName: string;
  /** What is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources. */
  readonly violatingResources: PluginViolatingResource[];
}

/** cdk8s-cli's `ValidationReport`, structurally. */
export interface IPluginValidationReport {
  /** Adds a violation. */
  addViolation(violation: PluginViolation): void;
  /** Submits the report: `success` or `failure`. */
  submit(status: string, metadata?: Record<string, string>): void;
}

/** cdk8s-cli's `ValidationContext`, structurally. */
export interface IPluginValidationContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill. */
  readonly report: IPluginValidationReport;
}

/** Properties of the plugin (the `properties` of the `validations:` entry). */
export interface MeshValidationProps extends AnalyzeOptions {
  /**
   * The lowest severity that fails `cdk8s synth`.
   * @default FindingSeverity.ERROR
   */
  readonly failureThreshold?: FindingSeverity;
}

const RANK: Record<string, number> = { [FindingSeverity.INFO]: 1, [FindingSeverity.WARNING]: 2, [FindingSeverity.ERROR]: 3 };

/**
 * cdk8s-cli validation plugin running the cdk8s-mesh rule pack and validation engine on what `cdk8s synth`
 * wrote. Every finding is reported; the report fails when a finding is at or above `failureThreshold`.
 */
export class MeshValidation {
  private readonly props: MeshValidationProps;

  constructor(props: MeshValidationProps = {}) {
    const threshold = props.failureThreshold ?? FindingSeverity.ERROR;
    if (RANK[threshold] === undefined) {
      throw new Error(`[MeshValidation] failureThreshold must be one of error, warning, info, got ${JSON.stringify(threshold)}`);
    }
    analyzeManifests([], { ...props, schemaValidation: false }); // refuses suppressions without a reason or of unknown rules, now
    this.props = props;
  }

  /** Runs the analysis on `context.manifests` and fills `context.report`. */
  public async validate(context: IPluginValidationContext): Promise<void> {
    const loaded: LoadedManifest[] = [];
    // One by one: spreading a file's documents into push() overflows the stack on a large file.
    for (const file of context.manifests) for (const l of ManifestReader.parse(fs.readFileSync(file, 'utf-8'), file)) loaded.push(l);
    const findings = analyzeManifests(loaded.map(l => l.manifest), this.props);
    const threshold = RANK[this.props.failureThreshold ?? FindingSeverity.ERROR];
    const files = new Map<string, string>();
    const objectsNamed = new Map<string, number>();
    for (const l of loaded) {
      const name = l.manifest?.metadata?.name ?? '';
      const key = objectKey(l.manifest?.kind, l.manifest?.metadata?.namespace, name);
      if (!files.has(key)) files.set(key, l.file);
      objectsNamed.set(name, (objectsNamed.get(name) ?? 0) + 1);
    }
    const locate = findingLocator(loaded);
    for (const f of findings) {
      context.report.addViolation({
        ruleName: `${f.ruleId} (${f.severity})`,
        recommendation: `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.message}${locate(f)?.hint ?? ''}`,
        fix: f.fix,
        violatingResources: [{
          // cdk8s-cli finds the construct path by metadata.name alone, so a name that several objects share
          // (a VirtualService and a DestinationRule both "payment-api") would get another object's path:
          // name the kind too, which leaves the path unknown rather than wrong.
          resourceName: (objectsNamed.get(f.name) ?? 0) > 1 ? `${f.kind}/${f.name}` : f.name,
          locations: [f.path],
          manifestPath: files.get(objectKey(f.kind, f.namespace, f.name)) ?? loaded[0]?.file ?? '',
        }],
      });
    }
    const failing = findings.filter(f => RANK[f.severity] >= threshold).length;
    const count = (s: FindingSeverity) => String(findings.filter(f => f.severity === s).length);
    context.report.submit(failing > 0 ? 'failure' : 'success', {
      errors: count(FindingSeverity.ERROR),
      warnings: count(FindingSeverity.WARNING),
      info: count(FindingSeverity.INFO),
      failureThreshold: this.props.failureThreshold ?? FindingSeverity.ERROR,
    });
  }
}

function objectKey(kind: string | undefined, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
