
/** A kind the validation engine knows, with its OpenAPI v3 schema. */
export interface KnownKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly deprecated: boolean;
  readonly schema: any;
}

interface Bundle {
  readonly kinds: Record<string, KnownKind>;
  readonly definitions: Record<string, any>;
}

let bundle: Bundle | undefined;

/** Parses the generated schema bundle once, on first use. */
function load(): Bundle {
  // The bundle (half a megabyte of JSON text) is loaded on first use too, not on `require('cdk8s-mesh')`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!bundle) bundle = JSON.parse((require('../../imports/schemas') as typeof import('../../imports/schemas')).SCHEMAS_JSON) as Bundle;
  return bundle;
}

/** The schema of `apiVersion`/`kind`, or undefined if the engine does not know the kind. */
export function lookupKind(apiVersion: string, kind: string): KnownKind | undefined {
  return load().kinds[`${apiVersion}/${kind}`];
}

/** Every kind the engine knows, as `apiVersion/kind` keys, sorted. */
export function knownKinds(): string[] {
  return Object.keys(load().kinds);
}

/** The Kubernetes ObjectMeta schema, which the API server applies to every object's `metadata`. */
export function objectMetaSchema(): any {
  return { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
}

/** Follows `$ref`s (built-in kinds only; CRD schemas are self-contained). */
export function resolveRef(schema: any): any {
  let s = schema;
  while (s && typeof s.$ref === 'string') {
    const target = load().definitions[s.$ref.replace('#/definitions/', '')];
    if (!target) throw new Error(`schema bundle has no definition for ${s.$ref}`);
    s = target;
  }
  return s;
}
