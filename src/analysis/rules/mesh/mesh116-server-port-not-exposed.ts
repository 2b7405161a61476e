import { podSelectorMatches } from '../../explain/linkerd-authz';
import { AnalysisFinding } from '../../finding';
import { Manifest, ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH116: a Linkerd Server whose `port` is a container port name that no container of the pods it selects
 * declares. Linkerd's policy controller resolves a named Server port through the pods' declared container
 * ports (`select_ports`: a number is taken as is, a name only through `port_names`), so such a Server applies
 * to no traffic and the port keeps the default inbound policy (the cluster's default is all-unauthenticated:
 * MESH-FACTS Linkerd 6). A numeric port is not checked: Linkerd applies it whether or not a container
 * declares it. Checked when the selected workloads are in the files; with `wholeCluster`, a Server that
 * selects no workload at all is reported too.
 */
export const MESH116: Rule = {
  id: 'MESH116',
  severity: FindingSeverity.ERROR,
  description: 'A Linkerd Server names a container port that no container of the pods it selects declares, so the Server applies to nothing',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const server of index.ofKind('policy.linkerd.io', 'Server')) {
      const port = server.spec?.port;
      if (port === undefined || port === null) continue;
      const ns = index.namespaceOf(server);
      const workloads = index.workloads(ns).filter(w => podSelectorMatches(server.spec?.podSelector, w.podLabels));
      if (workloads.length === 0) {
        if (!index.wholeCluster) continue;
        findings.push(finding(MESH116, server, {
          path: 'spec.podSelector',
          message: `Server ${index.ref(server)} selects no Pod or workload of namespace ${ns} in the files, so it applies to nothing`,
          fix: 'correct spec.podSelector to the labels of the pods it is for',
        }));
        continue;
      }
      if (typeof port !== 'string' || /^\d+$/.test(port)) continue;
      if (workloads.some(w => containerPorts(w.object).some(p => p.name === port))) continue;
      const names = workloads.map(w => `${w.object.kind} ${w.name}`).join(', ');
      findings.push(finding(MESH116, server, {
        path: 'spec.port',
        message: `Server ${index.ref(server)} is for port "${port}", but no container of the workloads it selects (${names}) declares a port of that name: Linkerd resolves a port name through the declared container ports, so the Server applies to nothing and the port keeps the default inbound policy`,
        fix: `name the container port "${port}" in ${names}, or set spec.port to its number`,
      }));
    }
    return findings;
  },
};

function containerPorts(workload: Manifest): Array<{ containerPort?: number; name?: string }> {
  const spec = workload.kind === 'Pod' ? workload.spec : workload.spec?.template?.spec;
  return [...list(spec?.containers), ...list(spec?.initContainers)].flatMap(c => list(c?.ports));
}
