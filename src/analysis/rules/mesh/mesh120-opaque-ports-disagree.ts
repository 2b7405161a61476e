import {
  OPAQUE_PORTS_ANNOTATION, OpaqueSource, opaqueSource, parsePortSet, podAnnotations, podContainers, podOpaquePorts,
  servicePortOpaque, webhookAdmits,
} from './linkerd-opaque-ports';
import { linkerdMeshed, podSelectorMatches } from '../../explain/linkerd-authz';
import { AnalysisFinding } from '../../finding';
import { Manifest, ManifestIndex, Workload } from '../../manifest-index';
import { MeshLookups } from '../../mesh-helpers';
import { Rule, finding } from '../../rule';
import { list, push } from '../../util';
import { FindingSeverity } from '../../validation/finding';

const ANNOTATION_PATH = `metadata.annotations["${OPAQUE_PORTS_ANNOTATION}"]`;

/**
 * MESH120: Linkerd opaque ports that disagree between a Service and the meshed pods it selects, or an
 * opaque-ports list Linkerd's policy controller cannot read. `linkerd check` reports the disagreement
 * (`linkerd-opaque-ports-definition`, `pkg/healthcheck/healthcheck.go` `misconfiguredOpaqueAnnotation`,
 * linkerd/linkerd2 b24cd405); this rule reads the lists as Linkerd does (ranges, names, Namespace inheritance,
 * the injector's defaults, `appProtocol`, Servers: see `linkerd-opaque-ports.ts`).
 *
 * The client's proxy takes the protocol of a connection to a Service from the Service's list (Service port
 * numbers); the server's proxy takes it from its pod's list (container ports), or from the Server that selects
 * the port (`proxyProtocol`). When they disagree, one side runs protocol detection, which waits up to 10 s for the
 * client to send first (https://linkerd.io/2-edge/features/protocol-detection/): a server-speaks-first protocol
 * (MySQL, SMTP) stalls 10 s on every connection. A list with a port name or a malformed entry is read as empty
 * by the policy controller (no port opaque, not even the default ones), while the injector and destination
 * controller resolve names.
 *
 * Checked for Services with a selector, not headless, whose selected workloads are meshed by Linkerd and in the
 * files; a named targetPort must name a container port.
 */
export const MESH120: Rule = {
  id: 'MESH120',
  severity: FindingSeverity.WARNING,
  description: 'Linkerd opaque ports disagree between a Service and the meshed pods it selects, or an opaque-ports list has entries Linkerd cannot read',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    const lookups = MeshLookups.of(index);
    const reported = new Set<Manifest>();
    const serversByNamespace = new Map<string, Manifest[]>();
    for (const s of index.ofKind('policy.linkerd.io', 'Server')) push(serversByNamespace, index.namespaceOf(s), s);

    const unreadable = (object: Manifest, value: string, names: (entry: string) => string | undefined): boolean => {
      const { invalid } = parsePortSet(value);
      if (invalid.length === 0) return false;
      if (reported.has(object)) return true;
      reported.add(object);
      const named = invalid.map(e => [e, names(e)] as const).filter(([, n]) => n !== undefined);
      const resolved = named.map(([e, n]) => `${n} for "${e}"`);
      findings.push(finding(MESH120, object, {
        path: object.kind === 'Namespace' || object.kind === 'Service' || object.kind === 'Pod' ? ANNOTATION_PATH : `spec.template.${ANNOTATION_PATH}`,
        message: `${object.kind} ${object.kind === 'Namespace' ? object.metadata?.name : index.ref(object)} has ${OPAQUE_PORTS_ANNOTATION} "${value}" with ${invalid.map(e => `"${e}"`).join(', ')}, which Linkerd's policy controller cannot read (it takes port numbers 1-65535 and ranges a-b only${named.length ? '; the injector and destination controller resolve port names, it does not' : ''}): it drops the whole list, so no port${object.kind === 'Namespace' ? ' of the objects that inherit it' : ''} is opaque, not even Linkerd's default opaque ports`,
        fix: resolved.length ? `write port numbers instead of names (${resolved.join(', ')})` : 'correct the list to port numbers and ranges such as "3306,4000-4100"',
      }));
      return true;
    };

    for (const svc of index.ofKind('', 'Service')) {
      if (svc.spec?.clusterIP === 'None' || svc.spec?.type === 'ExternalName') continue;
      const ns = index.namespaceOf(svc);
      const svcSource = opaqueSource(index, svc.metadata?.annotations ?? {}, ns);
      const svcPorts = list(svc.spec?.ports);
      const svcUnreadable = svcSource.value !== undefined
        && unreadable(svcSource.from ?? svc, svcSource.value, e => portNumberOf(svcPorts.find(p => p?.name === e)?.port));
      const webhook = webhookAdmits(index.get('', 'Namespace', '', ns));
      const workloads = lookups.workloadsOfService(svc).filter(w => linkerdMeshed(index, w));
      for (const w of workloads) {
        const podSource = opaqueSource(index, podAnnotations(w), ns);
        const containerPorts = podContainers(w).flatMap(c => list(c?.ports));
        const containerPortOf = (e: string) => portNumberOf(containerPorts.find(p => p?.name === e)?.containerPort);
        if (podSource.value !== undefined && unreadable(podSource.from ?? w.object, podSource.value, containerPortOf)) continue;
        if (svcUnreadable) continue;
        const podSet = podOpaquePorts(podSource, w)!;
        svcPorts.forEach((sp, i) => {
          const target = typeof sp?.targetPort === 'string'
            ? containerPorts.find(p => p?.name === sp.targetPort)?.containerPort
            : (sp?.targetPort || sp?.port);
          if (typeof target !== 'number') return;
          const clientOpaque = servicePortOpaque(svcSource, sp, webhook, svcPorts)!;
          const server = serverOf(serversByNamespace.get(w.namespace) ?? [], w, target, containerPorts);
          const serverOpaque = server ? server.spec?.proxyProtocol === 'opaque' : podSet.has(target);
          if (clientOpaque === serverOpaque) return;
          findings.push(finding(MESH120, svc, {
            path: `spec.ports[${i}]`,
            message: clientOpaque
              ? `Service ${index.ref(svc)} port ${sp.port} is opaque to Linkerd (${describeService(svcSource, sp)}), but port ${target} of ${w.object.kind} ${w.namespace}/${w.name} is not (${describePod(podSource, server, index)}): client proxies send connections to it as opaque TCP and the pod's proxy runs protocol detection on them, so a server-speaks-first protocol (MySQL, SMTP) waits 10 s for the detection timeout on every connection`
              : `port ${target} of ${w.object.kind} ${w.namespace}/${w.name} is opaque to Linkerd (${describePod(podSource, server, index)}), but Service ${index.ref(svc)} port ${sp.port} that targets it is not (${describeService(svcSource, sp)}): client proxies run protocol detection on connections to the Service, so a server-speaks-first protocol (MySQL, SMTP) waits 10 s for the detection timeout on every connection, and the pod's proxy forwards as opaque TCP what the client proxy handled as HTTP`,
            fix: clientOpaque
              ? (server ? `set proxyProtocol: opaque on Server ${index.ref(server)}, or make Service port ${sp.port} not opaque` : `add ${target} to the ${OPAQUE_PORTS_ANNOTATION} annotation of the pod template of ${w.object.kind} ${w.name}, or make Service port ${sp.port} not opaque`)
              : `add ${sp.port} to the ${OPAQUE_PORTS_ANNOTATION} annotation of Service ${index.ref(svc)} (Service port numbers)${server ? '' : `, or remove ${target} from the pods' list`}`,
          }));
        });
      }
    }
    return findings;
  },
};

function portNumberOf(p: unknown): string | undefined {
  return typeof p === 'number' ? String(p) : undefined;
}

/** The Server of the workload's namespace that selects the workload's pods on container port `port` (Linkerd uses it for the inbound protocol). */
function serverOf(servers: Manifest[], w: Workload, port: number, containerPorts: any[]): Manifest | undefined {
  return servers.find(s => podSelectorMatches(s.spec?.podSelector, w.podLabels)
    && (s.spec?.port === port || s.spec?.port === String(port)
      || (typeof s.spec?.port === 'string' && containerPorts.some(p => p?.name === s.spec.port && p?.containerPort === port))));
}

function describeService(source: OpaqueSource, port: any): string {
  if (typeof port?.appProtocol === 'string') return `the port's appProtocol ${port.appProtocol}, which Linkerd takes over any opaque-ports annotation`;
  return source.description.replace(/^its /, 'the Service\'s ');
}

function describePod(source: OpaqueSource, server: Manifest | undefined, index: ManifestIndex): string {
  if (server) return `Server ${index.ref(server)} selects it with proxyProtocol ${server.spec?.proxyProtocol ?? 'unknown (detect)'}`;
  return source.value !== undefined
    ? source.description.replace(/^its /, 'the pod template\'s ')
    : 'the pod template has no annotation, and the injector adds only the default opaque ports its containers declare';
}
