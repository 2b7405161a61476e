import { expectSilent, findingsOf, serviceProfile } from './support/mesh-rule-fixtures';

const name = 'payments.prod.svc.cluster.local';

describe('MESH109', () => {
  test('fires on a retryable POST route', () => {
    const sp = serviceProfile(name, { routes: [{ name: 'POST /api/payments', condition: { method: 'POST', pathRegex: '/api/payments' }, isRetryable: true }] });
    expect(findingsOf('MESH109', [sp])).toEqual([
      'spec.routes[0].isRetryable: route "POST /api/payments" (spec.routes[0]) matches POST and has isRetryable: true: Linkerd retries it, so a retried POST can be applied twice',
    ]);
  });

  test('fires when a condition without a method, or with any/not combinators, can match POST or PATCH', () => {
    const sp = serviceProfile(name, {
      routes: [
        { name: 'all', condition: { pathRegex: '/api/.*' }, isRetryable: true },
        { name: 'any', condition: { any: [{ method: 'GET' }, { method: 'PATCH' }] }, isRetryable: true },
        { name: 'not-get', condition: { all: [{ not: { method: 'GET' } }] }, isRetryable: true },
        { name: 'all-of', condition: { all: [{ pathRegex: '/x' }, { not: { method: 'DELETE' } }] }, isRetryable: true },
      ],
    });
    expect(findingsOf('MESH109', [sp]).map(f => f.split(':')[0])).toEqual([
      'spec.routes[0].isRetryable', 'spec.routes[1].isRetryable', 'spec.routes[2].isRetryable', 'spec.routes[3].isRetryable',
    ]);
    expect(findingsOf('MESH109', [sp])[1]).toContain('can match PATCH (its condition does not exclude them)');
  });

  test('silent on retryable GET-only routes (including all/any/not) and on POST routes that are not retryable', () => {
    const sp = serviceProfile(name, {
      routes: [
        { name: 'get', condition: { method: 'GET', pathRegex: '/api/payments/[^/]*' }, isRetryable: true },
        { name: 'get-or-head', condition: { any: [{ method: 'GET' }, { method: 'HEAD' }] }, isRetryable: true },
        { name: 'get-not-admin', condition: { all: [{ method: 'GET' }, { not: { pathRegex: '/admin/.*' } }] }, isRetryable: true },
        { name: 'post', condition: { method: 'POST', pathRegex: '/api/payments' }, isRetryable: false },
      ],
    });
    expectSilent('MESH109', [sp]);
  });
});
