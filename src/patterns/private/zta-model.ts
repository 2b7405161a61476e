/**
 * The mesh-neutral model of a `ZeroTrustAuthz`: its allow rules checked once where they arrive, and the
 * targets they group into. The renderers (zta-istio.ts, zta-linkerd.ts, zta-network-policy.ts) read only this.
 */
import { IConstruct } from 'constructs';
import { meshError, requireInteger, shown } from '../../core/errors';
import { HttpMethod } from '../../core/http-method';
import { HTTP_METHODS } from '../../core/http-methods';
import { Identity } from '../../core/identity';
import { isDnsLabel, isDnsSubdomain } from '../../core/names';

/** A path as Istio matches it (MESH-FACTS Istio 10): exact, by string prefix (`/x/*`), or by suffix (`*.png`). */
export interface IstioPath {
  /** What the user wrote, rendered unchanged into Istio's `paths`. */
  readonly text: string;
  readonly kind: 'exact' | 'prefix' | 'suffix';
  /** The path (exact), the string before `*` (prefix) or after it (suffix). */
  readonly value: string;
}

/** One checked allow rule. */
export interface NormalizedRule {
  /** Where it came from, for messages: `allow[2]`, `addAllow()`, `allowMonitoring()`. */
  readonly at: string;
  readonly sources: Identity[];
  /** The target's key (its labels, sorted). */
  readonly targetKey: string;
  readonly ports: number[];
  /** Methods in the order given; empty: any method. */
  readonly methods: string[];
  /** Paths in the order given; empty: any path. */
  readonly paths: IstioPath[];
}

/** The workloads a group of rules is about: one Istio ALLOW policy, one Linkerd Server per port, one NetworkPolicy. */
export interface TargetModel {
  readonly key: string;
  /** The construct id of its objects' parent: `app-payment-api`, `all-workloads`. */
  readonly id: string;
  readonly labels: { [key: string]: string };
  /** The Service name (required in waypoint mode). */
  service?: string;
  readonly rules: NormalizedRule[];
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  return isDnsSubdomain(key.slice(0, slash)) && LABEL_NAME.test(key.slice(slash + 1));
}

/** The key of a label set: the same labels, in any order, give the same key. */
export function labelsKey(labels: { [key: string]: string }): string {
  return JSON.stringify(Object.keys(labels).sort().map(k => [k, labels[k]]));
}

/** `app-payment-api`, `all-workloads`: a readable construct id for a target's labels. */
export function targetIdOf(labels: { [key: string]: string }): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return 'all-workloads';
  const raw = keys.map(k => `${k.slice(k.lastIndexOf('/') + 1)}-${labels[k]}`).join('-');
  return raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 50) || 'workloads';
}

/** Checks pod labels: `{}` (every workload of the namespace) or label keys and values. */
export function checkLabels(scope: IConstruct, prop: string, labels: unknown): { [key: string]: string } {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    throw meshError(scope, prop, `must be an object of pod labels, got ${shown(labels)}`, 'Write { app: "payment-api" }, or {} for every workload of the namespace');
  }
  const out: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(labels as object)) {
    if (!isLabelKey(k)) throw meshError(scope, `${prop}[${JSON.stringify(k)}]`, `must be a label key (an optional DNS subdomain and "/", then at most 63 letters, digits, '-', '_' or '.'), got key ${shown(k)}`);
    if (typeof v !== 'string' || !LABEL_VALUE.test(v) || v === '') {
      throw meshError(scope, `${prop}[${JSON.stringify(k)}]`, `must be a non-empty label value (at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends), got ${shown(v)}`);
    }
    out[k] = v;
  }
  return out;
}

/** Checks container ports: a non-empty list of integers from 1 to 65535, no duplicates. */
export function checkPorts(scope: IConstruct, prop: string, ports: unknown): number[] {
  if (!Array.isArray(ports) || ports.length === 0) {
    throw meshError(scope, prop, `must list at least one container port, got ${shown(ports)}`,
      'Name the ports the workload listens on (containerPort), not the Service ports: Istio matches workload ports, and Linkerd needs a Server per port');
  }
  ports.forEach((p, i) => requireInteger(scope, `${prop}[${i}]`, p, 1, 65535));
  const dup = ports.find((p, i) => ports.indexOf(p) !== i);
  if (dup !== undefined) throw meshError(scope, prop, `must not list a port twice, got ${dup} twice in ${shown(ports)}`, 'Remove the duplicate');
  return [...ports];
}

/** Checks identities: a non-empty list of `Identity.serviceAccount()` / `Identity.namespace()`. */
export function checkSources(scope: IConstruct, prop: string, sources: unknown): Identity[] {
  if (!Array.isArray(sources) || sources.length === 0) {
    throw meshError(scope, prop, `must list at least one caller, got ${shown(sources)}`,
      'Name who may call: Identity.serviceAccount("frontend", "production") or Identity.namespace("monitoring"). Zero trust has no "anyone"');
  }
  sources.forEach((s, i) => {
    if (!(s instanceof Identity)) {
      throw meshError(scope, `${prop}[${i}]`, `must be an Identity, got ${shown(s)}`, 'Use Identity.serviceAccount(name, namespace) or Identity.namespace(namespace)');
    }
    s._check(scope, `${prop}[${i}]`);
  });
  return [...sources];
}

/** Checks methods: a non-empty list of `HttpMethod` values, no duplicates. */
export function checkMethods(scope: IConstruct, prop: string, methods: unknown): string[] {
  if (methods === undefined) return [];
  if (!Array.isArray(methods) || methods.length === 0) {
    throw meshError(scope, prop, `must not be empty when given, got ${shown(methods)}`, 'Omit it to allow every method');
  }
  methods.forEach((m, i) => {
    if (!HTTP_METHODS.includes(m)) throw meshError(scope, `${prop}[${i}]`, `must be an HttpMethod (${HTTP_METHODS.join(', ')}), got ${shown(m)}`);
  });
  const dup = methods.find((m, i) => methods.indexOf(m) !== i);
  if (dup !== undefined) throw meshError(scope, prop, `must not list a method twice, got ${dup} twice`, 'Remove the duplicate');
  return [...methods];
}

/**
 * Checks paths as Istio reads them: exact (`/api/payments`), by prefix (`/api/payments/*`, `*` last) or by
 * suffix (`*.png`, `*` first). What each mesh can express is checked by its renderer.
 */
export function checkPaths(scope: IConstruct, prop: string, paths: unknown): IstioPath[] {
  if (paths === undefined) return [];
  if (!Array.isArray(paths) || paths.length === 0) {
    throw meshError(scope, prop, `must not be empty when given, got ${shown(paths)}`, 'Omit it to allow every path');
  }
  const out = paths.map((p, i): IstioPath => {
    const at = `${prop}[${i}]`;
    if (typeof p !== 'string' || p.length === 0) throw meshError(scope, at, `must be a non-empty string, got ${shown(p)}`);
    if (/[\s?#]/.test(p)) {
      throw meshError(scope, at, `must be a path without spaces, query string or fragment, got ${shown(p)}`,
        'Both meshes match the path only (the part before "?"): remove the query or fragment');
    }
    if (p === '*') throw meshError(scope, at, 'must not be "*" alone, which matches every path', 'Omit paths to allow every path');
    const stars = p.split('*').length - 1;
    if (stars > 1 || (stars === 1 && !p.startsWith('*') && !p.endsWith('*'))) {
      throw meshError(scope, at, `may have one "*", first (suffix match) or last (prefix match), got ${shown(p)}`,
        'Istio matches paths exactly, by prefix ("/api/*") or by suffix ("*.png"); a "*" elsewhere is matched literally');
    }
    if (p.startsWith('*')) return { text: p, kind: 'suffix', value: p.slice(1) };
    if (!p.startsWith('/')) throw meshError(scope, at, `must start with "/" (or "*" for a suffix match), got ${shown(p)}`, `Write ${shown(`/${p}`)}`);
    return p.endsWith('*') ? { text: p, kind: 'prefix', value: p.slice(0, -1) } : { text: p, kind: 'exact', value: p };
  });
  const dup = out.find((p, i) => out.findIndex(q => q.text === p.text) !== i);
  if (dup !== undefined) throw meshError(scope, prop, `must not list a path twice, got ${shown(dup.text)} twice`, 'Remove the duplicate');
  return out;
}

/** Checks a Service name (DNS-1035 label). */
export function checkService(scope: IConstruct, prop: string, service: unknown): string | undefined {
  if (service === undefined) return undefined;
  if (!isDnsLabel(service) || !/^[a-z]/.test(service)) throw meshError(scope, prop, `must be a Service name (a DNS-1035 label), got ${shown(service)}`);
  return service;
}

/** Whether the methods are all HttpMethod wire values (for TypeScript's benefit). */
export function asHttpMethods(methods: string[]): HttpMethod[] {
  return methods as HttpMethod[];
}

/** Whether two label sets can select the same pod: no key on which their values differ. */
export function labelsOverlap(a: { [key: string]: string }, b: { [key: string]: string }): boolean {
  return Object.keys(a).every(k => !(k in b) || b[k] === a[k]);
}

/** Whether every pod `narrow` selects is also selected by `broad` (`broad`'s labels are a subset). */
export function labelsWithin(narrow: { [key: string]: string }, broad: { [key: string]: string }): boolean {
  return Object.keys(broad).every(k => narrow[k] === broad[k]);
}

/** The identities of rules, deduplicated, in a stable order. */
export function identityKey(identities: Identity[]): string {
  return [...new Set(identities.map(i => i.toString()))].sort().join(',');
}
