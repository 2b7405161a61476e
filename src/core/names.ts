/** Kubernetes name formats (apimachinery's validation), shared by both mesh layers. */

/** A DNS-1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric (length checked separately: 63). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain: dot-separated DNS-1123 labels (length checked separately: 253). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True if `name` is a DNS-1123 label of at most 63 characters. */
export function isDnsLabel(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 63 && DNS_LABEL.test(name);
}

/** True if `name` is a DNS-1123 subdomain of at most 253 characters. */
export function isDnsSubdomain(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/**
 * True if `host` is a Gateway API hostname (a listener's or a route's): a DNS-1123 subdomain of at most 253
 * characters, optionally prefixed with `*.` for any subdomain; not an IP address.
 */
export function isGatewayHostname(host: unknown): host is string {
  if (typeof host !== 'string' || /^[0-9.]+$/.test(host)) return false;
  return isDnsSubdomain(host.startsWith('*.') ? host.slice(2) : host) && host.length <= 253;
}

/**
 * Kubernetes Service DNS names, as cluster DNS and the meshes read them: `<svc>.<ns>.svc.<clusterDomain>`.
 * Shared by the rules and `explain`; `ManifestIndex` wraps them with its cluster domain.
 */

/** A Service named by namespace and name. */
export interface ServiceName {
  readonly name: string;
  readonly namespace: string;
}

/** The FQDN of a Service: `<name>.<namespace>.svc.<clusterDomain>` (`*` as the name gives the namespace's wildcard). */
export function serviceFqdn(name: string, namespace: string, clusterDomain: string): string {
  return `${name}.${namespace}.svc.${clusterDomain}`;
}

/**
 * The Service a cluster-local FQDN names (`<svc>.<ns>.svc.<clusterDomain>`, both labels non-empty), or undefined
 * for any other host (external names, other cluster domains, truncated names).
 */
export function parseServiceFqdn(fqdn: string, clusterDomain: string): ServiceName | undefined {
  const suffix = `.svc.${clusterDomain}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  if (labels.length !== 2 || !labels[0] || !labels[1]) return undefined;
  return { name: labels[0], namespace: labels[1] };
}

/**
 * The Service a client in `namespace` reaches by `host`, as the pod's DNS search path resolves it
 * (`<ns>.svc.<domain>`, `svc.<domain>`): `name`, `name.ns`, `name.ns.svc` or the FQDN, with an optional
 * `:port`. Undefined for any other host.
 */
export function resolveServiceHost(host: string, namespace: string, clusterDomain: string): ServiceName | undefined {
  const h = host.replace(/:\d+$/, '');
  const labels = h.split('.');
  if (labels.length === 1) return { name: labels[0], namespace };
  if (labels.length === 2 || (labels.length === 3 && labels[2] === 'svc')) return { name: labels[0], namespace: labels[1] };
  return parseServiceFqdn(h, clusterDomain);
}
