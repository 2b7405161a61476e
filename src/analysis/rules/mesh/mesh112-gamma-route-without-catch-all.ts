import { AnalysisFinding } from '../../finding';
import { httpRoutes, isCatchAllRule, parentServices } from '../../gateway-api';
import { ManifestIndex } from '../../manifest-index';
import { Rule, finding } from '../../rule';
import { list } from '../../util';
import { FindingSeverity } from '../../validation/finding';

/**
 * MESH112: a GAMMA HTTPRoute (a `parentRef` of kind Service) when no HTTPRoute attached to that Service has a
 * catch-all rule. Once a route is attached to a Service, a request to it that matches none of the rules of
 * the routes attached there fails instead of reaching the Service (MESH-FACTS Gateway API 1). Rules of every
 * route attached to the same Service (and port) are merged, so a catch-all in any of them covers the others.
 *
 * A catch-all rule has no `matches` (Gateway API defaults it to path PathPrefix `/`), or a match with only
 * `path: {type: PathPrefix, value: /}` (or a RegularExpression `.*`/`/.*`) and no method, headers or query
 * parameters.
 */
export const MESH112: Rule = {
  id: 'MESH112',
  severity: FindingSeverity.WARNING,
  description: 'A GAMMA HTTPRoute (parentRef kind Service) without a catch-all rule: requests matching no rule fail',
  check(index: ManifestIndex): AnalysisFinding[] {
    const routes = httpRoutes(index);
    // Which parent Services a catch-all covers: every port (a parentRef without port) or some ports.
    const covered = new Map<string, { all: boolean; ports: Set<number> }>();
    for (const route of routes) {
      if (!list(route.spec?.rules).some(isCatchAllRule)) continue;
      for (const p of parentServices(route, index)) {
        const key = `${p.namespace}/${p.name}`;
        const c = covered.get(key) ?? { all: false, ports: new Set<number>() };
        if (p.port === undefined) c.all = true;
        else c.ports.add(p.port);
        covered.set(key, c);
      }
    }
    const findings: AnalysisFinding[] = [];
    for (const route of routes) {
      for (const p of parentServices(route, index)) {
        const c = covered.get(`${p.namespace}/${p.name}`);
        if (c && (c.all || (p.port !== undefined && c.ports.has(p.port)))) continue;
        const target = `Service ${p.namespace}/${p.name}${p.port !== undefined ? ` port ${p.port}` : ''}`;
        findings.push(finding(MESH112, route, {
          path: 'spec.rules',
          message: `${route.kind} attaches to ${target} (spec.parentRefs[${p.refIndex}]), but no rule of the HTTPRoutes attached there is a catch-all: a request to ${p.name} that matches none of their rules fails instead of reaching the Service`,
          fix: `add a last rule without matches (or with path PathPrefix /) whose backendRefs send the remaining traffic to ${p.name}${p.port !== undefined ? ` port ${p.port}` : ''}`,
        }));
      }
    }
    return findings;
  },
};
