import { podSelectorMatches } from '../../explain/linkerd-authz';
import { AnalysisFinding } from '../../finding';
import { parentGroupKind } from '../../gateway-api';
import { hostsOverlap } from '../../istio-semantics';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH119: an HTTPRoute or GRPCRoute attached to a Gateway API Gateway in the files that no listener of the
 * Gateway accepts, so the route is never programmed (its `Accepted` condition would be False). A listener
 * accepts a route when the parentRef's `sectionName` and `port` (if given) name it, its `allowedRoutes.namespaces`
 * admits the route's namespace (`from: Same` by default, `All`, or `Selector` on the Namespace's labels in the
 * files), and its `hostname` intersects one of the route's `hostnames` (either side absent matches every host;
 * `*.example.com` matches subdomains, not `example.com`). The Istio side of the same mistake is IST0132.
 */
export const MESH119: Rule = {
  id: 'MESH119',
  severity: FindingSeverity.ERROR,
  description: 'An HTTPRoute or GRPCRoute is attached to a Gateway none of whose listeners accepts it (section, port, namespace or hostname)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    const routes = [...index.ofKind('gateway.networking.k8s.io', 'HTTPRoute'), ...index.ofKind('gateway.networking.k8s.io', 'GRPCRoute')];
    for (const route of routes) {
      const routeNs = index.namespaceOf(route);
      const hostnames = list(route.spec?.hostnames).filter((h): h is string => typeof h === 'string');
      list(route.spec?.parentRefs).forEach((ref, i) => {
        const { group, kind } = parentGroupKind(route, ref);
        if (group !== 'gateway.networking.k8s.io' || kind !== 'Gateway' || typeof ref?.name !== 'string') return;
        const gwNs = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : routeNs;
        const gw = index.get('gateway.networking.k8s.io', 'Gateway', gwNs, ref.name);
        if (!gw) return;
        const listeners = list(gw.spec?.listeners)
          .filter(l => (ref.sectionName === undefined || l?.name === ref.sectionName) && (ref.port === undefined || l?.port === ref.port));
        const named = [ref.sectionName !== undefined ? `named ${ref.sectionName}` : '', ref.port !== undefined ? `on port ${ref.port}` : ''];
        const why = listeners.length === 0
          ? `no listener of it is ${named.filter(s => s).join(' and ')}`
          : rejection(index, listeners, gw, routeNs, hostnames);
        if (!why) return;
        findings.push(finding(MESH119, route, {
          path: `spec.parentRefs[${i}]`,
          message: `${index.kindRef(route)} is attached to Gateway ${gwNs}/${ref.name}, but ${why}, so the route is not accepted and never programmed`,
          fix: 'attach to a listener that allows the route\'s namespace (allowedRoutes.namespaces) and serves one of its hostnames, or correct sectionName/port',
        }));
      });
    }
    return findings;
  },
};

/** Why none of `listeners` accepts the route, or undefined when one does. */
function rejection(index: ManifestIndex, listeners: any[], gw: Manifest, routeNs: string, hostnames: string[]): string | undefined {
  const gwNs = index.namespaceOf(gw);
  const admitting = listeners.filter(l => namespaceAllowed(index, l?.allowedRoutes?.namespaces, gwNs, routeNs));
  if (admitting.length === 0) {
    return `its listener${listeners.length > 1 ? 's' : ''} ${listeners.map(l => l?.name).join(', ')} admit${listeners.length > 1 ? '' : 's'} routes from ${listeners.map(l => describeFrom(l?.allowedRoutes?.namespaces, gwNs)).join(', ')}, not from namespace ${routeNs}`;
  }
  const serving = admitting.filter(l => typeof l?.hostname !== 'string' || hostnames.length === 0 || hostnames.some(h => hostsOverlap(l.hostname, h)));
  if (serving.length > 0) return undefined;
  return `none of the hostnames ${hostnames.join(', ')} matches its listener hostname${admitting.length > 1 ? 's' : ''} ${admitting.map(l => l.hostname).join(', ')}`;
}

function namespaceAllowed(index: ManifestIndex, namespaces: any, gwNs: string, routeNs: string): boolean {
  const from = namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return gwNs === routeNs;
  if (from === 'Selector') {
    const labels = index.namespaceLabels(routeNs);
    // a namespace not in the files: its labels are unknown, assume it may match
    return labels === undefined || podSelectorMatches(namespaces?.selector, { 'kubernetes.io/metadata.name': routeNs, ...labels });
  }
  return false;
}

function describeFrom(namespaces: any, gwNs: string): string {
  const from = namespaces?.from ?? 'Same';
  return from === 'Same' ? `its own namespace ${gwNs} only` : from === 'Selector' ? 'namespaces matching its selector' : String(from);
}
