import { ApiObject, ApiObjectMetadata, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError } from './errors';

/**
 * The ObjectMeta rules the API server applies to every object beyond its schema (apimachinery's
 * ValidateObjectMeta): name format per kind, namespace format and scope, label and annotation keys and values,
 * finalizer names, and (also a schema rule, checked here before rendering) owner references unique by uid. The validation engine reports them on any manifest; the
 * constructs refuse them at construction, before an object is rendered.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Kinds whose name must be a DNS-1123 label (63 characters, no dots), not a subdomain. */
const LABEL_NAMED = new Set(['v1/Namespace']);
/** Kinds whose name must be a DNS-1035 label (starts with a letter). */
const DNS1035_NAMED = new Set(['v1/Service']);

/** One broken ObjectMeta rule. */
export interface MetadataProblem {
  /** Where: `metadata.name`, `metadata.labels[app]`. */
  readonly path: string;
  /** What the API server would say. */
  readonly message: string;
  /** A problem the API server repairs instead of refusing (it clears the field). */
  readonly warning?: boolean;
  /** Also a rule of the ObjectMeta schema (list uniqueness), which the validation engine's structural check reports. */
  readonly schemaRule?: boolean;
}

/**
 * The ObjectMeta problems of `metadata` for an object of `apiVersion`/`kind`.
 *
 * @param namespaced whether the kind is namespaced; undefined when unknown
 * @param requireName whether a missing name (and generateName) is a problem (false before cdk8s generates one)
 */
export function metadataProblems(
  apiVersion: string, kind: string, namespaced: boolean | undefined, metadata: any, requireName = true,
): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  if (!metadata || typeof metadata !== 'object') {
    if (requireName) report('metadata', 'Required value: every object needs metadata with a name');
    return problems;
  }
  const key = `${apiVersion}/${kind}`;
  const name = metadata.name;
  if (name === undefined || (name === '' && requireName)) {
    if (requireName && !metadata.generateName) report('metadata.name', 'Required value: name or generateName is required');
  } else if (name === '') {
    report('metadata.name', 'Invalid value: "": must not be empty (leave it out to have a name generated)');
  } else if (typeof name === 'string') {
    if (LABEL_NAMED.has(key)) {
      checkName(name, 63, DNS1123_LABEL, 'a DNS-1123 label (lowercase alphanumerics and \'-\', starting and ending with an alphanumeric, at most 63 characters)', problems);
    } else if (DNS1035_NAMED.has(key)) {
      checkName(name, 63, DNS1035_LABEL, 'a DNS-1035 label (lowercase alphanumerics and \'-\', starting with a letter and ending with an alphanumeric, at most 63 characters)', problems);
    } else {
      checkName(name, 253, DNS1123_SUBDOMAIN, 'a DNS-1123 subdomain (lowercase alphanumerics, \'-\' and \'.\', starting and ending with an alphanumeric, at most 253 characters)', problems);
    }
  }

  const ns = metadata.namespace;
  if (ns !== undefined && typeof ns === 'string') {
    if (namespaced === false) {
      problems.push({ path: 'metadata.namespace', message: `${kind} is cluster-scoped: the API server clears metadata.namespace ${JSON.stringify(ns)}; remove it`, warning: true });
    } else if (ns.length > 63 || !DNS1123_LABEL.test(ns)) {
      report('metadata.namespace', `Invalid value: ${JSON.stringify(ns)}: a namespace must be a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters)`);
    }
  }

  for (const [k, v] of Object.entries(metadata.labels ?? {})) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem) report(`metadata.labels[${k}]`, `Invalid label key: ${keyProblem}`);
    if (typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
      report(`metadata.labels[${k}]`, `Invalid label value: ${JSON.stringify(v)}: must be at most 63 characters, empty or alphanumerics with '-', '_' or '.' inside`);
    }
  }
  let annotationBytes = 0;
  for (const [k, v] of Object.entries(metadata.annotations ?? {})) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem) report(`metadata.annotations[${k}]`, `Invalid annotation key: ${keyProblem}`);
    annotationBytes += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (annotationBytes > ANNOTATIONS_MAX_BYTES) {
    report('metadata.annotations', `Too long: annotations may total at most ${ANNOTATIONS_MAX_BYTES} bytes, got ${annotationBytes}`);
  }
  if (Array.isArray(metadata.finalizers)) {
    const seen = new Set<string>();
    metadata.finalizers.forEach((f: unknown, i: number) => {
      if (typeof f !== 'string') return;
      const problem = qualifiedNameProblem(f);
      if (problem) report(`metadata.finalizers[${i}]`, `Invalid value: ${problem}`);
      // Unique is also a schema rule (listType set).
      if (seen.has(f)) problems.push({ path: `metadata.finalizers[${i}]`, message: `Duplicate value: ${JSON.stringify(f)}`, schemaRule: true });
      seen.add(f);
    });
  }
  if (Array.isArray(metadata.ownerReferences)) {
    const uids = new Set<string>();
    metadata.ownerReferences.forEach((o: any, i: number) => {
      const uid = o?.uid;
      if (typeof uid !== 'string') return;
      if (uids.has(uid)) problems.push({ path: `metadata.ownerReferences[${i}]`, message: `Duplicate value: {"uid":${JSON.stringify(uid)}}`, schemaRule: true });
      uids.add(uid);
    });
  }
  return problems;
}

function checkName(name: string, max: number, re: RegExp, what: string, problems: MetadataProblem[]) {
  if (name.length > max || !re.test(name)) {
    problems.push({ path: 'metadata.name', message: `Invalid value: ${JSON.stringify(name)}: must be ${what}` });
  }
}

/** Kubernetes' IsQualifiedName: an optional DNS-1123 subdomain prefix and '/', then a 63-character name. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `${JSON.stringify(key)} may contain at most one '/'`;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `${JSON.stringify(key)}: the prefix must be a DNS-1123 subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `${JSON.stringify(key)}: the name part must be at most 63 characters, alphanumerics with '-', '_' or '.' inside`;
  }
  return undefined;
}

/** Throws the library's error for the first ObjectMeta problem of `metadata` (a name cdk8s will generate is fine). */
export function requireValidMetadata(
  scope: Construct, apiVersion: string, kind: string, metadata: ApiObjectMetadata | undefined, namespaced = true,
): void {
  const problem = metadataProblems(apiVersion, kind, namespaced, metadata, false).find(p => !p.warning);
  if (problem) throw meshError(scope, problem.path, `is invalid (${problem.message})`);
}

/** Creates a construct's `Resource` child, refusing metadata the API server would refuse. */
export function createApiObject(scope: Construct, props: ApiObjectProps, namespaced = true): ApiObject {
  requireValidMetadata(scope, props.apiVersion, props.kind, props.metadata, namespaced);
  return new ApiObject(scope, 'Resource', props);
}
