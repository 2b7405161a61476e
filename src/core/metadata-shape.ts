import { IConstruct } from 'constructs';
import { meshError, shown } from './errors';
import { isDnsSubdomain } from './names';
import { nearest } from './strict-props';

/** The fields of `ApiObjectMetadata` a construct accepts (cdk8s's documented ones; the name is free). */
const METADATA_FIELDS = ['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences'];
const OWNER_REFERENCE_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'blockOwnerDeletion', 'controller'];
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Checks the shape of `metadata` (an `ApiObjectMetadata`) where it arrives, for untyped callers: known fields
 * only (with the nearest name), strings where strings belong, owner references complete and of the right
 * types, at most one controller. The values' formats (name, namespace, label and annotation keys and values,
 * finalizer names, unique uids) are checked with the object's kind when it is created (`core/object-metadata`).
 */
export function checkObjectMetadata(scope: IConstruct, at: string, metadata: unknown): void {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw meshError(scope, at, `must be an object (ApiObjectMetadata), got ${shown(metadata)}`);
  }
  const m = metadata as Record<string, any>;
  for (const key of Object.keys(m)) {
    if (m[key] === undefined) continue;
    if (!METADATA_FIELDS.includes(key)) {
      const near = nearest(key, METADATA_FIELDS);
      throw meshError(scope, `${at}.${key}`, `is not a field of metadata the library renders, got ${shown(m[key])}`,
        near ? `Did you mean ${near}?` : `Known fields: ${METADATA_FIELDS.join(', ')}`);
    }
  }
  for (const key of ['name', 'namespace']) {
    if (m[key] !== undefined && typeof m[key] !== 'string') throw meshError(scope, `${at}.${key}`, `must be a string, got ${shown(m[key])}`);
  }
  // Label and annotation values must be strings here; their formats, the name's and the namespace's are
  // checked with the object's kind when it is created (core/object-metadata).
  for (const key of ['labels', 'annotations']) {
    const map = m[key];
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw meshError(scope, `${at}.${key}`, `must be an object of string values, got ${shown(map)}`);
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'string') throw meshError(scope, `${at}.${key}[${JSON.stringify(k)}]`, `must be a string, got ${shown(v)}`);
    }
  }
  if (m.finalizers !== undefined) {
    if (!Array.isArray(m.finalizers)) throw meshError(scope, `${at}.finalizers`, `must be an array of strings, got ${shown(m.finalizers)}`);
    m.finalizers.forEach((f: unknown, i: number) => {
      if (typeof f !== 'string') throw meshError(scope, `${at}.finalizers[${i}]`, `must be a string, got ${shown(f)}`);
    });
  }
  if (m.ownerReferences !== undefined) {
    if (!Array.isArray(m.ownerReferences)) throw meshError(scope, `${at}.ownerReferences`, `must be an array of OwnerReference, got ${shown(m.ownerReferences)}`);
    m.ownerReferences.forEach((r: any, i: number) => {
      const where = `${at}.ownerReferences[${i}]`;
      if (typeof r !== 'object' || r === null || Array.isArray(r)) throw meshError(scope, where, `must be an OwnerReference, got ${shown(r)}`);
      for (const key of Object.keys(r)) {
        if (!OWNER_REFERENCE_FIELDS.includes(key)) {
          const near = nearest(key, OWNER_REFERENCE_FIELDS);
          throw meshError(scope, `${where}.${key}`, `is not a field of OwnerReference, got ${shown(r[key])}`, near ? `Did you mean ${near}?` : undefined);
        }
      }
      for (const key of ['apiVersion', 'kind', 'name', 'uid']) {
        if (typeof r[key] !== 'string' || r[key] === '') throw meshError(scope, `${where}.${key}`, `must be a non-empty string, got ${shown(r[key])}`);
      }
      for (const key of ['blockOwnerDeletion', 'controller']) {
        if (r[key] !== undefined && typeof r[key] !== 'boolean') throw meshError(scope, `${where}.${key}`, `must be a boolean, got ${shown(r[key])}`);
      }
    });
    if (m.ownerReferences.filter((r: any) => r.controller === true).length > 1) {
      throw meshError(scope, `${at}.ownerReferences`, 'must have at most one controller: true, got several', 'An object has one managing controller');
    }
  }
}

/** Checks a map of labels (keys qualified names, values at most 63 alphanumerics with `-`, `_`, `.` inside). */
export function checkLabels(scope: IConstruct, at: string, labels: unknown): void {
  if (labels === undefined) return;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw meshError(scope, at, `must be an object of string values, got ${shown(labels)}`);
  for (const [k, v] of Object.entries(labels)) {
    const problem = qualifiedNameProblem(k);
    if (problem) throw meshError(scope, `${at}[${JSON.stringify(k)}]`, `is not a valid label key: ${problem}`);
    if (typeof v !== 'string') throw meshError(scope, `${at}[${JSON.stringify(k)}]`, `must be a string, got ${shown(v)}`);
    if (v.length > 63 || !LABEL_VALUE.test(v)) {
      throw meshError(scope, `${at}[${JSON.stringify(k)}]`, `must be a label value (empty, or at most 63 alphanumerics with '-', '_' or '.' inside), got ${shown(v)}`);
    }
  }
}

/** Kubernetes' IsQualifiedName: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `${JSON.stringify(key)} has more than one '/'`;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return `the prefix of ${JSON.stringify(key)} must be a DNS-1123 subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `the name part of ${JSON.stringify(key)} must be at most 63 alphanumerics, with '-', '_' or '.' inside`;
  }
  return undefined;
}
