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
