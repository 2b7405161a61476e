import { expectValid } from './synth';
import { AnalysisFinding, AnalyzeOptions, analyzeManifests } from '../../src/analysis';

/** How a rule test runs the pack. */
export interface RuleRunOptions extends AnalyzeOptions {
  /**
   * Require the manifests to pass the validation engine (no errors), so the input is one the API server
   * would accept as written and the finding is about config that can exist. Set `valid: false` only for an
   * input that is invalid on purpose, and say why next to it.
   * @default true
   */
  readonly valid?: boolean;
}

/**
 * Runs the pack (without the validation engine, so only the rules speak) and returns one rule's findings.
 * The manifests must pass the validation engine unless `valid: false`.
 */
export function ruleFindings(ruleId: string, manifests: any[], options: RuleRunOptions = {}): AnalysisFinding[] {
  const { valid = true, ...analyze } = options;
  if (valid) expectValid(manifests);
  return analyzeManifests(manifests, { ...analyze, schemaValidation: false }).filter(f => f.ruleId === ruleId);
}

/** `path: message` of one rule's findings (see `ruleFindings`). */
export function findingsOf(ruleId: string, manifests: any[], options: RuleRunOptions = {}): string[] {
  return ruleFindings(ruleId, manifests, options).map(f => `${f.path}: ${f.message}`);
}

/** The severities of one rule's findings, in finding order (see `ruleFindings`). */
export function severitiesOf(ruleId: string, manifests: any[], options: RuleRunOptions = {}): string[] {
  return ruleFindings(ruleId, manifests, options).map(f => f.severity);
}

/**
 * A "silent" case: the manifests are valid config (the validation engine finds no error) and the rule
 * reports nothing on them.
 */
export function expectSilent(ruleId: string, manifests: any[], options: AnalyzeOptions = {}): void {
  expect(findingsOf(ruleId, manifests, { ...options, valid: true })).toEqual([]);
}

export function virtualService(http: any[], namespace = 'prod'): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'payments', namespace },
    spec: { hosts: ['payments'], http },
  };
}

export interface DeploymentOptions {
  readonly namespace?: string;
  readonly replicas?: number;
  readonly serviceAccount?: string;
}

export function deployment(name: string, labels: Record<string, string>, options: DeploymentOptions = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: options.namespace ?? 'prod' },
    spec: {
      ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { serviceAccountName: options.serviceAccount ?? name, containers: [{ name: 'app', image: `example/${name}:1.0` }] },
      },
    },
  };
}

export interface ObjectOptions {
  readonly namespace?: string;
  readonly annotations?: Record<string, string>;
}

export function service(name: string, selector: Record<string, string> | undefined, options: ObjectOptions = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: options.namespace ?? 'prod', ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: { ...(selector ? { selector } : {}), ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

export function namespaceObject(name: string, labels: Record<string, string> = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function authorizationPolicy(name: string, spec: any, namespace = 'prod'): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec };
}

export function serviceProfile(name: string, spec: any, namespace = 'prod'): any {
  return { apiVersion: 'linkerd.io/v1alpha2', kind: 'ServiceProfile', metadata: { name, namespace }, spec };
}

export function httpRoute(name: string, spec: any, options: ObjectOptions = {}): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: options.namespace ?? 'prod', ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec,
  };
}
