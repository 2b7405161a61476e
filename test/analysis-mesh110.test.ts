import { expectSilent, findingsOf, serviceProfile } from './support/mesh-rule-fixtures';

const name = 'payments.prod.svc.cluster.local';
const budget = { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' };
const route = { name: 'GET /api', condition: { method: 'GET', pathRegex: '/api' }, isRetryable: true };

describe('MESH110', () => {
  // Invalid on purpose: the finding is about a field the API server prunes (the validation engine reports the pruning).
  test('fires on retryBudget on a route, saying which budget applies instead', () => {
    expect(findingsOf('MESH110', [serviceProfile(name, { routes: [{ ...route, retryBudget: budget }] })], { valid: false })).toEqual([
      'spec.routes[0].retryBudget: route "GET /api" (spec.routes[0]) has retryBudget, but Linkerd\'s retry budget belongs to the whole profile (spec.retryBudget): the API server prunes the route field, so retries of every route run on Linkerd\'s default budget (retryRatio 0.2, minRetriesPerSecond 10, ttl 10s)',
    ]);
    expect(findingsOf('MESH110', [serviceProfile(name, { retryBudget: budget, routes: [{ ...route, retryBudget: budget }] })], { valid: false })[0])
      .toContain('run on the profile\'s spec.retryBudget');
  });

  test('silent on a budget on spec', () => {
    expectSilent('MESH110', [serviceProfile(name, { retryBudget: budget, routes: [route] })]);
  });
});
