/**
 * Istio's rendering of a `ZeroTrustAuthz` (MESH-FACTS Istio 8-11, 13, 14): allow-nothing for the namespace,
 * one ALLOW policy per target, JWT requirements as RequestAuthentication plus a DENY on `notRequestPrincipals`.
 */
import { Construct } from 'constructs';
import { NormalizedRule, TargetModel } from './zta-model';
import { Mesh } from '../../core/mesh';
import { AuthorizationAction, AuthorizationPolicy } from '../../istio/authorization-policy';
import { AuthorizationRuleOptions, RuleSource } from '../../istio/authorization-rule';
import { RequestAuthentication } from '../../istio/request-authentication';

/** The namespace-wide default deny: `spec: {}` (with a waypoint, ztunnel enforces it on every pod). */
export function renderIstioNamespace(scope: Construct, mesh: Mesh, namespace: string): void {
  AuthorizationPolicy.allowNothing(scope, 'AllowNothing', { metadata: { namespace }, apiVersion: mesh.istioApiVersion });
}

/** The sources of a rule: one for principals, one for namespaces (fields of a source are AND'ed, sources OR'ed). */
function sourcesOf(mesh: Mesh, rule: NormalizedRule): RuleSource[] {
  const principals = [...new Set(rule.sources.map(s => s.istioPrincipal(mesh.trustDomain)).filter((p): p is string => p !== undefined))];
  const namespaces = [...new Set(rule.sources.filter(s => s.serviceAccountName === undefined).map(s => s.namespaceName))];
  return [
    ...(principals.length > 0 ? [{ principals }] : []),
    ...(namespaces.length > 0 ? [{ namespaces }] : []),
  ];
}

function ruleOf(mesh: Mesh, rule: NormalizedRule): AuthorizationRuleOptions {
  return {
    sources: sourcesOf(mesh, rule),
    operations: [{
      ports: rule.ports,
      ...(rule.methods.length > 0 ? { methods: rule.methods } : {}),
      ...(rule.paths.length > 0 ? { paths: rule.paths.map(p => p.text) } : {}),
    }],
  };
}

/**
 * The ALLOW policy of a target: its rules in order. In sidecar mode it selects the pods (none for `{}`: the
 * whole namespace); with a waypoint it attaches to the Service, and a second policy lets ztunnel admit the
 * waypoint (and only it) on the target ports.
 */
export function renderIstioTarget(scope: Construct, mesh: Mesh, namespace: string, target: TargetModel,
  waypoint: { name: string; namespace: string } | undefined): void {
  const metadata = { namespace };
  const apiVersion = mesh.istioApiVersion;
  const hasLabels = Object.keys(target.labels).length > 0;
  const selector = hasLabels ? { matchLabels: { ...target.labels } } : undefined;
  if (waypoint === undefined) {
    new AuthorizationPolicy(scope, 'Allow', {
      metadata, apiVersion, action: AuthorizationAction.ALLOW, selector, rules: target.rules.map(r => ruleOf(mesh, r)),
    });
    return;
  }
  new AuthorizationPolicy(scope, 'Allow', {
    metadata,
    apiVersion,
    action: AuthorizationAction.ALLOW,
    targetRefs: [{ kind: 'Service', group: '', name: target.service! }],
    rules: target.rules.map(r => ruleOf(mesh, r)),
  });
  const ports = [...new Set(target.rules.flatMap(r => r.ports))].sort((a, b) => a - b);
  new AuthorizationPolicy(scope, 'AllowWaypoint', {
    metadata,
    apiVersion,
    action: AuthorizationAction.ALLOW,
    selector,
    rules: [{
      sources: [{ principals: [`${mesh.trustDomain}/ns/${waypoint.namespace}/sa/${waypoint.name}`] }],
      operations: [{ ports }],
    }],
  });
}

/** What `requireJwt` renders from. */
export interface IstioJwt {
  readonly issuer: string;
  readonly jwksUri?: string;
  readonly audiences?: string[];
  readonly labels: { [key: string]: string };
  readonly ports: number[];
  readonly service?: string;
  readonly waypoint: boolean;
}

/** RequestAuthentication plus the DENY that refuses requests without a valid token on the target ports. */
export function renderIstioJwt(parent: Construct, id: string, mesh: Mesh, namespace: string, jwt: IstioJwt): void {
  const scope = new Construct(parent, id);
  const metadata = { namespace };
  const apiVersion = mesh.istioApiVersion;
  const hasLabels = Object.keys(jwt.labels).length > 0;
  const attach = jwt.waypoint
    ? { targetRefs: [{ kind: 'Service', group: '', name: jwt.service! }] }
    : { selector: hasLabels ? { matchLabels: { ...jwt.labels } } : undefined };
  new RequestAuthentication(scope, 'Authentication', {
    metadata,
    apiVersion,
    ...attach,
    jwtRules: [{ issuer: jwt.issuer, jwksUri: jwt.jwksUri, audiences: jwt.audiences }],
  });
  new AuthorizationPolicy(scope, 'RequireToken', {
    metadata,
    apiVersion,
    ...attach,
    action: AuthorizationAction.DENY,
    rules: [{ sources: [{ notRequestPrincipals: ['*'] }], operations: [{ ports: jwt.ports }] }],
  });
}
