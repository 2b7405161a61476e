import { IConstruct } from 'constructs';
import { renderLabels, requireV1 } from './render';
import { meshError, shown } from '../../core/errors';
import { isDnsSubdomain } from '../../core/names';

const DEFAULT_GROUPS: { [kind: string]: string } = {
  Gateway: 'gateway.networking.k8s.io',
  GatewayClass: 'gateway.networking.k8s.io',
  Service: '',
  ServiceEntry: 'networking.istio.io',
};

/**
 * Renders `selector` and `targetRefs` of a security or telemetry policy: at most one of them (the CRD's CEL
 * rule), labels without wildcards, targets in the policy's own namespace.
 */
export function renderPolicyTarget(scope: IConstruct, selector: any, targetRefs: any[] | undefined, version: string): any {
  if (selector !== undefined && targetRefs !== undefined) {
    throw meshError(scope, 'targetRefs', 'cannot be combined with selector (Istio accepts only one of them)',
      'Use selector for sidecars, targetRefs for waypoints and gateways');
  }
  const out: any = {};
  if (selector !== undefined) {
    if (!selector || typeof selector.matchLabels !== 'object' || selector.matchLabels === null || Object.keys(selector.matchLabels).length === 0) {
      throw meshError(scope, 'selector.matchLabels', `must have at least one label, got ${shown(selector?.matchLabels)}`,
        'Omit selector to apply the policy to every workload of the namespace');
    }
    out.selector = { matchLabels: renderLabels(scope, 'selector.matchLabels', selector.matchLabels) };
  }
  if (targetRefs !== undefined) {
    requireV1(scope, version, 'targetRefs', '1.22');
    if (targetRefs.length === 0) throw meshError(scope, 'targetRefs', 'must not be empty when given', 'Omit it to apply to the namespace');
    out.targetRefs = targetRefs.map((t, i) => {
      if (!t || typeof t.kind !== 'string' || !t.kind || typeof t.name !== 'string' || !t.name) {
        throw meshError(scope, `targetRefs[${i}]`, `needs a kind and a name, got ${shown(t)}`);
      }
      const group = t.group ?? DEFAULT_GROUPS[t.kind];
      if (group === undefined) {
        throw meshError(scope, `targetRefs[${i}].group`, `is required for kind ${shown(t.kind)}`, 'Set group, e.g. gateway.networking.k8s.io');
      }
      if (group !== '' && !isDnsSubdomain(group)) {
        throw meshError(scope, `targetRefs[${i}].group`, `must be an API group (a DNS-1123 subdomain, or "" for the core group), got ${shown(group)}`);
      }
      if (t.kind.length > 63 || !/^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(t.kind)) {
        throw meshError(scope, `targetRefs[${i}].kind`, `must be a kind (Service, Gateway, ServiceEntry), got ${shown(t.kind)}`);
      }
      if (!isDnsSubdomain(t.name)) throw meshError(scope, `targetRefs[${i}].name`, `must be an object name (a DNS-1123 subdomain), got ${shown(t.name)}`);
      return { group, kind: t.kind, name: t.name };
    });
  }
  return out;
}
