import { ValidationRule } from './finding';
import { Issue } from './structural';

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

/**
 * The ObjectMeta rules the API server applies to every object beyond its schema: name format per
 * kind, namespace format and scope, label and annotation keys and values.
 */
export function checkMetadata(apiVersion: string, kind: string, namespaced: boolean | undefined, metadata: any): Issue[] {
  const issues: Issue[] = [];
  const report = (path: string, message: string) => issues.push({ path, rule: ValidationRule.METADATA, message });
  if (!metadata || typeof metadata !== 'object') {
    report('metadata', 'Required value: every object needs metadata with a name');
    return issues;
  }
  const key = `${apiVersion}/${kind}`;
  const name = metadata.name;
  if (name === undefined || name === '') {
    if (!metadata.generateName) report('metadata.name', 'Required value: name or generateName is required');
  } else if (typeof name === 'string') {
    if (LABEL_NAMED.has(key)) {
      checkName(name, 63, DNS1123_LABEL, 'a DNS-1123 label (lowercase alphanumerics and \'-\', starting and ending with an alphanumeric, at most 63 characters)', issues);
    } else if (DNS1035_NAMED.has(key)) {
      checkName(name, 63, DNS1035_LABEL, 'a DNS-1035 label (lowercase alphanumerics and \'-\', starting with a letter and ending with an alphanumeric, at most 63 characters)', issues);
    } else {
      checkName(name, 253, DNS1123_SUBDOMAIN, 'a DNS-1123 subdomain (lowercase alphanumerics, \'-\' and \'.\', starting and ending with an alphanumeric, at most 253 characters)', issues);
    }
  }

  const ns = metadata.namespace;
  if (ns !== undefined && typeof ns === 'string') {
    if (namespaced === false) {
      issues.push({
        path: 'metadata.namespace',
        rule: ValidationRule.METADATA,
        message: `${kind} is cluster-scoped: the API server clears metadata.namespace ${JSON.stringify(ns)}; remove it`,
        warning: true,
      });
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
  return issues;
}

function checkName(name: string, max: number, re: RegExp, what: string, issues: Issue[]) {
  if (name.length > max || !re.test(name)) {
    issues.push({ path: 'metadata.name', rule: ValidationRule.METADATA, message: `Invalid value: ${JSON.stringify(name)}: must be ${what}` });
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
