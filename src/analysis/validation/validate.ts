import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { FindingSeverity, formatFinding, ValidationFinding, ValidationRule } from './finding';
import { checkMetadata } from './metadata';
import { lookupKind, objectMetaSchema, resolveRef } from './schema-registry';
import { isPlainData, Issue, jsonClone, SchemaWalker } from './structural';
import { isMarkedPlainData } from '../../private/plain-data';

/** Options for validating manifests. */
export interface ValidateOptions {
  /**
   * Report objects whose apiVersion and kind the engine has no schema for as errors.
   *
   * @default false - they are reported as warnings, since the engine cannot vouch for them
   */
  readonly failOnUnknownKinds?: boolean;
}

/**
 * Checks manifests the way the Kubernetes API server checks objects on create: defaults, the OpenAPI v3
 * structural schema (types, required, enum, pattern with Go RE2 semantics, format, bounds,
 * int-or-string, list-type uniqueness, oneOf/anyOf/not), fields it would silently prune, ObjectMeta rules,
 * then the CRD's CEL `x-kubernetes-validations` rules.
 *
 * Knows every served version of the Istio 1.30, Linkerd 2.20 and Gateway API 1.6 CRDs, and the built-in
 * kinds Namespace, Service, ServiceAccount, ConfigMap, Deployment and NetworkPolicy.
 *
 * @param manifests plain JSON objects, as `Chart.toJson()` or a YAML parser returns them
 */
export function validateManifests(manifests: any[], options: ValidateOptions = {}): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  for (const manifest of manifests) {
    for (const f of validateOne(manifest, options)) findings.push(f);
  }
  return findings;
}

function validateOne(manifest: any, options: ValidateOptions): ValidationFinding[] {
  const apiVersion = typeof manifest?.apiVersion === 'string' ? manifest.apiVersion : '';
  const kind = typeof manifest?.kind === 'string' ? manifest.kind : '';
  const name = typeof manifest?.metadata?.name === 'string' ? manifest.metadata.name : '';
  const namespace = typeof manifest?.metadata?.namespace === 'string' ? manifest.metadata.namespace : undefined;
  const finding = (issue: Issue): ValidationFinding => ({
    apiVersion,
    kind,
    name,
    namespace,
    path: issue.path || '<root>',
    rule: issue.rule,
    severity: issue.warning ? FindingSeverity.WARNING : FindingSeverity.ERROR,
    message: issue.message,
  });

  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
    return [finding({ path: '', rule: ValidationRule.TYPE, message: 'a manifest must be an object' })];
  }
  if (!apiVersion || !kind) {
    return [finding({ path: apiVersion ? 'kind' : 'apiVersion', rule: ValidationRule.REQUIRED, message: 'Required value: every object needs apiVersion and kind' })];
  }
  const known = lookupKind(apiVersion, kind);
  const issues: Issue[] = [];
  if (!known) {
    issues.push({
      path: 'apiVersion',
      rule: ValidationRule.UNKNOWN_KIND,
      message: `no schema known for ${apiVersion} ${kind}: not validated`,
      warning: !options.failOnUnknownKinds,
    });
  } else {
    const builtin = !apiVersion.includes('.') || apiVersion.startsWith('networking.k8s.io/');
    const schema = objectSchema(known.schema);
    const walker = new SchemaWalker({ pruning: true, builtin });
    // The walker never mutates what it walks; anything but plain JSON data is first made so, as the JSON the
    // API server receives would be.
    let input = isMarkedPlainData(manifest) || isPlainData(manifest) ? manifest : jsonClone(manifest);
    // metadata decodes into Go's ObjectMeta, where null is the zero value (`creationTimestamp: null`).
    const meta = input.metadata;
    if (meta && typeof meta === 'object' && Object.values(meta).includes(null)) {
      const copy = Array.isArray(meta) ? meta.slice() : { ...meta };
      for (const [k, v] of Object.entries(copy)) if (v === null) delete copy[k];
      input = { ...input, metadata: copy };
    }
    issues.push(...walker.run(input, schema, ''));
    if (known.deprecated) {
      issues.push({ path: 'apiVersion', rule: ValidationRule.UNKNOWN_KIND, message: `${apiVersion} ${kind} is deprecated upstream: use a newer version`, warning: true });
    }
  }
  issues.push(...checkMetadata(apiVersion, kind, known?.namespaced, manifest.metadata));
  return issues.map(finding);
}

const objectSchemas = new WeakMap<object, any>();

/**
 * The schema an object is validated against: its kind's, with metadata as ObjectMeta whatever the CRD schema says
 * of it (as the API server does) and apiVersion and kind always known. One per kind, so that what the walker
 * caches per schema node is reused from object to object.
 */
function objectSchema(kindSchema: any): any {
  let schema = objectSchemas.get(kindSchema);
  if (!schema) {
    const root = resolveRef(kindSchema);
    schema = { ...root, properties: { ...(root.properties ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: objectMetaSchema() } };
    objectSchemas.set(kindSchema, schema);
  }
  return schema;
}

/** Options for validation at synth time. */
export interface ManifestValidationOptions extends ValidateOptions {
  /**
   * Fail synthesis on warnings too (unknown kinds, deprecated versions, CEL rules blocked by type errors).
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/**
 * The validation engine, for cdk8s apps and for manifests from anywhere.
 */
export class ManifestValidator {
  /**
   * Validates plain manifests (JSON objects). See `validateManifests`.
   */
  public static validate(manifests: any[], options: ValidateOptions = {}): ValidationFinding[] {
    return validateManifests(manifests, options);
  }

  /**
   * Validates every API object under `scope` (an `App`, a `Chart` or any construct).
   *
   * Each object is rendered once (see `manifestsUnder`).
   */
  public static validateScope(scope: IConstruct, options: ValidateOptions = {}): ValidationFinding[] {
    return validateManifests(manifestsUnder(scope), options);
  }

  /**
   * Makes synthesis of `scope` (an `App` or a `Chart`) fail with every error finding, so `cdk8s synth`
   * and `app.synth()` never write an object the API server would reject or prune.
   */
  public static addToScope(scope: IConstruct, options: ManifestValidationOptions = {}): void {
    validationScope(scope, 'ManifestValidator').node.addValidation({
      validate: () => ManifestValidator.validateScope(scope, options)
        .filter(f => f.severity === FindingSeverity.ERROR || options.failOnWarnings)
        .map(formatFinding),
    });
  }

  /** Renders a finding as `<kind>/<name>: <field path>: <message>`. */
  public static format(finding: ValidationFinding): string {
    return formatFinding(finding);
  }
}

/**
 * Every API object under `scope`, rendered once with `ApiObject.toJson()`. Not `Chart.toJson()`: it
 * re-validates the whole app (recursion from inside a validation, quadratic cost with many charts).
 */
export function manifestsUnder(scope: IConstruct): any[] {
  return apiObjectsUnder(scope).map(o => o.toJson());
}

/** Every API object under `scope`. */
export function apiObjectsUnder(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/**
 * The construct a scope-wide validation is added to: `scope` itself, or for an `App` (whose path is empty, so
 * cdk8s would print `[] ...`) a child named `id` (`[MeshAnalyzer] ...`) that renders nothing.
 */
export function validationScope(scope: IConstruct, id: string): IConstruct {
  if (scope.node.path !== '') return scope;
  let name = id;
  for (let i = 2; scope.node.tryFindChild(name) !== undefined; i++) name = `${id}${i}`;
  return new Construct(scope as Construct, name);
}
