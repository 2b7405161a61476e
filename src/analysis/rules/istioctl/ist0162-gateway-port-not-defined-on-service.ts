import { AnalysisFinding } from '../../finding';
import { selectorString } from '../../istio-index';
import { ISTIO_NETWORKING } from '../../istio-semantics';
import { ManifestIndex, Workload, selects } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * IST0162 GatewayPortNotDefinedOnService: a Gateway server listens on a port that no Service selecting its
 * gateway pods exposes (as a TCP `targetPort`, or as a `port` whose targetPort differs), so the port is not
 * reachable through the gateway's Service. As istioctl (`gateway.IngressGatewayPortAnalyzer`): pods are
 * matched in every namespace, Services in the pod's namespace; a Gateway that selects no pod in the files
 * is not checked here (with `wholeCluster` it is IST0101). Unlike istioctl reading files, a port without
 * `protocol` counts as TCP, as the API server defaults it.
 */
export const IST0162: Rule = {
  id: 'IST0162',
  severity: FindingSeverity.WARNING,
  description: 'A Gateway listens on a port the gateway workload\'s Service does not expose (GatewayPortNotDefinedOnService)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    const workloads = index.allWorkloads();
    // Gateways share a few selectors: the ports each selector's Services expose are computed once
    const bySelector = new Map<string, { targetPorts: Set<number>; servicePorts: Set<number> } | undefined>();
    const portsOf = (selector: Record<string, string>) => {
      const key = selectorString(selector);
      if (!bySelector.has(key)) bySelector.set(key, exposedPorts(index, workloads.filter(w => selects(selector, w.podLabels))));
      return bySelector.get(key);
    };
    for (const gw of index.ofKind(ISTIO_NETWORKING, 'Gateway')) {
      const selector = gw.spec?.selector && typeof gw.spec.selector === 'object' ? gw.spec.selector : {};
      const ports = portsOf(selector);
      if (!ports) continue;
      const { targetPorts, servicePorts } = ports;
      list(gw.spec?.servers).forEach((server, i) => {
        const port = server?.port?.number;
        if (typeof port !== 'number' || targetPorts.has(port) || servicePorts.has(port)) return;
        const sel = selectorString(selector);
        findings.push(finding(IST0162, gw, {
          path: `spec.servers[${i}].port.number`,
          message: `Gateway ${index.ref(gw)} server ${i} listens on port ${port}, which no Service of its gateway pods (${sel}) exposes, so the port is not reachable through that Service (The gateway is listening on a target port (port ${port}) that is not defined in the Service associated with its workload instances (Pod selector ${sel}). If you need to access the gateway port through the gateway Service, it will not be available.)`,
          fix: `add port ${port} (as targetPort) to the gateway's Service, or listen on a port it exposes`,
        }));
      });
    }
    return findings;
  },
};

/** The TCP ports the Services of `pods` expose: their targetPorts (or ports), and ports with a targetPort. */
function exposedPorts(index: ManifestIndex, pods: Workload[]): { targetPorts: Set<number>; servicePorts: Set<number> } | undefined {
  if (pods.length === 0) return undefined;
  const targetPorts = new Set<number>();
  const servicePorts = new Set<number>();
  for (const pod of pods) {
    for (const svc of index.ofKind('', 'Service')) {
      if (index.namespaceOf(svc) !== pod.namespace || !selects(svc.spec?.selector ?? {}, pod.podLabels)) continue;
      for (const p of list(svc.spec?.ports)) {
        if ((p?.protocol ?? 'TCP') !== 'TCP' || typeof p?.port !== 'number') continue;
        if (typeof p.targetPort === 'number' && p.targetPort !== 0) {
          targetPorts.add(p.targetPort);
          servicePorts.add(p.port);
        } else {
          targetPorts.add(p.port);
        }
      }
    }
  }
  return { targetPorts, servicePorts };
}
