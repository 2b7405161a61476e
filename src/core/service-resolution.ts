import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { meshError, shown } from './errors';
import { isDnsLabel, isDnsSubdomain, serviceFqdn as fqdn } from './names';

/** A Service resolved to name, namespace and cluster domain. */
export interface ResolvedService {
  readonly name: string;
  readonly namespace: string;
  readonly clusterDomain: string;
}

/** Throws unless `value` is a DNS-1123 label (names of Services, namespaces). */
export function requireDnsLabel(scope: IConstruct, prop: string, value: string): void {
  if (!isDnsLabel(value)) {
    throw meshError(scope, prop, `must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got ${shown(value)}`);
  }
}

/** The namespace of `scope`'s chart, or an error naming `prop`. */
export function chartNamespace(scope: IConstruct, prop: string, explicit?: string): string {
  const ns = explicit ?? Chart.of(scope).namespace;
  if (ns === undefined) {
    throw meshError(scope, prop, 'needs a namespace and the chart has none', `Set ${prop} or give the chart a namespace`);
  }
  requireDnsLabel(scope, prop, ns);
  return ns;
}

/** Resolves a service reference, defaulting the namespace to the chart's and the domain to cluster.local. */
export function resolveService(
  scope: IConstruct, prop: string, service: { name: string; namespace?: string; clusterDomain?: string }): ResolvedService {
  if (!service || typeof service !== 'object') throw meshError(scope, prop, `must be a service reference, got ${shown(service)}`);
  requireDnsLabel(scope, `${prop}.name`, service.name);
  const namespace = chartNamespace(scope, `${prop}.namespace`, service.namespace);
  const clusterDomain = service.clusterDomain ?? 'cluster.local';
  if (!isDnsSubdomain(clusterDomain)) {
    throw meshError(scope, `${prop}.clusterDomain`, `must be a DNS subdomain such as "cluster.local", got ${shown(clusterDomain)}`);
  }
  return { name: service.name, namespace, clusterDomain };
}

/** `<svc>.<ns>.svc.<clusterDomain>`: the only ServiceProfile name Linkerd's destination controller looks up. */
export function serviceFqdn(service: ResolvedService): string {
  return fqdn(service.name, service.namespace, service.clusterDomain);
}
