/**
 * The NetworkPolicies of a `ZeroTrustAuthz`: the same graph at L3/L4, as defense in depth. A NetworkPolicy
 * knows pods, namespaces and ports: a ServiceAccount widens to its namespace, methods and paths to the port.
 */
import { Construct } from 'constructs';
import { TargetModel } from './zta-model';
import { NetworkPolicy, NetworkPolicyIngressRule } from '../../k8s/network-policy';

/** HBONE, the port ztunnel and waypoints reach ambient pods on. */
const HBONE_PORT = 15008;

/** Denies all ingress to the namespace's pods (NetworkPolicies are additive: the targets' policies open holes). */
export function renderDefaultDenyIngress(scope: Construct, namespace: string): void {
  new NetworkPolicy(scope, 'DenyIngress', { metadata: { namespace } });
}

/**
 * Opens the target's ports to its callers' namespaces: per port the namespaces of every rule naming it, ports
 * with the same namespaces in one ingress rule. With a waypoint, only the waypoint's pods, on HBONE.
 */
export function renderTargetIngress(scope: Construct, namespace: string, target: TargetModel,
  waypoint: { name: string; namespace: string } | undefined): void {
  let ingress: NetworkPolicyIngressRule[];
  if (waypoint !== undefined) {
    ingress = [{ from: [{ namespace: waypoint.namespace, podLabels: { 'gateway.networking.k8s.io/gateway-name': waypoint.name } }], ports: [HBONE_PORT] }];
  } else {
    const byPort = new Map<number, Set<string>>();
    for (const rule of target.rules) {
      for (const port of rule.ports) {
        const set = byPort.get(port) ?? new Set<string>();
        for (const s of rule.sources) set.add(s.namespaceName);
        byPort.set(port, set);
      }
    }
    const byNamespaces = new Map<string, number[]>();
    for (const port of [...byPort.keys()].sort((a, b) => a - b)) {
      const key = [...byPort.get(port)!].sort().join(',');
      byNamespaces.set(key, [...(byNamespaces.get(key) ?? []), port]);
    }
    ingress = [...byNamespaces.entries()].map(([namespaces, ports]) => ({ from: namespaces.split(',').map(ns => ({ namespace: ns })), ports }));
  }
  const labels = Object.keys(target.labels).length > 0 ? { ...target.labels } : undefined;
  new NetworkPolicy(scope, 'Ingress', { metadata: { namespace }, podLabels: labels, ingress });
}
