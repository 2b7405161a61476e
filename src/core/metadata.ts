import { IConstruct } from 'constructs';
import { meshError, shown } from './errors';
import { isDnsLabel, isDnsSubdomain } from './names';
import { nearest } from './strict-props';

/** The fields of `ApiObjectMetadata` a construct accepts (cdk8s's documented ones; the name is free). */
const METADATA_FIELDS = ['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences'];
const OWNER_REFERENCE_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'blockOwnerDeletion', 'controller'];
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * Checks `metadata` (an `ApiObjectMetadata`) where it arrives, as the API server would check the object's
 * ObjectMeta: known fields only, the name a DNS-1123 subdomain, the namespace a DNS-1123 label, label and
 * annotation keys qualified names, label values valid, finalizers unique, owner references complete and
 * unique. Kinds whose names are stricter (Namespace, Service) check those themselves.
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
  if (m.name !== undefined && !isDnsSubdomain(m.name)) {
    throw meshError(scope, `${at}.name`, `must be a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', starting and ending with an alphanumeric, at most 253 characters), got ${shown(m.name)}`);
  }
  if (m.namespace !== undefined && !isDnsLabel(m.namespace)) {
    throw meshError(scope, `${at}.namespace`, `must be a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters), got ${shown(m.namespace)}`);
  }
  checkLabels(scope, `${at}.labels`, m.labels);
  checkAnnotations(scope, `${at}.annotations`, m.annotations);
  if (m.finalizers !== undefined) {
    if (!Array.isArray(m.finalizers)) throw meshError(scope, `${at}.finalizers`, `must be an array of strings, got ${shown(m.finalizers)}`);
    m.finalizers.forEach((f: unknown, i: number) => {
      if (typeof f !== 'string' || qualifiedNameProblem(f) !== undefined) {
        throw meshError(scope, `${at}.finalizers[${i}]`, `must be a qualified name (an optional DNS-1123 subdomain and '/', then at most 63 alphanumerics, '-', '_' or '.'), got ${shown(f)}`);
      }
      if (m.finalizers.indexOf(f) !== i) throw meshError(scope, `${at}.finalizers[${i}]`, `must not repeat, got ${shown(f)} twice`, 'The API server refuses duplicate finalizers');
    });
  }
  if (m.ownerReferences !== undefined) {
    if (!Array.isArray(m.ownerReferences)) throw meshError(scope, `${at}.ownerReferences`, `must be an array of OwnerReference, got ${shown(m.ownerReferences)}`);
    const uids = new Set<string>();
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
      if (uids.has(r.uid)) throw meshError(scope, `${where}.uid`, `must not repeat, got ${shown(r.uid)} twice`, 'The API server refuses two owner references with the same uid');
      uids.add(r.uid);
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

/** Checks a map of annotations (keys qualified names, string values, at most 256 KiB in all). */
export function checkAnnotations(scope: IConstruct, at: string, annotations: unknown): void {
  if (annotations === undefined) return;
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) throw meshError(scope, at, `must be an object of string values, got ${shown(annotations)}`);
  let bytes = 0;
  for (const [k, v] of Object.entries(annotations)) {
    const problem = qualifiedNameProblem(k);
    if (problem) throw meshError(scope, `${at}[${JSON.stringify(k)}]`, `is not a valid annotation key: ${problem}`);
    if (typeof v !== 'string') throw meshError(scope, `${at}[${JSON.stringify(k)}]`, `must be a string, got ${shown(v)}`);
    bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) throw meshError(scope, at, `must total at most ${ANNOTATIONS_MAX_BYTES} bytes, got ${bytes}`);
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
