import { meshError, shown } from './errors';
import { IstioApiVersion } from './istio-api-version';
import { isDnsLabel, isDnsSubdomain } from './names';
import { staticScope } from './static-scope';
import { checkStaticArguments } from './strict-props';

/** The mesh products. */
export enum MeshProvider {
  /** Istio (sidecar or ambient data plane). */
  ISTIO = 'Istio',
  /** Linkerd. */
  LINKERD = 'Linkerd',
}

/** Which Istio APIs a pattern renders its routing with. */
export enum IstioDialect {
  /** `networking.istio.io` VirtualService and DestinationRule (subsets). Every Istio feature. */
  CLASSIC = 'classic',
  /**
   * Gateway API HTTPRoutes attached to Services (GAMMA), with one Service per version. The standard channel has
   * no retries, mirroring percentages or circuit breaking on routes.
   */
  GAMMA = 'gamma',
}

/** Which Linkerd APIs a pattern renders its routing with. */
export enum LinkerdRouting {
  /** Gateway API HTTPRoutes on Services, with `retry.linkerd.io` / `timeout.linkerd.io` annotations (2.16+). */
  HTTP_ROUTE = 'http-route',
  /** ServiceProfiles (routes, retry budget, timeouts). No traffic split: canaries need HTTPRoutes. */
  SERVICE_PROFILE = 'service-profile',
}

/** Options of `Mesh.istio`. */
export interface IstioMeshOptions {
  /**
   * The routing APIs.
   *
   * @default IstioDialect.CLASSIC
   */
  readonly dialect?: IstioDialect;

  /**
   * The trust domain of the mesh (`meshConfig.trustDomain`), the first part of principals.
   *
   * @default "cluster.local"
   */
  readonly trustDomain?: string;

  /**
   * The cluster's DNS domain.
   *
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;

  /**
   * The Istio root namespace (`meshConfig.rootNamespace`): policies there apply mesh-wide.
   *
   * @default "istio-system"
   */
  readonly rootNamespace?: string;

  /**
   * The `networking.istio.io` / `security.istio.io` version to emit.
   *
   * @default IstioApiVersion.V1
   */
  readonly apiVersion?: IstioApiVersion;

  /**
   * States that the mesh config sets `defaultHttpRetryPolicy: {attempts: 0}`. Istio applies its default retry
   * policy (2 attempts on connect-failure, refused-stream, unavailable, cancelled) to every route without
   * `retries`, POST included; the classic dialect renders `attempts: 0` on every route that can match POST or
   * PATCH, but Gateway API routes (GAMMA) cannot express it. With `IstioDialect.GAMMA`, patterns that route
   * such requests refuse unless this is set (or their own `allowUnsafeRetries`).
   *
   * @default false
   */
  readonly meshDefaultRetriesDisabled?: boolean;
}

/** Options of `Mesh.linkerd`. */
export interface LinkerdMeshOptions {
  /**
   * The routing APIs.
   *
   * @default LinkerdRouting.HTTP_ROUTE
   */
  readonly routing?: LinkerdRouting;

  /**
   * The trust domain Linkerd was installed with (`identityTrustDomain`).
   *
   * @default "cluster.local"
   */
  readonly trustDomain?: string;

  /**
   * The cluster's DNS domain (`clusterDomain`).
   *
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;

  /**
   * The namespace of Linkerd's control plane, part of every proxy identity.
   *
   * @default "linkerd"
   */
  readonly controlPlaneNamespace?: string;
}

/**
 * The mesh a pattern renders for: one intent, three dialects (Istio classic, Istio on Gateway API (GAMMA),
 * Linkerd). Patterns refuse, naming the mesh and the alternative, what a mesh cannot express.
 *
 * ```ts
 * new CanaryService(chart, 'payments', { mesh: Mesh.istio(), ... });
 * new CanaryService(chart, 'payments', { mesh: Mesh.linkerd(), ... });
 * ```
 */
export class Mesh {
  /** Istio. */
  public static istio(options: IstioMeshOptions = {}): Mesh {
    const scope = staticScope('Mesh.istio');
    const dialect = options.dialect ?? IstioDialect.CLASSIC;
    if (!Object.values(IstioDialect).includes(dialect)) {
      throw meshError(scope, 'dialect', `must be one of ${Object.values(IstioDialect).join(', ')}, got ${shown(dialect)}`);
    }
    const apiVersion = options.apiVersion ?? IstioApiVersion.V1;
    if (!Object.values(IstioApiVersion).includes(apiVersion)) {
      throw meshError(scope, 'apiVersion', `must be one of ${Object.values(IstioApiVersion).join(', ')}, got ${shown(apiVersion)}`);
    }
    const rootNamespace = options.rootNamespace ?? 'istio-system';
    if (!isDnsLabel(rootNamespace)) throw meshError(scope, 'rootNamespace', `must be a namespace (a DNS-1123 label), got ${shown(rootNamespace)}`);
    return new Mesh(MeshProvider.ISTIO, dialect, trustDomainOf(scope, options.trustDomain), domainOf(scope, options.clusterDomain),
      rootNamespace, apiVersion, options.meshDefaultRetriesDisabled === true, 'linkerd');
  }

  /** Linkerd. */
  public static linkerd(options: LinkerdMeshOptions = {}): Mesh {
    const scope = staticScope('Mesh.linkerd');
    const routing = options.routing ?? LinkerdRouting.HTTP_ROUTE;
    if (!Object.values(LinkerdRouting).includes(routing)) {
      throw meshError(scope, 'routing', `must be one of ${Object.values(LinkerdRouting).join(', ')}, got ${shown(routing)}`);
    }
    const cp = options.controlPlaneNamespace ?? 'linkerd';
    if (!isDnsLabel(cp)) throw meshError(scope, 'controlPlaneNamespace', `must be a namespace (a DNS-1123 label), got ${shown(cp)}`);
    return new Mesh(MeshProvider.LINKERD, routing, trustDomainOf(scope, options.trustDomain), domainOf(scope, options.clusterDomain),
      'istio-system', IstioApiVersion.V1, false, cp);
  }

  private constructor(
    /** The product. */
    public readonly provider: MeshProvider,
    /** The dialect: an `IstioDialect` or `LinkerdRouting` value. */
    public readonly dialect: string,
    /** The trust domain. */
    public readonly trustDomain: string,
    /** The cluster's DNS domain. */
    public readonly clusterDomain: string,
    /** Istio's root namespace (Istio only). */
    public readonly rootNamespace: string,
    /** The Istio API version (Istio only). */
    public readonly istioApiVersion: IstioApiVersion,
    /** Whether the Istio mesh config disables the default retry policy (Istio only). */
    public readonly meshDefaultRetriesDisabled: boolean,
    /** Linkerd's control-plane namespace (Linkerd only). */
    public readonly controlPlaneNamespace: string) {}

  /** Whether this is Istio. */
  public get isIstio(): boolean {
    return this.provider === MeshProvider.ISTIO;
  }

  /** Whether this is Linkerd. */
  public get isLinkerd(): boolean {
    return this.provider === MeshProvider.LINKERD;
  }

  /** Whether the routing is Gateway API (Istio GAMMA, or Linkerd with HTTPRoutes). */
  public get usesGatewayApi(): boolean {
    return this.dialect === IstioDialect.GAMMA || this.dialect === LinkerdRouting.HTTP_ROUTE;
  }

  /** A name for messages: `Istio (classic)`, `Istio (GAMMA)`, `Linkerd (HTTPRoute)`, `Linkerd (ServiceProfile)`. */
  public get displayName(): string {
    const d: Record<string, string> = {
      [IstioDialect.CLASSIC]: 'classic',
      [IstioDialect.GAMMA]: 'GAMMA',
      [LinkerdRouting.HTTP_ROUTE]: 'HTTPRoute',
      [LinkerdRouting.SERVICE_PROFILE]: 'ServiceProfile',
    };
    return `${this.provider} (${d[this.dialect]})`;
  }
}

function trustDomainOf(scope: any, td: string | undefined): string {
  const v = td ?? 'cluster.local';
  if (!isDnsSubdomain(v)) throw meshError(scope, 'trustDomain', `must be a DNS name such as "cluster.local", got ${shown(v)}`);
  return v;
}

function domainOf(scope: any, d: string | undefined): string {
  const v = d ?? 'cluster.local';
  if (!isDnsSubdomain(v)) throw meshError(scope, 'clusterDomain', `must be a DNS name such as "cluster.local", got ${shown(v)}`);
  return v;
}

checkStaticArguments(Mesh, 'Mesh');
