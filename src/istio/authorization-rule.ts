import { IConstruct } from 'constructs';
import { meshError, requireInteger, shown } from '../core/errors';
import { compact } from './private/render';
import { isDnsLabel, isDnsSubdomain } from '../core/names';

/**
 * Where a request comes from (`Source`). Fields are AND'ed, values within a field OR'ed; `notX` excludes.
 * Values match exactly, by prefix (`abc*`), by suffix (`*abc`) or by presence (`*`).
 */
export interface RuleSource {
  /**
   * Peer identities from mTLS: `<trust-domain>/ns/<namespace>/sa/<service-account>`, without `spiffe://`
   * (`cluster.local` stands for the local trust domain and its aliases). Wildcards need the rule's
   * `allowWildcardPrincipals`.
   *
   * @default - any peer identity
   */
  readonly principals?: string[];
  /** @default - none excluded */
  readonly notPrincipals?: string[];
  /**
   * Request identities from a validated JWT: `<iss>/<sub>`; `*` means any authenticated request (pair
   * with a RequestAuthentication, which alone lets requests without a token through).
   *
   * @default - any request identity, or none
   */
  readonly requestPrincipals?: string[];
  /** @default - none excluded */
  readonly notRequestPrincipals?: string[];
  /**
   * Namespaces of the peer workload (from its mTLS identity).
   *
   * @default - any namespace
   */
  readonly namespaces?: string[];
  /** @default - none excluded */
  readonly notNamespaces?: string[];
  /**
   * Service accounts as `<namespace>/<name>`, without wildcards (Istio 1.26+). Cannot be combined with
   * principals or namespaces in the same source.
   *
   * @default - any service account
   */
  readonly serviceAccounts?: string[];
  /** @default - none excluded */
  readonly notServiceAccounts?: string[];
  /**
   * Peer IP addresses or CIDR blocks (the direct peer).
   *
   * @default - any address
   */
  readonly ipBlocks?: string[];
  /** @default - none excluded */
  readonly notIpBlocks?: string[];
  /**
   * Original client IPs (from X-Forwarded-For, per the gateway's numTrustedProxies).
   *
   * @default - any address
   */
  readonly remoteIpBlocks?: string[];
  /** @default - none excluded */
  readonly notRemoteIpBlocks?: string[];
}

/**
 * What a request targets (`Operation`). Fields are AND'ed, values OR'ed; matching as in `RuleSource`.
 * `/api/payments/*` matches `/api/payments/1` but not `/api/payments`.
 */
export interface RuleOperation {
  /** @default - any host */
  readonly hosts?: string[];
  /** @default - none excluded */
  readonly notHosts?: string[];
  /**
   * Workload (container) ports, not Service ports (1–65535). Rendered as strings.
   *
   * @default - any port
   */
  readonly ports?: number[];
  /** @default - none excluded */
  readonly notPorts?: number[];
  /**
   * HTTP methods (`GET`); for gRPC always `POST`.
   *
   * @default - any method
   */
  readonly methods?: string[];
  /** @default - none excluded */
  readonly notMethods?: string[];
  /**
   * Paths, normalised per the mesh's pathNormalization (`/api/*`, `*.png`).
   *
   * @default - any path
   */
  readonly paths?: string[];
  /** @default - none excluded */
  readonly notPaths?: string[];
}

/** An additional condition (`Condition`), such as `request.auth.claims[groups]`. */
export interface RuleCondition {
  /** The attribute name (`source.ip`, `request.headers[x-user]`, `request.auth.claims[iss]`, ...). */
  readonly key: string;
  /**
   * Allowed values (OR'ed). At least one of `values` and `notValues`.
   *
   * @default - none
   */
  readonly values?: string[];
  /**
   * Excluded values.
   *
   * @default - none
   */
  readonly notValues?: string[];
}

/** A rule of an AuthorizationPolicy (`Rule`). The sources, operations and conditions are AND'ed. */
export interface AuthorizationRuleOptions {
  /**
   * Sources, OR'ed. In an ALLOW rule every source must name an identity (`principals`, `namespaces`,
   * `serviceAccounts` or `requestPrincipals`): a source with only `notX` fields, `ipBlocks` or
   * `remoteIpBlocks` also matches callers without mTLS or a token, so it needs `allowAnySource`.
   *
   * @default - any source; in an ALLOW policy this needs `allowAnySource`
   */
  readonly sources?: RuleSource[];
  /**
   * Operations, OR'ed.
   *
   * @default - any operation
   */
  readonly operations?: RuleOperation[];
  /**
   * Conditions, AND'ed.
   *
   * @default - none
   */
  readonly conditions?: RuleCondition[];
  /**
   * Allow an ALLOW rule with no source, or with sources that name no identity (only `notPrincipals`,
   * `notNamespaces`, ..., `ipBlocks` or `remoteIpBlocks`), which admits unauthenticated callers: plain-text
   * clients outside the mesh, and requests without a JWT.
   *
   * @default false
   */
  readonly allowAnySource?: boolean;
  /**
   * Allow principals with a wildcard (`*`, `cluster.local/ns/prod/*`), which admit any identity matching.
   *
   * @default false
   */
  readonly allowWildcardPrincipals?: boolean;
}

const PRINCIPAL = /^[^/*]+\/ns\/[^/*]+\/sa\/[^/*]+$/;
/** The source fields that only an authenticated caller (mTLS peer or validated JWT) can match. */
const IDENTITY_FIELDS = ['principals', 'namespaces', 'serviceAccounts', 'requestPrincipals'] as const;

/** A rule of an AuthorizationPolicy, as returned by `AuthorizationPolicy.addRule()`. */
export class AuthorizationRule {
  /** @internal */
  public static _create(scope: IConstruct, prop: string, action: string, options: AuthorizationRuleOptions): AuthorizationRule {
    return new AuthorizationRule(renderRule(scope, prop, action, options ?? {}));
  }

  private constructor(private readonly rendered: any) {}

  /** @internal */
  public _render(): any {
    return this.rendered;
  }
}

function strings(scope: IConstruct, prop: string, list: string[] | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length === 0) throw meshError(scope, prop, `must not be empty when given, got ${shown(list)}`, 'Omit it to match anything');
  list.forEach((v, i) => {
    if (typeof v !== 'string' || v.length === 0) throw meshError(scope, `${prop}[${i}]`, `must be a non-empty string, got ${shown(v)}`);
  });
  return [...list];
}

function principals(scope: IConstruct, prop: string, list: string[] | undefined, allowWildcard: boolean): string[] | undefined {
  const out = strings(scope, prop, list);
  out?.forEach((p, i) => {
    if (p.startsWith('spiffe://')) {
      throw meshError(scope, `${prop}[${i}]`, `must not start with spiffe://, got ${shown(p)}`, `Use ${shown(p.slice('spiffe://'.length))}`);
    }
    if (p.includes('*')) {
      if (!allowWildcard) {
        throw meshError(scope, `${prop}[${i}]`, `is a wildcard, ${shown(p)}, which admits every identity it matches`,
          'List exact principals, or set allowWildcardPrincipals: true on the rule');
      }
      if (p.slice(1, -1).includes('*')) throw meshError(scope, `${prop}[${i}]`, `may have * only at the start or end, got ${shown(p)}`);
    } else if (!PRINCIPAL.test(p)) {
      throw meshError(scope, `${prop}[${i}]`, `must look like <trust-domain>/ns/<namespace>/sa/<service-account>, got ${shown(p)}`,
        'For example cluster.local/ns/production/sa/frontend');
    }
  });
  return out;
}

function serviceAccounts(scope: IConstruct, prop: string, list: string[] | undefined): string[] | undefined {
  const out = strings(scope, prop, list);
  out?.forEach((s, i) => {
    const [namespace, name, ...rest] = s.split('/');
    if (rest.length > 0 || !isDnsLabel(namespace) || !isDnsSubdomain(name)) {
      throw meshError(scope, `${prop}[${i}]`, `must look like <namespace>/<name>, without wildcards, got ${shown(s)}`, 'For example production/frontend');
    }
  });
  return out;
}

function ports(scope: IConstruct, prop: string, list: number[] | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  if (list.length === 0) throw meshError(scope, prop, `must not be empty when given, got ${shown(list)}`, 'Omit it to match any port');
  list.forEach((p, i) => requireInteger(scope, `${prop}[${i}]`, p, 1, 65535));
  return list.map(String);
}

function renderRule(scope: IConstruct, prop: string, action: string, r: AuthorizationRuleOptions): any {
  if (action === 'ALLOW' && (r.sources === undefined || r.sources.length === 0) && !r.allowAnySource) {
    throw meshError(scope, `${prop}.sources`, `is empty in an ALLOW rule, which admits every caller, unauthenticated ones included, got ${r.sources === undefined ? 'none' : shown(r.sources)}`,
      'Add sources (principals, namespaces, ...), or set allowAnySource: true');
  }
  const wild = r.allowWildcardPrincipals === true;
  const from = r.sources?.map((s, i) => {
    const at = `${prop}.sources[${i}]`;
    if ((s.serviceAccounts || s.notServiceAccounts) && (s.principals || s.notPrincipals || s.namespaces || s.notNamespaces)) {
      throw meshError(scope, at, `cannot combine serviceAccounts with principals or namespaces (Istio rejects it), got ${shown(s)}`, 'Split them into two sources');
    }
    const source = compact({
      principals: principals(scope, `${at}.principals`, s.principals, wild),
      notPrincipals: principals(scope, `${at}.notPrincipals`, s.notPrincipals, true),
      requestPrincipals: strings(scope, `${at}.requestPrincipals`, s.requestPrincipals),
      notRequestPrincipals: strings(scope, `${at}.notRequestPrincipals`, s.notRequestPrincipals),
      namespaces: strings(scope, `${at}.namespaces`, s.namespaces),
      notNamespaces: strings(scope, `${at}.notNamespaces`, s.notNamespaces),
      serviceAccounts: serviceAccounts(scope, `${at}.serviceAccounts`, s.serviceAccounts),
      notServiceAccounts: serviceAccounts(scope, `${at}.notServiceAccounts`, s.notServiceAccounts),
      ipBlocks: strings(scope, `${at}.ipBlocks`, s.ipBlocks),
      notIpBlocks: strings(scope, `${at}.notIpBlocks`, s.notIpBlocks),
      remoteIpBlocks: strings(scope, `${at}.remoteIpBlocks`, s.remoteIpBlocks),
      notRemoteIpBlocks: strings(scope, `${at}.notRemoteIpBlocks`, s.notRemoteIpBlocks),
    });
    if (Object.keys(source).length === 0) throw meshError(scope, at, 'is empty, got {}', 'Set at least one field, or remove the source');
    if (action === 'ALLOW' && !r.allowAnySource && !IDENTITY_FIELDS.some(f => f in source)) {
      throw meshError(scope, at, `names no identity in an ALLOW rule, so it also admits unauthenticated callers (plain text, no JWT), got ${shown(source)}`,
        'Add principals, namespaces, serviceAccounts or requestPrincipals to the source, or set allowAnySource: true');
    }
    return { source };
  });
  const to = r.operations?.map((o, i) => {
    const at = `${prop}.operations[${i}]`;
    const operation = compact({
      hosts: strings(scope, `${at}.hosts`, o.hosts),
      notHosts: strings(scope, `${at}.notHosts`, o.notHosts),
      ports: ports(scope, `${at}.ports`, o.ports),
      notPorts: ports(scope, `${at}.notPorts`, o.notPorts),
      methods: strings(scope, `${at}.methods`, o.methods),
      notMethods: strings(scope, `${at}.notMethods`, o.notMethods),
      paths: strings(scope, `${at}.paths`, o.paths),
      notPaths: strings(scope, `${at}.notPaths`, o.notPaths),
    });
    if (Object.keys(operation).length === 0) throw meshError(scope, at, 'is empty, got {}', 'Set at least one field, or remove the operation');
    return { operation };
  });
  const when = r.conditions?.map((c, i) => {
    const at = `${prop}.conditions[${i}]`;
    if (typeof c.key !== 'string' || !c.key) throw meshError(scope, `${at}.key`, `must be a non-empty attribute name, got ${shown(c.key)}`);
    if (c.values === undefined && c.notValues === undefined) throw meshError(scope, at, `needs values or notValues, got neither for key ${shown(c.key)}`, 'Add values: [...] to require a value, or notValues: [...] to exclude one');
    return compact({ key: c.key, values: strings(scope, `${at}.values`, c.values), notValues: strings(scope, `${at}.notValues`, c.notValues) });
  });
  return compact({
    from: from?.length ? from : undefined,
    to: to?.length ? to : undefined,
    when: when?.length ? when : undefined,
  });
}
