import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PolicyTargetReference, WorkloadSelector } from './workload-selector';
import { meshError, shown } from '../core/errors';
import { IstioApiVersion } from '../core/istio-api-version';
import { IMeshResource } from '../core/resource';
import { renderPolicyTarget } from './private/policy-target';
import { compact, optionalDuration, requireNonEmptyStrings, resolveApiVersion } from './private/render';
import { GVKS } from '../private/gvks';
import { createIstioResource } from './private/resource';
import { checkProps } from '../core/strict-props';
import { merge } from '../private/merge';

/** A header a JWT is read from. */
export interface JwtHeader {
  /** The header name. */
  readonly name: string;
  /**
   * A prefix to strip (`Bearer `).
   *
   * @default - none
   */
  readonly prefix?: string;
}

/** A claim copied to a request header. */
export interface ClaimToHeader {
  /** The header to set. */
  readonly header: string;
  /** The claim to copy. */
  readonly claim: string;
}

/** How to validate a JWT (`JWTRule`). */
export interface JwtRule {
  /** The issuer (`iss`) of tokens this rule validates. */
  readonly issuer: string;
  /**
   * Accepted audiences (`aud`).
   *
   * @default - any audience
   */
  readonly audiences?: string[];
  /**
   * URL of the JSON Web Key Set (http or https). Not with `jwks`.
   *
   * @default - OpenID discovery from the issuer
   */
  readonly jwksUri?: string;
  /**
   * The JSON Web Key Set, inline. Not with `jwksUri`.
   *
   * @default - fetched from `jwksUri` or by discovery
   */
  readonly jwks?: string;
  /**
   * Headers the token is read from.
   *
   * @default - `Authorization: Bearer <token>`
   */
  readonly fromHeaders?: JwtHeader[];
  /**
   * Query parameters the token is read from.
   *
   * @default - `access_token`
   */
  readonly fromParams?: string[];
  /**
   * Cookies the token is read from.
   *
   * @default - none
   */
  readonly fromCookies?: string[];
  /**
   * Header that receives the base64 payload of a valid token.
   *
   * @default - none
   */
  readonly outputPayloadToHeader?: string;
  /**
   * Forward the token upstream.
   *
   * @default false - the token is removed
   */
  readonly forwardOriginalToken?: boolean;
  /**
   * Claims copied to request headers.
   *
   * @default - none
   */
  readonly outputClaimToHeaders?: ClaimToHeader[];
  /**
   * Timeout of fetching the JWKS; at least 1ms.
   *
   * @default Duration.seconds(5) - Istio's default
   */
  readonly timeout?: Duration;
}

/** Properties for `RequestAuthentication`. */
export interface RequestAuthenticationProps {
  /**
   * Object metadata.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Sidecar workloads the policy applies to. Not with `targetRefs`.
   *
   * @default - every workload in the namespace
   */
  readonly selector?: WorkloadSelector;
  /**
   * Waypoints or gateways the policy attaches to. Not with `selector`.
   *
   * @default - none
   */
  readonly targetRefs?: PolicyTargetReference[];
  /** JWT rules; a token must satisfy one of them. At least one. */
  readonly jwtRules: JwtRule[];
  /**
   * The API version to emit.
   *
   * @default - the scope's `IstioApiTarget`, else `IstioApiVersion.V1`
   */
  readonly apiVersion?: IstioApiVersion;
}

/**
 * An Istio RequestAuthentication: validates JWTs when present. Alone it lets requests without a token
 * through; pair it with an AuthorizationPolicy on `requestPrincipals: ['*']`.
 */
export class RequestAuthentication extends Construct implements IMeshResource {
  /** The generated API object (child `Resource`), for escape hatches. */
  public readonly apiObject: ApiObject;

  /** The object's name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /**
   * The object's namespace.
   *
   * @default - none when the chart has no namespace
   */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  public constructor(scope: Construct, id: string, props: RequestAuthenticationProps) {
    super(scope, id);
    props = checkProps(this, 'istio.RequestAuthentication', props);
    const version = resolveApiVersion(this, props.apiVersion);
    const target = renderPolicyTarget(this, props.selector, props.targetRefs, version);
    if (!Array.isArray(props.jwtRules) || props.jwtRules.length === 0) {
      throw meshError(this, 'jwtRules', 'must have at least one rule');
    }
    const jwtRules = props.jwtRules.map((r, i) => {
      const at = `jwtRules[${i}]`;
      if (typeof r.issuer !== 'string' || !r.issuer) throw meshError(this, `${at}.issuer`, `must be a non-empty string, got ${shown(r.issuer)}`);
      if (r.jwksUri !== undefined && r.jwks !== undefined) throw meshError(this, at, 'cannot set both jwksUri and jwks', 'Keep one of them');
      if (r.jwksUri !== undefined && !/^https?:\/\/[^/\s]+/.test(r.jwksUri)) {
        throw meshError(this, `${at}.jwksUri`, `must be an http:// or https:// URL, got ${shown(r.jwksUri)}`);
      }
      requireNonEmptyStrings(this, `${at}.audiences`, r.audiences);
      requireNonEmptyStrings(this, `${at}.fromParams`, r.fromParams);
      requireNonEmptyStrings(this, `${at}.fromCookies`, r.fromCookies);
      return compact({
        issuer: r.issuer,
        audiences: r.audiences,
        jwksUri: r.jwksUri,
        jwks: r.jwks,
        fromHeaders: r.fromHeaders?.map((h, j) => {
          if (typeof h.name !== 'string' || h.name === '') throw meshError(this, `${at}.fromHeaders[${j}].name`, `must name a header, got ${shown(h.name)}`);
          return compact({ name: h.name, prefix: h.prefix });
        }),
        fromParams: r.fromParams,
        fromCookies: r.fromCookies,
        outputPayloadToHeader: r.outputPayloadToHeader,
        forwardOriginalToken: r.forwardOriginalToken,
        outputClaimToHeaders: r.outputClaimToHeaders?.map((c, j) => {
          if (typeof c.header !== 'string' || !/^[-_A-Za-z0-9]+$/.test(c.header)) {
            throw meshError(this, `${at}.outputClaimToHeaders[${j}].header`, `must be a header name (letters, digits, '-' and '_'), got ${shown(c.header)}`);
          }
          if (typeof c.claim !== 'string' || c.claim === '') throw meshError(this, `${at}.outputClaimToHeaders[${j}].claim`, `must name a claim, got ${shown(c.claim)}`);
          return { header: c.header, claim: c.claim };
        }),
        timeout: optionalDuration(this, `${at}.timeout`, r.timeout),
      });
    });
    const gvk = version === 'v1beta1' ? GVKS['security.istio.io'].RequestAuthenticationV1Beta1 : GVKS['security.istio.io'].RequestAuthentication;
    this.apiObject = createIstioResource(this, gvk, props.metadata, () => merge(target, { jwtRules }));
  }
}
