import { deployment, expectSilent, findingsOf, ruleFindings, serviceProfile, severitiesOf } from './support/mesh-rule-fixtures';

const spec = { routes: [{ name: 'GET /api', condition: { method: 'GET', pathRegex: '/api' } }] };

describe('MESH108', () => {
  test('fires on a short name', () => {
    expect(findingsOf('MESH108', [serviceProfile('payments', spec)])).toEqual([
      'metadata.name: ServiceProfile name "payments" is a short name: Linkerd looks profiles up by the Service\'s FQDN <svc>.<ns>.svc.cluster.local, so this profile never matches and its routes, retries and timeouts never apply',
    ]);
  });

  test('fires on truncated names and another cluster domain, and suggests the FQDN', () => {
    const manifests = [serviceProfile('payments.prod', spec), serviceProfile('ledger.prod.svc', spec), serviceProfile('audit.prod.svc.example.org', spec)];
    const findings = findingsOf('MESH108', manifests);
    expect(findings.map(f => f.split(':')[0])).toEqual(['metadata.name', 'metadata.name', 'metadata.name']);
    expect(findings[0]).toContain('"audit.prod.svc.example.org" has cluster domain example.org, not cluster.local');
    expect(findings[1]).toContain('"ledger.prod.svc" lacks the cluster domain');
    expect(findings[2]).toContain('"payments.prod" is <svc>.<ns> without .svc and the cluster domain');
  });

  test('uses the configured cluster domain', () => {
    const findings = ruleFindings('MESH108', [serviceProfile('payments.prod.svc.cluster.local', spec)], { clusterDomain: 'corp.internal' });
    expect(findings.map(f => f.fix)).toEqual(['rename it to payments.prod.svc.corp.internal']);
  });

  test('warns on a profile in another namespace than its name\'s when no caller runs there', () => {
    const manifests = [serviceProfile('payments.prod.svc.cluster.local', spec, 'web')];
    expect(findingsOf('MESH108', manifests)).toEqual([
      'metadata.namespace: ServiceProfile payments.prod.svc.cluster.local is in namespace web but names Service payments of namespace prod: Linkerd uses a profile from the Service\'s namespace, or from the caller\'s as a client-side override, so this one applies only to callers in web, and the manifests have no workload there',
    ]);
    expect(severitiesOf('MESH108', manifests)).toEqual(['warning']);
  });

  test('silent on the FQDN, on a client-side profile next to its caller, and on external hosts', () => {
    expectSilent('MESH108', [
      serviceProfile('payments.prod.svc.cluster.local', spec),
      serviceProfile('payments.prod.svc.cluster.local', spec, 'web'),
      deployment('frontend', { app: 'frontend' }, { namespace: 'web' }),
      serviceProfile('api.example.com', spec, 'web'),
    ]);
  });
});
