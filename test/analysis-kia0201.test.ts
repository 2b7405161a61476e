import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function dr(name: string, host: string, subsets?: string[], extra: any = {}): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace: 'prod' },
    spec: { host, ...(subsets ? { subsets: subsets.map(s => ({ name: s, labels: { version: s } })) } : {}), ...extra },
  };
}

function kia0201(manifests: any[]): string[] {
  return ruleFindings('KIA0201', manifests).map(f => `${f.name} ${f.path}: ${f.message}`);
}

describe('KIA0201', () => {
  test('fires on two DestinationRules defining the same host and subset', () => {
    // GIVEN / WHEN
    const findings = kia0201([dr('reviews-a', 'reviews', ['v1', 'v2']), dr('reviews-b', 'reviews.prod.svc.cluster.local', ['v1'])]);
    // THEN
    expect(findings).toEqual([
      'reviews-a spec.host: More than one DestinationRules for the same host subset combination: '
        + 'DestinationRule prod/reviews-b also configures host "reviews.prod.svc.cluster.local" subset v1',
      'reviews-b spec.host: More than one DestinationRules for the same host subset combination: '
        + 'DestinationRule prod/reviews-a also configures host "reviews.prod.svc.cluster.local" subset v1',
    ]);
  });

  test('fires on a rule without subsets and one with subsets for the same host', () => {
    expect(kia0201([dr('reviews-a', 'reviews'), dr('reviews-b', 'reviews', ['v1'])])).toHaveLength(2);
  });

  test('fires on a wildcard host covering a rule\'s host', () => {
    const findings = kia0201([dr('all', '*.prod.svc.cluster.local', ['v1']), dr('reviews', 'reviews', ['v1'])]);
    expect(findings.map(f => f.split(' ')[0])).toEqual(['all', 'reviews']);
  });

  test('silent on different subsets, different hosts, and the namespace-wide mTLS rule', () => {
    // GIVEN
    const manifests = [
      dr('reviews-a', 'reviews', ['v1']),
      dr('reviews-b', 'reviews', ['v2']),
      dr('ratings', 'ratings', ['v1']),
      dr('mtls', '*.prod.svc.cluster.local', undefined, { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
    ];
    // WHEN / THEN
    expectSilent('KIA0201', manifests);
  });
});
