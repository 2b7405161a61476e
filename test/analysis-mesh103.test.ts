import { expectSilent, findingsOf, severitiesOf, virtualService } from './support/mesh-rule-fixtures';

const route = [{ destination: { host: 'payments' } }];

describe('MESH103', () => {
  test('fires on an HTTP route without a timeout (a warning)', () => {
    const vs = virtualService([{ name: 'api', route, retries: { attempts: 2, perTryTimeout: '2s' } }]);
    expect(findingsOf('MESH103', [vs])).toEqual([
      'spec.http[0]: route "api" (spec.http[0]) has no timeout: Istio\'s default route timeout is disabled, so a request to a slow upstream waits as long as the caller does; only its retries bound it: perTryTimeout 2s × (attempts 2 + 1) = 6s plus backoff',
    ]);
    expect(severitiesOf('MESH103', [vs])).toEqual(['warning']);
  });

  test('silent on routes with a timeout, redirects and direct responses', () => {
    const vs = virtualService([
      { route, timeout: '10s' },
      { match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/new' } },
      { match: [{ uri: { prefix: '/gone' } }], directResponse: { status: 410 } },
    ]);
    expectSilent('MESH103', [vs]);
  });
});
