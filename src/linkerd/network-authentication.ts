import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { meshError, shown } from '../core/errors';
import { createApiObject } from '../core/object-metadata';
import { IMeshResource } from '../core/resource';
import { Cidr, coversEveryAddress, NetworkWithExceptions, parseCidr } from './private/cidr';
import { chartNamespace } from '../core/service-resolution';
import { checkProps } from '../core/strict-props';
import { GVKS } from '../private/gvks';
import { merge } from '../private/merge';

/** A network clients may come from. */
export interface Network {
  /** A CIDR (`10.0.0.0/8`, `fd00::/8`) or a single IP address. */
  readonly cidr: string;

  /**
   * Sub-networks of `cidr` to leave out.
   *
   * @default - none
   */
  readonly except?: string[];
}

/** Properties for `NetworkAuthentication`. */
export interface NetworkAuthenticationProps {
  /**
   * Metadata of the NetworkAuthentication.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /** The networks clients may come from: at least one. */
  readonly networks: Network[];
}

/**
 * A Linkerd NetworkAuthentication (`policy.linkerd.io/v1alpha1`): clients authenticated by source address.
 * Checked as Linkerd's admission webhook checks it.
 */
export class NetworkAuthentication extends Construct implements IMeshResource {
  /** The name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The generated object. */
  public readonly apiObject: ApiObject;

  /**
   * The address families whose every address the networks admit (`IPv4`, `IPv6`, `IPv4 and IPv6`), such as
   * `0.0.0.0/0`; undefined when they admit only part of each.
   * @internal
   */
  public readonly _everyAddressOf?: string;

  constructor(scope: Construct, id: string, props: NetworkAuthenticationProps) {
    super(scope, id);
    props = checkProps(this, 'linkerd.NetworkAuthentication', props);
    this.namespace = chartNamespace(this, 'metadata.namespace', props.metadata?.namespace);
    if (!Array.isArray(props.networks) || props.networks.length === 0) {
      throw meshError(this, 'networks', `must list at least one network, got ${shown(props.networks)}`, 'Linkerd\'s webhook refuses an empty list ("at least one network must be specified")');
    }
    const parsed: NetworkWithExceptions[] = [];
    const networks = props.networks.map((net, i) => {
      const cidr = this.cidr(`networks[${i}].cidr`, net.cidr);
      const excepts = (net.except ?? []).map((except, j) => {
        const ex = this.cidr(`networks[${i}].except[${j}]`, except);
        if (ex.contains(cidr)) {
          throw meshError(this, `networks[${i}].except[${j}]`, `must not negate the whole network, got ${shown(except)} for cidr ${shown(net.cidr)}`, `Linkerd's webhook refuses it ("cidr '${net.cidr}' is completely negated by exception '${except}'")`);
        }
        if (!cidr.contains(ex)) {
          throw meshError(this, `networks[${i}].except[${j}]`, `must be inside the network's cidr ${shown(net.cidr)}, got ${shown(except)}`, `Linkerd's webhook refuses it ("cidr '${net.cidr}' does not include exception '${except}'")`);
        }
        return ex;
      });
      parsed.push({ cidr, except: excepts });
      return { cidr: net.cidr, ...(net.except && net.except.length > 0 ? { except: [...net.except] } : {}) };
    });
    const families = [false, true].filter(v6 => coversEveryAddress(parsed, v6)).map(v6 => (v6 ? 'IPv6' : 'IPv4'));
    this._everyAddressOf = families.length > 0 ? families.join(' and ') : undefined;
    // A plain ApiObject with the binding's GVK: the binding's toJson() would re-map the JSON after any addJsonPatch().
    this.apiObject = createApiObject(this, merge(GVKS['policy.linkerd.io'].NetworkAuthentication, {
      metadata: merge(props.metadata, { namespace: this.namespace }),
      spec: { networks },
    }));
    this.name = this.apiObject.name;
  }

  private cidr(prop: string, value: string): Cidr {
    const parsed = typeof value === 'string' ? parseCidr(value) : undefined;
    if (!parsed) throw meshError(this, prop, `must be a CIDR such as "10.0.0.0/8" or an IP address, got ${shown(value)}`);
    return parsed;
  }
}
