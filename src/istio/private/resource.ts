import { ApiObject, ApiObjectMetadata, GroupVersionKind, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError, shown } from '../../core/errors';
import { isDnsLabel, isDnsSubdomain } from '../../core/names';
import { requireValidMetadata } from '../../core/object-metadata';
import { merge } from '../../private/merge';

/** Options of `createIstioResource`. */
export interface IstioResourceOptions {
  /** The kind's name must be a DNS-1123 label, not a subdomain (Istio's Gateway: no dots). */
  readonly nameIsLabel?: boolean;
}

/** Whether `name` is a valid object name: a DNS-1123 subdomain (253), or a label (63) when asked. */
export function isDnsName(name: string, label: boolean): boolean {
  return label ? isDnsLabel(name) : isDnsSubdomain(name);
}

/**
 * Creates the L1 object (child `Resource`) as a plain `ApiObject` with the generated binding's GVK.
 *
 * The generated classes re-map field names in `toJson()` after JSON patches are applied (`jwksUri` becomes
 * the deprecated `jwks_uri`, `consecutive5xxErrors` must be spelled `consecutive5XxErrors`, unknown keys
 * vanish), which would silently rewrite both our output and users' `addJsonPatch()` escape hatches. A plain
 * `ApiObject` emits exactly the wire JSON we render, and the validation engine checks it against the CRD.
 *
 * Names: a given `metadata.name` must be a DNS-1123 subdomain (a label for kinds that need one). A generated
 * name is cdk8s's (`<chart>-<path>-<hash>`) whenever that is valid; construct ids with `_`, `.` or other
 * characters the API server refuses are turned into `-` (the hash keeps the name unique).
 */
export function createIstioResource(
  scope: Construct, gvk: GroupVersionKind, metadata: ApiObjectMetadata | undefined, spec: () => any, options: IstioResourceOptions = {},
): ApiObject {
  const label = options.nameIsLabel === true;
  const explicit = metadata?.name;
  if (explicit !== undefined && (typeof explicit !== 'string' || !isDnsName(explicit, label))) {
    throw meshError(scope, 'metadata.name', label
      ? `must be a DNS-1123 label (lowercase alphanumerics and '-', starting and ending with an alphanumeric, at most 63 characters; ${gvk.kind} names take no dots), got ${shown(explicit)}`
      : `must be a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', starting and ending with an alphanumeric, at most 253 characters), got ${shown(explicit)}`);
  }
  requireValidMetadata(scope, gvk.apiVersion, gvk.kind, metadata);
  const create = (md: ApiObjectMetadata | undefined) => new ApiObject(scope, 'Resource', {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    metadata: md,
    spec: Lazy.any({ produce: spec }),
  } as any);
  const obj = create(metadata);
  if (explicit !== undefined || isDnsName(obj.name, label)) return obj;
  const name = toDnsName(obj.name, label);
  scope.node.tryRemoveChild('Resource');
  return create(merge(metadata, { name }));
}

/** Turns a generated name into a valid one: lower case, invalid characters to `-`, at most 63 characters. */
function toDnsName(generated: string, label: boolean): string {
  const segments = generated.toLowerCase()
    .split(label ? /[^a-z0-9-]+/ : /\.+/)
    .map(s => s.replace(label ? /-+/g : /[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(s => s.length > 0);
  let name = segments.join(label ? '-' : '.');
  if (name.length > 63) {
    const hash = name.slice(-8);
    name = `${name.slice(0, 54).replace(/[-.]+$/, '')}-${hash}`;
  }
  return name.length > 0 ? name : 'resource';
}
