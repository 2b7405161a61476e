/**
 * istioctl's `externalcontrolplane.ExternalControlPlaneAnalyzer`
 * (`pkg/config/analysis/analyzers/externalcontrolplane/externalcontrolplane.go`, istio/istio 86c9f01f), shared by
 * IST0163 and IST0164: the webhooks of Istio's ValidatingWebhookConfigurations (`istiod-default-validator`,
 * `istio-validator*`) and MutatingWebhookConfigurations (`istio-sidecar-injector*`) in the files. A webhook with a
 * `clientConfig.url` must parse as a URL (IST0163 otherwise) and should name a host, not an IP address (IST0164);
 * one with neither url nor service is blank (IST0163).
 */
import { Manifest, ManifestIndex } from '../../manifest-index';
import { list } from '../../util';

/** One webhook the analyzer reports. */
export interface ExternalControlPlaneProblem {
  readonly object: Manifest;
  readonly index: number;
  readonly webhook: string;
  readonly url: string;
  readonly code: 'IST0163' | 'IST0164';
  /** IST0163: `is blank` or `was provided in an invalid format`. */
  readonly error?: string;
}

/** Every finding of the analyzer (computed once per index). */
export function externalControlPlaneProblems(index: ManifestIndex): readonly ExternalControlPlaneProblem[] {
  return index.derived(computeProblems);
}

function computeProblems(index: ManifestIndex): ExternalControlPlaneProblem[] {
  const problems: ExternalControlPlaneProblem[] = [];
  const configs = [
    ...index.ofKind('admissionregistration.k8s.io', 'ValidatingWebhookConfiguration')
      .filter(c => c.metadata?.name === 'istiod-default-validator' || (c.metadata?.name ?? '').startsWith('istio-validator')),
    ...index.ofKind('admissionregistration.k8s.io', 'MutatingWebhookConfiguration')
      .filter(c => (c.metadata?.name ?? '').startsWith('istio-sidecar-injector')),
  ];
  for (const object of configs) {
    list(object.webhooks).forEach((hook, i) => {
      const webhook = String(hook?.name ?? '');
      const url = hook?.clientConfig?.url;
      if (typeof url === 'string') {
        const host = goUrlHostname(url);
        if (host === undefined) problems.push({ object, index: i, webhook, url, code: 'IST0163', error: 'was provided in an invalid format' });
        else if (isIp(host)) problems.push({ object, index: i, webhook, url, code: 'IST0164' });
      } else if (hook?.clientConfig?.service === undefined || hook?.clientConfig?.service === null) {
        problems.push({ object, index: i, webhook, url: '', code: 'IST0163', error: 'is blank' });
      }
    });
  }
  return problems;
}

/**
 * The host of a URL as Go's `url.Parse(u).Hostname()` gives it, or undefined where `url.Parse` fails: control
 * characters, a bad percent escape, a scheme-less first segment with a colon, or a non-numeric port.
 */
function goUrlHostname(u: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(u) || /%(?![0-9a-fA-F]{2})/.test(u)) return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(u);
  if (!scheme) {
    if (u.startsWith(':')) return undefined;
    const firstSegment = u.split(/[/?#]/)[0];
    if (!u.startsWith('//') && firstSegment.includes(':')) return undefined;
  }
  const rest = scheme ? u.slice(scheme[0].length) : u;
  if (!rest.startsWith('//')) return '';
  const authority = rest.slice(2).split(/[/?#]/)[0];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end < 0) return undefined;
    const after = hostPort.slice(end + 1);
    if (after !== '' && !/^:\d*$/.test(after)) return undefined;
    return hostPort.slice(1, end);
  }
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0) return hostPort;
  if (!/^\d*$/.test(hostPort.slice(colon + 1))) return undefined;
  return hostPort.slice(0, colon);
}

/** `net.ParseIP`: a dotted IPv4 address or an IPv6 address. */
function isIp(host: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(host)) return true;
  return host.includes(':') && /^[0-9a-fA-F:.]+$/.test(host) && (host.match(/::/g) ?? []).length <= 1;
}
