import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function vs(http: any[]): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'payments', namespace: 'prod' }, spec: { hosts: ['payments'], http } };
}
const route = [{ destination: { host: 'payments' } }];

describe('MESH113', () => {
  test('fires on a match covered by a broader earlier match that istioctl does not report', () => {
    expect(findingsOf('MESH113', [vs([
      { match: [{ uri: { prefix: '/api' }, headers: { 'x-user': {} } }], route },
      { match: [{ uri: { exact: '/api/pay' }, headers: { 'x-user': { exact: 'alice' } }, method: { exact: 'POST' } }, { uri: { prefix: '/api/refunds' }, headers: { 'x-user': { exact: 'bob' } } }], route },
    ])])).toEqual([
      'spec.http[1]: VirtualService prod/payments: http rule #1 is never used, because every match of it is covered by an earlier match (rule #0)',
      'spec.http[1].match[0]: VirtualService prod/payments: match #0 of http rule #1 is never used, because every request it matches is already matched by match #0 of rule #0',
      'spec.http[1].match[1]: VirtualService prod/payments: match #1 of http rule #1 is never used, because every request it matches is already matched by match #0 of rule #0',
    ]);
  });

  test('fires after a catch-all prefix match, and on an exact path an earlier RE2 regex covers', () => {
    expect(findingsOf('MESH113', [vs([
      { match: [{ uri: { regex: '/v[[:digit:]]+/pay' } }], route },
      { name: 'v2', match: [{ uri: { exact: '/v2/pay' } }], route },
      { match: [{ uri: { prefix: '/' } }], route },
      { route },
    ])]).map(f => f.split(':')[0])).toEqual(['spec.http[1]', 'spec.http[1].match[0]', 'spec.http[3]']);
  });

  test('silent on what istioctl reports (IST0130/IST0131 say it) and on rules that can take requests', () => {
    expectSilent('MESH113', [vs([
      { match: [{ uri: { prefix: '/api' } }], route },
      { match: [{ uri: { prefix: '/api' }, name: 'dup' }], route },
      { match: [{ uri: { prefix: '/api/pay' } }], route },
      { route },
      { route },
    ])]);
    expectSilent('MESH113', [vs([
      { match: [{ uri: { exact: '/api/pay' } }], route },
      { match: [{ uri: { prefix: '/api' }, port: 8080 }], route },
      { route },
    ])]);
  });
});
