import { Construct } from 'constructs';
import { requireMesh, unsupported } from './private/mesh-support';
import { renderIstioJwt, renderIstioNamespace, renderIstioTarget } from './private/zta-istio';
import { checkLinkerdPaths, renderLinkerdTarget } from './private/zta-linkerd';
import {
  checkLabels, checkMethods, checkPaths, checkPorts, checkService, checkSources, labelsKey, labelsOverlap, labelsWithin,
  NormalizedRule, TargetModel, targetIdOf,
} from './private/zta-model';
import { renderDefaultDenyIngress, renderTargetIngress } from './private/zta-network-policy';
import { meshError, shown } from '../core/errors';
import { HttpMethod } from '../core/http-method';
import { Identity } from '../core/identity';
import { Mesh } from '../core/mesh';
import { isDnsLabel } from '../core/names';
import { chartNamespace } from '../core/service-resolution';
import { checkProps } from '../core/strict-props';
import { Namespace } from '../k8s/namespace';

/** The annotation that sets Linkerd's default inbound policy of a namespace's pods. */
const LINKERD_DEFAULT_INBOUND = 'config.linkerd.io/default-inbound-policy';

/** The workloads a rule allows calls to, and on which of their ports. */
export interface AuthzTarget {
  /**
   * Labels of the target pods (all must match), in the policy's namespace; `{}` is every workload of the
   * namespace. Rules with the same labels share one Istio policy, one Linkerd Server per port and one
   * NetworkPolicy.
   */
  readonly labels: { [key: string]: string };

  /**
   * The Service in front of the pods. Required with `waypoint` (Istio ambient attaches L7 policies to the
   * Service the waypoint serves); otherwise only documentation.
   *
   * @default - none
   */
  readonly service?: string;

  /**
   * The workload (container) ports callers may reach: Istio's `to.operation.ports` are workload ports, not
   * Service ports; on Linkerd each is a Server; on NetworkPolicy each is an allowed TCP port. At least one.
   */
  readonly ports: number[];
}

/**
 * Who may call what: one edge of the call graph. Everything not allowed by some rule is denied.
 *
 * On Istio a rule is one rule of the target's ALLOW policy; on Linkerd it authorizes its callers on the
 * target's Servers (and HTTPRoutes when it names methods or paths); on NetworkPolicy it opens the target
 * ports to the callers' namespaces.
 */
export interface AllowRule {
  /**
   * The callers (OR'ed): a ServiceAccount in a namespace (`Identity.serviceAccount(name, namespace)`, an
   * Istio principal `<trust-domain>/ns/<ns>/sa/<sa>`, a Linkerd identity
   * `<sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>`), or every meshed workload of a namespace
   * (`Identity.namespace(ns)`). Callers must be meshed: their mTLS identity is what is checked.
   */
  readonly sources: Identity[];

  /** The workloads called and their ports. */
  readonly to: AuthzTarget;

  /**
   * The HTTP methods allowed (any of them). Needs HTTP on the port: on a TCP port Istio never matches a rule
   * with methods, and Linkerd's HTTPRoutes do not apply.
   *
   * @default - every method
   */
  readonly methods?: HttpMethod[];

  /**
   * The paths allowed, with Istio's matching: exact (`/api/payments`), prefix (`/api/payments/*`, which matches
   * `/api/payments/1` but not `/api/payments`) or suffix (`*.png`). Each must start with `/` (or `*` for a
   * suffix). On Linkerd, exact paths become `Exact` HTTPRoute matches and `/x/*` a `PathPrefix` `/x/` (with an
   * `Exact` `/x` that keeps `/x` itself out, as on Istio); a suffix, or a prefix whose `*` does not follow a
   * `/` (`/api*` matches `/apix` on Istio; Gateway API prefixes match whole segments), are refused there.
   *
   * @default - every path
   */
  readonly paths?: string[];
}

/** The waypoint of Istio's ambient mode that enforces the L7 rules. */
export interface AmbientWaypoint {
  /**
   * The waypoint's name: its Gateway, its ServiceAccount and its pods' `gateway.networking.k8s.io/gateway-name` label.
   *
   * @default "waypoint" - the name `istioctl waypoint apply` gives
   */
  readonly name?: string;

  /**
   * The waypoint's namespace.
   *
   * @default - the policies' namespace
   */
  readonly namespace?: string;
}

/** Options of `ZeroTrustAuthz.allowMonitoring`. */
export interface MonitoringAllowOptions {
  /** The ports scraped (workload ports, as in `AuthzTarget.ports`). */
  readonly ports: number[];

  /**
   * The monitoring namespace: every meshed workload in it may scrape.
   *
   * @default "monitoring"
   */
  readonly namespace?: string;

  /**
   * Only this ServiceAccount of the monitoring namespace (Prometheus's) may scrape.
   *
   * @default - every workload of the monitoring namespace
   */
  readonly serviceAccount?: string;

  /**
   * The paths scraped (Istio matching, as in `AllowRule.paths`).
   *
   * @default ["/metrics", "/health"]
   */
  readonly paths?: string[];

  /**
   * The methods allowed.
   *
   * @default [HttpMethod.GET] - scraping reads
   */
  readonly methods?: HttpMethod[];

  /**
   * The workloads scraped.
   *
   * @default {} - every workload of the namespace
   */
  readonly labels?: { [key: string]: string };
}

/** Options of `ZeroTrustAuthz.requireJwt`. */
export interface JwtRequirementOptions {
  /** The issuer (`iss`) of accepted tokens. */
  readonly issuer: string;

  /**
   * The URL of the issuer's JSON Web Key Set (http or https).
   *
   * @default - OpenID discovery from the issuer
   */
  readonly jwksUri?: string;

  /**
   * Accepted audiences (`aud`).
   *
   * @default - any audience
   */
  readonly audiences?: string[];

  /** The workloads and ports that require a token. */
  readonly target: AuthzTarget;
}

/** Properties for `ZeroTrustAuthz`. */
export interface ZeroTrustAuthzProps {
  /** The mesh to render for. */
  readonly mesh: Mesh;

  /**
   * The namespace of the target workloads and of every object emitted.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The allowed calls; the same as calling `addAllow()` for each.
   *
   * @default - none: everything is denied until rules are added
   */
  readonly allow?: AllowRule[];

  /**
   * Also emit Kubernetes NetworkPolicies for the same graph (defense in depth, the seeds' "use both"): a
   * default-deny of all ingress to the namespace, and per target an allow of the callers' namespaces on the
   * target ports. NetworkPolicy is L3/L4: a ServiceAccount widens to its whole namespace, methods and paths
   * widen to the port. With `waypoint`, the pods are reached over HBONE (port 15008) from the waypoint, so
   * that is what is allowed.
   *
   * @default true
   */
  readonly networkPolicies?: boolean;

  /**
   * Render for Istio's ambient mode with a waypoint: the L7 policies attach to each target's Service
   * (`targetRefs`, which needs `to.service` on every rule), the namespace's allow-nothing policy is enforced
   * by ztunnel, and ztunnel lets only the waypoint reach the target ports. Istio only.
   *
   * @default - sidecar mode: policies select workloads by labels
   */
  readonly waypoint?: AmbientWaypoint;

  /**
   * Emit the Namespace object. On Linkerd it carries `config.linkerd.io/default-inbound-policy: deny`, so
   * that ports no rule names are denied as on Istio (see `namespaceAnnotations`). Leave it off when another
   * construct (a `StrictMtlsNamespace`, your own Namespace) creates the namespace, and put
   * `namespaceAnnotations` on that one.
   *
   * @default false
   */
  readonly createNamespace?: boolean;
}

/**
 * Default deny plus least-privilege allows from a declared call graph: who (a ServiceAccount in a namespace,
 * or a namespace) may call which workloads, on which ports, with which methods and paths.
 *
 * - **Istio**: an allow-nothing AuthorizationPolicy for the namespace (default deny), and one ALLOW policy per
 *   target workload with principals from the mesh's trust domain (`namespaces` for `Identity.namespace`) and
 *   operations on ports, methods and paths. With `waypoint`: the ALLOW policies attach to the target
 *   Services (`targetRefs`) and ztunnel admits only the waypoint.
 * - **Linkerd**: a Server per target and port (`accessPolicy: deny`), an AuthorizationPolicy per Server with a
 *   MeshTLSAuthentication of the callers; where rules name methods or paths, `policy.linkerd.io` HTTPRoutes on
 *   the Server, one per set of callers, each with its AuthorizationPolicy, shaped so that Gateway API
 *   precedence picks, for every request, a route whose callers are exactly the rules that match it on Istio.
 *   Ports no rule names fall to the namespace's default inbound policy: `all-authenticated` under
 *   `StrictMtlsNamespace`, the cluster's `all-unauthenticated` otherwise. To deny them as Istio does, the
 *   namespace needs `config.linkerd.io/default-inbound-policy: deny` (`namespaceAnnotations`, or
 *   `createNamespace`). Once a Server has HTTPRoutes, Linkerd no longer authorizes probes on that port by
 *   default: probes on a port with method or path rules need their own rule.
 * - **NetworkPolicy** (both meshes, `networkPolicies`): default-deny ingress, and per target the callers'
 *   namespaces on the target ports. L3/L4 only: identities widen to namespaces, methods and paths to ports.
 */
export class ZeroTrustAuthz extends Construct {
  /** The mesh rendered for. */
  public readonly mesh: Mesh;

  /** The namespace of the targets and of every object emitted. */
  public readonly namespace: string;

  private readonly targets = new Map<string, TargetModel>();
  private readonly ids = new Set<string>();
  private readonly networkPolicies: boolean;
  private readonly waypoint?: { name: string; namespace: string };
  private jwtCount = 0;

  public constructor(scope: Construct, id: string, props: ZeroTrustAuthzProps) {
    super(scope, id);
    props = checkProps(this, 'ZeroTrustAuthz', props);
    this.mesh = requireMesh(this, props.mesh);
    this.namespace = chartNamespace(this, 'namespace', props.namespace);
    this.networkPolicies = props.networkPolicies ?? true;
    if (props.waypoint !== undefined) {
      if (this.mesh.isLinkerd) {
        throw unsupported(this, this.mesh, 'waypoint', 'waypoints are part of Istio\'s ambient mode; Linkerd enforces every policy in the proxy beside each pod',
          'Leave waypoint unset: the same rules render as Servers, HTTPRoutes and AuthorizationPolicies');
      }
      const name = props.waypoint.name ?? 'waypoint';
      const namespace = props.waypoint.namespace ?? this.namespace;
      if (!isDnsLabel(name)) throw meshError(this, 'waypoint.name', `must be a DNS-1123 label, got ${shown(name)}`);
      if (!isDnsLabel(namespace)) throw meshError(this, 'waypoint.namespace', `must be a namespace (a DNS-1123 label), got ${shown(namespace)}`);
      this.waypoint = { name, namespace };
    }
    if (props.createNamespace === true) {
      new Namespace(this, 'Namespace', { name: this.namespace, annotations: this.namespaceAnnotations });
    }
    if (this.mesh.isIstio) renderIstioNamespace(this, this.mesh, this.namespace);
    if (this.networkPolicies) renderDefaultDenyIngress(this, this.namespace);
    (props.allow ?? []).forEach((rule, i) => this.add(rule, `allow[${i}]`));
  }

  /**
   * The annotations the namespace needs so that the mesh denies what no rule allows on every port: on Linkerd
   * `config.linkerd.io/default-inbound-policy: deny` (ports without a Server otherwise follow the namespace's
   * or the cluster's default inbound policy); on Istio none (the allow-nothing policy covers every port).
   */
  public get namespaceAnnotations(): { [key: string]: string } {
    return this.mesh.isLinkerd ? { [LINKERD_DEFAULT_INBOUND]: 'deny' } : {};
  }

  /** Allows a call edge (see `AllowRule`). */
  public addAllow(rule: AllowRule): void {
    rule = checkProps(this, 'ZeroTrustAuthz.addAllow', rule, 'addAllow()');
    this.add(rule, 'addAllow()');
  }

  /**
   * The seeds' Prometheus scrape: the monitoring namespace (or its one ServiceAccount) may `GET` `/metrics`
   * and `/health` on the given ports of every workload of the namespace. The caller must be meshed.
   */
  public allowMonitoring(options: MonitoringAllowOptions): void {
    options = checkProps(this, 'ZeroTrustAuthz.allowMonitoring', options, 'allowMonitoring()');
    const ns = options.namespace ?? 'monitoring';
    const at = 'allowMonitoring()';
    if (!isDnsLabel(ns)) throw meshError(this, `${at}.namespace`, `must be a namespace (a DNS-1123 label), got ${shown(ns)}`);
    this.add({
      sources: [options.serviceAccount === undefined ? Identity.namespace(ns) : Identity.serviceAccount(options.serviceAccount, ns)],
      to: { labels: options.labels ?? {}, ports: options.ports },
      methods: options.methods ?? [HttpMethod.GET],
      paths: options.paths ?? ['/metrics', '/health'],
    }, at);
  }

  /**
   * Requires a valid JWT from `issuer` for every request to the target ports. Istio: a RequestAuthentication
   * (which validates tokens when present, but alone lets requests without one through) paired with a DENY
   * AuthorizationPolicy on `notRequestPrincipals: ["*"]`, so that requests without a valid token are refused.
   * The allow rules still apply. Linkerd has no JWT authentication and refuses.
   */
  public requireJwt(options: JwtRequirementOptions): void {
    options = checkProps(this, 'ZeroTrustAuthz.requireJwt', options, 'requireJwt()');
    const at = 'requireJwt()';
    if (this.mesh.isLinkerd) {
      throw unsupported(this, this.mesh, at, 'Linkerd authenticates callers by their mTLS identity only and validates no JWTs',
        'Validate tokens in the application or in an ingress or API gateway in front of the mesh, and allow only that gateway\'s identity with addAllow()');
    }
    if (typeof options.issuer !== 'string' || options.issuer === '') throw meshError(this, `${at}.issuer`, `must be a non-empty string, got ${shown(options.issuer)}`);
    const labels = checkLabels(this, `${at}.target.labels`, options.target?.labels);
    const ports = checkPorts(this, `${at}.target.ports`, options.target?.ports);
    const service = checkService(this, `${at}.target.service`, options.target?.service);
    if (this.waypoint && service === undefined) {
      throw meshError(this, `${at}.target.service`, 'is required with waypoint, got none', 'Name the Service the waypoint serves: waypoint policies attach to it');
    }
    renderIstioJwt(this, `Jwt${this.jwtCount++}`, this.mesh, this.namespace, {
      issuer: options.issuer, jwksUri: options.jwksUri, audiences: options.audiences, labels, ports, service, waypoint: this.waypoint !== undefined,
    });
  }

  private add(rule: AllowRule, at: string): void {
    if (rule === null || typeof rule !== 'object') throw meshError(this, at, `must be an AllowRule, got ${shown(rule)}`);
    const sources = checkSources(this, `${at}.sources`, rule.sources);
    if (rule.to === null || typeof rule.to !== 'object') throw meshError(this, `${at}.to`, `must be an AuthzTarget, got ${shown(rule.to)}`);
    const labels = checkLabels(this, `${at}.to.labels`, rule.to.labels);
    const ports = checkPorts(this, `${at}.to.ports`, rule.to.ports);
    const service = checkService(this, `${at}.to.service`, rule.to.service);
    const methods = checkMethods(this, `${at}.methods`, rule.methods);
    const paths = checkPaths(this, `${at}.paths`, rule.paths);
    if (this.waypoint && service === undefined) {
      throw meshError(this, `${at}.to.service`, 'is required with waypoint, got none',
        'Name the Service the waypoint serves: waypoint policies attach to it (callers that reach pods directly, such as a scraper, bypass the waypoint)');
    }
    if (this.mesh.isLinkerd) checkLinkerdPaths(this, this.mesh, at, paths);
    const key = labelsKey(labels);
    let target = this.targets.get(key);
    if (target && service !== undefined && target.service !== undefined && target.service !== service) {
      throw meshError(this, `${at}.to.service`, `must be ${shown(target.service)} like the other rules for labels ${shown(labels)}, got ${shown(service)}`,
        'One set of pod labels is one target: name the same Service, or tell the workloads apart by labels');
    }
    const normalized: NormalizedRule = { at, sources, targetKey: key, ports, methods, paths };
    const isNew = target === undefined;
    if (!target) {
      let id = targetIdOf(labels);
      for (let n = 2; this.ids.has(id); n++) id = `${targetIdOf(labels)}-${n}`;
      target = { key, id, labels, service, rules: [] };
    }
    if (target.service === undefined) target.service = service;
    if (this.mesh.isLinkerd) this.checkLinkerdOverlap(target, normalized, at);
    target.rules.push(normalized);
    if (isNew) {
      this.targets.set(key, target);
      this.ids.add(target.id);
    }
    // A target's objects depend on all its rules (and, on Linkerd, on the rules of broader targets on the same
    // ports, and on narrower targets carved out of its Servers): rebuild the affected targets' objects.
    const affected = this.mesh.isLinkerd ? [...this.targets.values()].filter(t => labelsOverlap(t.labels, labels)) : [target];
    for (const t of affected) this.render(t);
  }

  /** Linkerd lets one Server describe a pod port: targets that may share pods must nest, one label apart. */
  private checkLinkerdOverlap(target: TargetModel, rule: NormalizedRule, at: string): void {
    for (const other of this.targets.values()) {
      if (other === target || !labelsOverlap(other.labels, target.labels)) continue;
      const shared = rule.ports.filter(p => other.rules.some(r => r.ports.includes(p)));
      if (shared.length === 0) continue;
      if (!labelsWithin(target.labels, other.labels) && !labelsWithin(other.labels, target.labels)) {
        throw unsupported(this, this.mesh, `${at}.to.labels`,
          `labels ${shown(target.labels)} and ${shown(other.labels)} may select the same pods, and Linkerd lets only one Server describe a pod's port ${shared[0]}`,
          'Select the pods with labels that nest (one set containing the other) or that differ in a value, or use different ports');
      }
    }
  }

  private render(target: TargetModel): void {
    this.node.tryRemoveChild(target.id);
    const scope = new Construct(this, target.id);
    if (this.mesh.isIstio) renderIstioTarget(scope, this.mesh, this.namespace, target, this.waypoint);
    else renderLinkerdTarget(scope, this.mesh, this.namespace, target, [...this.targets.values()]);
    if (this.networkPolicies) renderTargetIngress(scope, this.namespace, target, this.waypoint);
  }
}
