import { authorizationPolicy, expectSilent, findingsOf } from './support/mesh-rule-fixtures';

describe('MESH106', () => {
  test('fires on an ALLOW rule without from, and on a rule {}', () => {
    const policy = authorizationPolicy('payments', {
      selector: { matchLabels: { app: 'payments' } },
      rules: [{ to: [{ operation: { methods: ['POST'], paths: ['/api/payments'] } }] }, {}],
    });
    expect(findingsOf('MESH106', [policy])).toEqual([
      'spec.rules[0]: rule spec.rules[0] of ALLOW policy has no source (from is absent): any caller that reaches the workload is allowed for what the rule\'s to/when match',
      'spec.rules[1]: rule spec.rules[1] is empty ({}): it matches every request, so this ALLOW policy allows all traffic to the workloads it applies to',
    ]);
  });

  test('fires when one from entry has an empty source (entries are OR\'ed)', () => {
    const policy = authorizationPolicy('payments', { rules: [{ from: [{ source: { namespaces: ['web'] } }, { source: {} }] }] });
    expect(findingsOf('MESH106', [policy])).toEqual([
      'spec.rules[0]: rule spec.rules[0] of ALLOW policy has no source (a from entry with an empty source): any caller that reaches the workload is allowed for what the rule\'s to/when match',
    ]);
  });

  test('silent on rules with a source or a when condition on the caller, and on DENY rules', () => {
    const allow = authorizationPolicy('payments', {
      rules: [
        { from: [{ source: { principals: ['cluster.local/ns/prod/sa/frontend'] } }], to: [{ operation: { methods: ['POST'] } }] },
        { to: [{ operation: { paths: ['/metrics'] } }], when: [{ key: 'source.namespace', values: ['monitoring'] }] },
      ],
    });
    const deny = authorizationPolicy('no-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }] });
    expectSilent('MESH106', [allow, deny]);
  });
});
