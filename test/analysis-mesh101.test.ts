import { analyzeManifests } from '../src/analysis';

function vs(http: any[]): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'payments', namespace: 'prod' }, spec: { hosts: ['payments'], http } };
}
const route = { destination: { host: 'payments' } };

function mesh101(manifest: any): string[] {
  return analyzeManifests([manifest], { schemaValidation: false }).filter(f => f.ruleId === 'MESH101').map(f => `${f.path}: ${f.message}`);
}

describe('MESH101', () => {
  test('fires on a route without method match and without retries (Istio\'s default policy)', () => {
    expect(mesh101(vs([{ route: [route] }]))).toEqual([
      'spec.http[0]: route has no method match, so it matches POST and PATCH and has no retries field, so Istio\'s default policy retries it (2 attempts on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes): a retried POST can be applied twice',
    ]);
  });

  test('fires on an explicit retry of a POST route', () => {
    expect(mesh101(vs([{ name: 'pay', match: [{ method: { exact: 'POST' } }], route: [route], retries: { attempts: 3, retryOn: '5xx' } }]))).toEqual([
      'spec.http[0].retries: route "pay" can match POST and retries it (attempts: 3, retryOn: 5xx): a retried POST can be applied twice',
    ]);
  });

  test('fires on a regex method match that covers PATCH', () => {
    expect(mesh101(vs([{ match: [{ method: { regex: 'PUT|PATCH' } }], route: [route], retries: { attempts: 1 } }]))).toHaveLength(1);
  });

  test('silent on attempts: 0 and on retries of GET-only routes', () => {
    expect(mesh101(vs([
      { match: [{ method: { exact: 'GET' } }], route: [route], retries: { attempts: 3 } },
      { route: [route], retries: { attempts: 0 } },
    ]))).toEqual([]);
  });
});

describe('analyzeManifests', () => {
  test('suppressions need a reason and a known rule', () => {
    expect(() => analyzeManifests([], { suppressions: [{ ruleId: 'MESH101', reason: ' ' }] })).toThrow(/needs a reason/);
    expect(() => analyzeManifests([], { suppressions: [{ ruleId: 'NOPE', reason: 'x' }] })).toThrow(/unknown rule NOPE/);
  });

  test('a suppression switches a rule off for the named object', () => {
    const findings = analyzeManifests([vs([{ route: [route] }])], { suppressions: [{ ruleId: 'MESH101', reason: 'payments dedupes by idempotency key', objectName: 'payments' }] });
    expect(findings.filter(f => f.ruleId === 'MESH101')).toEqual([]);
  });

  test('validation-engine findings are reported under MESH001', () => {
    const bad = vs([{ route: [route], retries: { attempts: 0 } }]);
    bad.spec.hosts = 'payments';
    expect(analyzeManifests([bad]).filter(f => f.ruleId === 'MESH001').map(f => f.path)).toEqual(['spec.hosts']);
  });
});
