/**
 * The checks of istioctl's `annotations.K8sAnalyzer` (`pkg/config/analysis/analyzers/annotations/annotations.go`,
 * istio/istio 86c9f01f) over the annotation catalogue in `istio-annotations.ts` (generated from istio/api), with
 * the value validations of `pkg/kube/inject/validate.go` (`AnnotationValidation`), all but `proxy.istio.io/config`
 * (a ProxyConfig, validated by istiod's ProxyConfig validation, not ported: no IST0125 for it). Computed once per index and
 * shared by IST0107, IST0108, IST0125 and IST0135, which each report their share.
 */
import { ISTIO_ANNOTATIONS, IstioAnnotationRow } from './istio-annotations';
import { Manifest, ManifestIndex } from '../../manifest-index';

/** The kinds the analyzer reads, each object's own `metadata.annotations` (not a Deployment's pod template). */
export const ANNOTATED_KINDS = ['Namespace', 'Service', 'Pod', 'Deployment'];

const BY_NAME = new Map<string, IstioAnnotationRow>(ISTIO_ANNOTATIONS.map(a => [a[0], a]));

/** Set by istiod or controllers, never reported (`maturity.AlwaysIgnoredAnnotations`). */
const ALWAYS_IGNORED = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);

/** What one annotation of one object is, as the analyzer sees it. */
export interface AnnotationCheck {
  readonly object: Manifest;
  readonly annotation: string;
  readonly value: string;
  readonly code: 'IST0107' | 'IST0108' | 'IST0125' | 'IST0135';
  /** IST0107: the kinds it attaches to; IST0125: the validation error; IST0135: the extra text. */
  readonly detail: string;
}

/** An annotation in Istio's namespace: its prefix ends with `istio.io`, or it is `kubernetes.io/ingress.class`. */
export function istioAnnotation(name: string): boolean {
  return name === 'kubernetes.io/ingress.class' || name.split('/')[0].endsWith('istio.io');
}

/** The catalogue entry of an annotation. */
export function lookupAnnotation(name: string): IstioAnnotationRow | undefined {
  return BY_NAME.get(name);
}

/** Whether an annotation is always ignored by istioctl's annotation analyzers. */
export function alwaysIgnored(name: string): boolean {
  return ALWAYS_IGNORED.has(name);
}

/** Every finding of the annotation analyzer, in manifest order (computed once per index). */
export function annotationChecks(index: ManifestIndex): readonly AnnotationCheck[] {
  return index.derived(computeAnnotationChecks);
}

function computeAnnotationChecks(index: ManifestIndex): AnnotationCheck[] {
  const checks: AnnotationCheck[] = [];
  for (const kind of ANNOTATED_KINDS) {
    for (const object of index.ofKind(kind === 'Deployment' ? 'apps' : '', kind)) {
      for (const [annotation, raw] of Object.entries(object.metadata?.annotations ?? {})) {
        if (!istioAnnotation(annotation) || alwaysIgnored(annotation)) continue;
        const value = String(raw);
        const add = (code: AnnotationCheck['code'], detail: string) => checks.push({ object, annotation, value, code, detail });
        const def = lookupAnnotation(annotation);
        if (!def) {
          add('IST0108', '');
          continue;
        }
        const [, , deprecated, resources] = def;
        if (deprecated && !(annotation === 'sidecar.istio.io/inject' && object.metadata?.labels?.['sidecar.istio.io/inject'] !== undefined)) {
          add('IST0135', annotation === 'sidecar.istio.io/inject' ? ' in favor of the "sidecar.istio.io/inject" label' : '');
        }
        if (resources.includes('Any')) continue;
        if (!resources.includes(kind)) {
          add('IST0107', resources.join(', '));
          continue;
        }
        const error = VALIDATIONS[annotation]?.(value);
        if (error) add('IST0125', error);
      }
    }
  }
  return checks;
}

type Validation = (value: string) => string | undefined;

/** `AnnotationValidation` of `pkg/kube/inject/validate.go`; each returns Go's error text, or undefined. */
const VALIDATIONS: Record<string, Validation> = {
  'sidecar.istio.io/interceptionMode': v => ['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`,
  'status.sidecar.istio.io/port': v => parsePort(v) === undefined ? `excludeInboundPorts invalid: failed parsing port '${v}'` : undefined,
  'readiness.status.sidecar.istio.io/initialDelaySeconds': uint32,
  'readiness.status.sidecar.istio.io/periodSeconds': uint32,
  'readiness.status.sidecar.istio.io/failureThreshold': uint32,
  'traffic.sidecar.istio.io/includeOutboundIPRanges': v => v === '*' ? undefined : prefixed('includeIPRanges invalid', cidrList(v)),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': v => prefixed('excludeIPRanges invalid', cidrList(v)),
  'traffic.sidecar.istio.io/includeInboundPorts': v => v === '*' ? undefined : portList('includeInboundPorts', v),
  'traffic.sidecar.istio.io/excludeInboundPorts': v => portList('excludeInboundPorts', v),
  'traffic.sidecar.istio.io/excludeOutboundPorts': v => portList('excludeOutboundPorts', v),
  'traffic.sidecar.istio.io/excludeInterfaces': interfaceNames,
  'traffic.sidecar.istio.io/kubevirtInterfaces': interfaceNames,
  'istio.io/reroute-virtual-interfaces': interfaceNames,
  'prometheus.istio.io/merge-metrics': v => ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v) ? undefined : `strconv.ParseBool: parsing "${v}": invalid syntax`,
  'sidecar.istio.io/proxyCPU': quantity,
  'sidecar.istio.io/proxyMemory': quantity,
  'sidecar.istio.io/proxyCPULimit': quantity,
  'sidecar.istio.io/proxyMemoryLimit': quantity,
};

function prefixed(prefix: string, error: string | undefined): string | undefined {
  return error && `${prefix}: ${error}`;
}

function uint32(v: string): string | undefined {
  if (!/^\d+$/.test(v)) return `strconv.ParseUint: parsing "${v}": invalid syntax`;
  return Number(v) > 4294967295 ? `strconv.ParseUint: parsing "${v}": value out of range` : undefined;
}

function parsePort(s: string): number | undefined {
  const t = s.trim();
  return /^\d+$/.test(t) && Number(t) <= 65535 ? Number(t) : undefined;
}

function portList(parameter: string, ports: string): string | undefined {
  const trimmed = ports.trim();
  if (trimmed === '') return undefined;
  const bad = trimmed.split(',').find(p => parsePort(p) === undefined);
  return bad === undefined ? undefined : `${parameter} invalid: failed parsing port '${bad}'`;
}

function cidrList(cidrs: string): string | undefined {
  if (cidrs === '') return undefined;
  const bad = cidrs.split(',').find(c => !validPrefix(c));
  return bad === undefined ? undefined : `failed parsing cidr '${bad}'`;
}

/** `netip.ParsePrefix`: an IPv4 or IPv6 address (no zone), `/`, and a decimal prefix length within the address size. */
function validPrefix(s: string): boolean {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return false;
  const [addr, bits] = [s.slice(0, slash), s.slice(slash + 1)];
  if (!/^(0|[1-9]\d{0,2})$/.test(bits)) return false;
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  if (ipv4) return ipv4.slice(1).every(o => !/^0\d/.test(o) && Number(o) <= 255) && Number(bits) <= 32;
  if (!addr.includes(':') || addr.includes('%')) return false;
  return validIpv6(addr) && Number(bits) <= 128;
}

function validIpv6(addr: string): boolean {
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const parts = halves.flatMap(groups);
  const last = parts[parts.length - 1] ?? '';
  const v4Tail = /^\d{1,3}(\.\d{1,3}){3}$/.test(last);
  const hex = v4Tail ? parts.slice(0, -1) : parts;
  if (!hex.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hex.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

function interfaceNames(interfaces: string): string | undefined {
  if (interfaces === '') return undefined;
  for (const raw of interfaces.split(',')) {
    const name = raw.trim();
    if (name === '') return 'empty interface name';
    if (name.length > 15) return `interface name "${name}" too long (max 15 chars)`;
    if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(name)) return `interface name "${name}" contains invalid characters`;
  }
  return undefined;
}

/** `resource.ParseQuantity` (Kubernetes): a signed decimal number and a binary, decimal or exponent suffix; no control characters. */
function quantity(v: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) return 'value contains control characters';
  return /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/.test(v) ? undefined : 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'';
}
