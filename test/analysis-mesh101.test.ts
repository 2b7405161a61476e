import { analyzeManifests } from '../src/analysis';
import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function vs(http: any[]): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'payments', namespace: 'prod' }, spec: { hosts: ['payments'], http } };
}
const route = { destination: { host: 'payments' } };

function mesh101(manifest: any): string[] {
  return findingsOf('MESH101', [manifest]);
}

describe('MESH101', () => {
  test('fires on a route without method match and without retries (Istio\'s default policy)', () => {
    expect(mesh101(vs([{ route: [route] }]))).toEqual([
      'spec.http[0]: route has no method match, so it matches POST, PATCH and CONNECT and has no retries field, so Istio\'s default policy retries it (2 attempts on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes): a retried POST can be applied twice',
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

  test('reads a method regex as RE2, as Envoy does: [[:upper:]]+ is a POSIX class that matches POST', () => {
    // JavaScript reads `[[:upper:]]+` as the class `[[:upper:]` followed by `]+`, which never matches POST.
    expect(mesh101(vs([{ match: [{ method: { regex: '[[:upper:]]+' } }], route: [route], retries: { attempts: 2 } }]))).toEqual([
      'spec.http[0].retries: route can match POST, PATCH and CONNECT and retries it (attempts: 2): a retried POST can be applied twice',
    ]);
  });

  test('silent on attempts: 0 and on retries of GET-only routes', () => {
    expectSilent('MESH101', [vs([
      { match: [{ method: { exact: 'GET' } }], route: [route], retries: { attempts: 3 } },
      { route: [route], retries: { attempts: 0 } },
    ])]);
  });

  test('silent on routes that never reach an upstream (redirect, directResponse) and on delegate routes', () => {
    // GIVEN routes that match POST and have no retries field, but retry nothing themselves
    const manifests = [vs([
      { match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/new' } },
      { match: [{ uri: { prefix: '/gone' } }], directResponse: { status: 410 } },
      { match: [{ uri: { prefix: '/v2' } }], delegate: { name: 'payments-v2', namespace: 'prod' } },
    ])];
    // THEN
    expectSilent('MESH101', manifests);
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

  test('an object without kind is reported, not skipped', () => {
    const typo = { apiVersion: 'networking.istio.io/v1', Kind: 'VirtualService', metadata: { name: 'typo' } };
    expect(analyzeManifests([typo]).map(f => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'MESH001 kind: Required value: every object needs apiVersion and kind (required)',
    ]);
  });

  test('a suppression can be limited to a kind and namespace', () => {
    const other = { ...vs([{ route: [route] }]), metadata: { name: 'payments', namespace: 'staging' } };
    const findings = analyzeManifests([vs([{ route: [route] }]), other], {
      schemaValidation: false,
      suppressions: [{ ruleId: 'MESH101', reason: 'staging has no real payments', objectKind: 'VirtualService', objectNamespace: 'staging' }],
    });
    expect(findings.filter(f => f.ruleId === 'MESH101').map(f => f.namespace)).toEqual(['prod']);
  });

  test('validation-engine findings are reported under MESH001', () => {
    const bad = vs([{ route: [route], retries: { attempts: 0 } }]);
    bad.spec.hosts = 'payments';
    expect(analyzeManifests([bad]).filter(f => f.ruleId === 'MESH001').map(f => f.path)).toEqual(['spec.hosts']);
  });
});
