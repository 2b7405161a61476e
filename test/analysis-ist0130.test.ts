import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function vs(http: any[], extra: any = {}): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'payments', namespace: 'prod' }, spec: { hosts: ['payments'], http, ...extra } };
}
const route = [{ destination: { host: 'payments' } }];

function ist0130(manifest: any): string[] {
  return ruleFindings('IST0130', [manifest]).map(f => `${f.path}: ${f.message}`);
}

describe('IST0130', () => {
  test('fires on a rule after a rule without match', () => {
    expect(ist0130(vs([{ name: 'default', route }, { name: 'refunds', match: [{ uri: { prefix: '/refunds' } }], route }]))).toEqual([
      'spec.http[1]: VirtualService prod/payments: http rule "refunds" is never used, because an earlier rule has no match and takes every request (VirtualService rule "refunds" not used (route without matches defined before).)',
    ]);
  });

  test('fires on a second rule without match and on a rule whose matches all duplicate earlier ones, as istioctl', () => {
    expect(ist0130(vs([
      { match: [{ uri: { prefix: '/api' } }], route },
      { match: [{ uri: { prefix: '/api' }, name: 'again' }], route },
      { route },
      { route },
    ]))).toEqual([
      'spec.http[1]: VirtualService prod/payments: http rule #1 is never used, because each of its matches duplicates an earlier match (VirtualService rule #1 not used (all matches used by prior rules).)',
      'spec.http[3]: VirtualService prod/payments: http rule #3 is never used, because an earlier rule has no match and takes every request (VirtualService rule #3 not used (only the last rule can have no matches).)',
    ]);
  });

  test('silent where only a broader earlier match covers the rule: that is MESH113, istioctl does not report it', () => {
    expectSilent('IST0130', [vs([
      { match: [{ uri: { prefix: '/api' } }], route },
      { match: [{ uri: { exact: '/api/pay' }, name: 'pay' }], route },
      { match: [{ uri: { prefix: '/' } }], route },
      { match: [{ uri: { prefix: '/late' } }], route },
    ])]);
  });

  test('fires on tcp rules after a rule without match', () => {
    expect(ist0130(vs([], { tcp: [{ route }, { match: [{ port: 5432 }], route }] })).map(f => f.split(':')[0])).toEqual(['spec.tcp[1]']);
  });

  test('silent when each rule can match requests the earlier ones do not', () => {
    expectSilent('IST0130', [vs([
      { match: [{ uri: { prefix: '/api/pay' }, method: { exact: 'POST' } }], route },
      { match: [{ uri: { prefix: '/api' }, headers: { 'x-canary': { exact: 'true' } } }], route },
      { match: [{ uri: { prefix: '/api' } }], route },
      { match: [{ uri: { prefix: '/API' }, ignoreUriCase: true }], route },
      { route },
    ])]);
  });
});
