import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function vs(http: any[]): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'payments', namespace: 'prod' }, spec: { hosts: ['payments'], http } };
}
const route = [{ destination: { host: 'payments' } }];

function ist0131(manifest: any): string[] {
  return ruleFindings('IST0131', [manifest]).map(f => `${f.path}: ${f.message}`);
}

describe('IST0131', () => {
  test('fires on a match identical to an earlier one (ignoring its name)', () => {
    expect(ist0131(vs([
      { name: 'pay', match: [{ name: 'a', uri: { exact: '/pay' } }], route },
      { name: 'pay-v2', match: [{ uri: { exact: '/v2/pay' } }, { name: 'b', uri: { exact: '/pay' } }], route },
    ]))).toEqual([
      'spec.http[1].match[1]: VirtualService prod/payments: match "b" of http rule "pay-v2" is never used, because an identical earlier match ("pay") takes its requests first (VirtualService rule "pay-v2" match "b" is not used (duplicate/overlapping match in rule "pay").)',
    ]);
  });

  test('fires on a URI prefix that extends an earlier prefix with the same conditions, as istioctl', () => {
    expect(ist0131(vs([
      { match: [{ uri: { prefix: '/api' }, headers: { 'x-user': { exact: 'alice' } } }], route },
      { match: [{ uri: { prefix: '/api/pay' }, headers: { 'x-user': { exact: 'alice' } } }], route },
    ]))).toEqual([
      'spec.http[1].match[0]: VirtualService prod/payments: match #0 of prefix /api/pay of http rule #1 is never used, because an earlier match with a shorter URI prefix and the same conditions (#0 of prefix /api on #0) takes its requests first (VirtualService rule #1 match #0 of prefix /api/pay is not used (duplicate/overlapping match in rule #0 of prefix /api on #0).)',
    ]);
  });

  test('silent on coverage istioctl does not see (a prefix before an exact path, a regex): that is MESH113', () => {
    expectSilent('IST0131', [vs([
      { match: [{ uri: { prefix: '/api' }, headers: { 'x-user': {} } }], route },
      { match: [{ uri: { exact: '/api/pay' }, headers: { 'x-user': { exact: 'alice' } }, method: { exact: 'POST' } }], route },
      { match: [{ uri: { regex: '/v[0-9]+/pay' } }], route },
      { name: 'v2', match: [{ uri: { exact: '/v2/pay' } }], route },
    ])]);
  });

  test('silent when every later match can take requests the earlier ones do not', () => {
    expectSilent('IST0131', [vs([
      { match: [{ uri: { exact: '/api/pay' } }], route },
      { match: [{ uri: { prefix: '/api' }, port: 8080 }], route },
      { match: [{ uri: { prefix: '/api' }, gateways: ['mesh'] }, { uri: { prefix: '/api' } }], route },
      { match: [{ uri: { prefix: '/v1' }, withoutHeaders: { 'x-canary': {} } }], route },
      { match: [{ uri: { prefix: '/v1' } }], route },
    ])]);
  });
});
