import { Duration } from 'cdk8s';
import { HttpMethod } from '../src/core/http-method';
import { RequestMatch, ResponseMatch, ServiceProfile } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

/**
 * The Linkerd ServiceProfile of the seed document (shared/seeds, "Linkerd ServiceProfile: retries and
 * timeouts per route"), written through the linkerd layer. The seed puts `retryBudget` on the GET route:
 * the v1alpha2 CRD has no such route field, so the API server prunes it and the budget silently falls back
 * to Linkerd's default. The layer has no way to express that mistake: the budget lives on the spec.
 */
describe('ServiceProfile (seed)', () => {
  function seedProfile(): any[] {
    const chart = testChart('production');
    const profile = new ServiceProfile(chart, 'PaymentApi', {
      service: { name: 'payment-api' },
      retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: Duration.seconds(10) },
    });
    profile.addRoute({
      name: 'POST /api/payments',
      condition: RequestMatch.methodAndPath(HttpMethod.POST, '/api/payments'),
      responseClasses: [{ condition: ResponseMatch.status(500, 599), isFailure: true }],
      timeout: Duration.seconds(10),
    });
    profile.addRoute({
      name: 'GET /api/payments/{id}',
      condition: RequestMatch.methodAndPath(HttpMethod.GET, '/api/payments/[^/]*'),
      timeout: Duration.seconds(5),
      isRetryable: true,
    });
    return synthValid(chart);
  }

  test('produces the seed profile with the retry budget on the spec', () => {
    // WHEN
    const [profile] = seedProfile();

    // THEN: the name is the FQDN Linkerd looks up
    expect(profile.metadata).toEqual({ name: 'payment-api.production.svc.cluster.local', namespace: 'production' });
    // THEN: the budget is on the spec, where Linkerd reads it, with the seed's values
    expect(profile.spec.retryBudget).toEqual({ retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' });
    // THEN: no route carries a retryBudget (the seed's placement would be pruned by the API server)
    for (const route of profile.spec.routes) expect(route).not.toHaveProperty('retryBudget');
    expect(profile).toMatchSnapshot();
  });

  test('does not retry the POST route: a replayed payment is a double payment', () => {
    const [profile] = seedProfile();
    const post = profile.spec.routes.find((r: any) => r.condition.method === 'POST');
    expect(post).toEqual({
      name: 'POST /api/payments',
      condition: { method: 'POST', pathRegex: '/api/payments' },
      responseClasses: [{ condition: { status: { min: 500, max: 599 } }, isFailure: true }],
      isRetryable: false,
      timeout: '10s',
    });
  });

  test('retries the GET route with its 5s timeout', () => {
    const [profile] = seedProfile();
    const get = profile.spec.routes.find((r: any) => r.condition.method === 'GET');
    expect(get).toEqual({
      name: 'GET /api/payments/{id}',
      condition: { method: 'GET', pathRegex: '/api/payments/[^/]*' },
      isRetryable: true,
      timeout: '5s',
    });
  });
});
