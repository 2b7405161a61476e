import { expectValid } from './synth';
import { analyzeManifests } from '../../src/analysis';

/**
 * Runs the pack (without the validation engine) and returns `path: message` of one rule's findings.
 * With `valid`, the manifests must also pass the validation engine, so a test's input is one the API
 * server would accept as written.
 */
export function findingsOf(ruleId: string, manifests: any[], options: { valid?: boolean } = {}): string[] {
  if (options.valid) expectValid(manifests);
  return analyzeManifests(manifests, { schemaValidation: false })
    .filter(f => f.ruleId === ruleId)
    .map(f => `${f.path}: ${f.message}`);
}

/** The severities of one rule's findings, in finding order. */
export function severitiesOf(ruleId: string, manifests: any[]): string[] {
  return analyzeManifests(manifests, { schemaValidation: false }).filter(f => f.ruleId === ruleId).map(f => f.severity);
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
