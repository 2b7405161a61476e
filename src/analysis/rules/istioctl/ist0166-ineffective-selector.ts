import { AnalysisFinding } from '../../finding';
import { ISTIO_SECURITY } from '../../istio-semantics';
import { ManifestIndex, selects } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { FindingSeverity } from '../../validation/finding';

/** The label istiod puts on the pods of a Gateway API Gateway it deploys. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The policy kinds istioctl checks, by API group. */
const POLICY_KINDS: Array<[string, string]> = [
  [ISTIO_SECURITY, 'AuthorizationPolicy'],
  [ISTIO_SECURITY, 'RequestAuthentication'],
  ['telemetry.istio.io', 'Telemetry'],
  ['extensions.istio.io', 'WasmPlugin'],
];

/**
 * IST0166 IneffectiveSelector: an AuthorizationPolicy, RequestAuthentication, Telemetry or WasmPlugin with a
 * `selector` (and no `targetRef`) matches the pods of a Gateway API Gateway (label
 * `gateway.networking.k8s.io/gateway-name`) in its namespace. Istio ignores selectors for those gateways;
 * only `targetRefs` attach a policy to them. As istioctl (`k8sgateway.SelectorAnalyzer`): one finding per
 * policy and gateway.
 */
export const IST0166: Rule = {
  id: 'IST0166',
  severity: FindingSeverity.WARNING,
  description: 'A policy selects the pods of a Gateway API Gateway by selector, which Istio ignores there (IneffectiveSelector)',
  check(index: ManifestIndex): AnalysisFinding[] {
    const findings: AnalysisFinding[] = [];
    for (const [group, kind] of POLICY_KINDS) {
      for (const policy of index.ofKind(group, kind)) {
        if (policy.spec?.targetRef != null || policy.spec?.selector == null) continue;
        const labels = policy.spec.selector.matchLabels ?? {};
        const gateways = new Set<string>();
        for (const pod of index.workloads(index.namespaceOf(policy))) {
          const name = pod.podLabels[GATEWAY_NAME_LABEL];
          if (name !== undefined && selects(labels, pod.podLabels)) gateways.add(name);
        }
        for (const gw of gateways) {
          findings.push(finding(IST0166, policy, {
            path: 'spec.selector',
            message: `${kind} ${index.ref(policy)} selects the pods of Gateway API Gateway ${gw}, where Istio ignores selectors, so it does not apply to that gateway (Ineffective selector on Kubernetes Gateway ${gw}. Use the TargetRef field instead.)`,
            fix: `replace spec.selector by spec.targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: ${gw}}]`,
          }));
        }
      }
    }
    return findings;
  },
};
