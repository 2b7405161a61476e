import { expectSilent, findingsOf, virtualService } from './support/mesh-rule-fixtures';

const route = [{ destination: { host: 'payments' } }];

describe('MESH102', () => {
  test('fires when perTryTimeout × (attempts + 1) exceeds the route timeout, showing the arithmetic', () => {
    // GIVEN 4 tries of 5s under a 10s timeout
    const vs = virtualService([{ route, timeout: '10s', retries: { attempts: 3, perTryTimeout: '5s', retryOn: 'connect-failure' } }]);
    // THEN
    expect(findingsOf('MESH102', [vs])).toEqual([
      'spec.http[0].retries.perTryTimeout: route spec.http[0]: perTryTimeout 5s × (attempts 3 + 1) = 20s exceeds timeout 10s; Istio cuts the request at 10s, so at most 2 of the 4 tries can run their full 5s (backoff between tries, 25ms base, comes on top)',
    ]);
  });

  test('fires when a single try is longer than the route timeout', () => {
    const vs = virtualService([{ name: 'slow', route, timeout: '2s', retries: { attempts: 1, perTryTimeout: '2500ms' } }]);
    expect(findingsOf('MESH102', [vs])).toEqual([
      'spec.http[0].retries.perTryTimeout: route "slow" (spec.http[0]): perTryTimeout 2.5s × (attempts 1 + 1) = 5s exceeds timeout 2s; the first try is cut at 2s before its perTryTimeout, so no retry after a per-try timeout ever runs (backoff between tries, 25ms base, comes on top)',
    ]);
  });

  test('silent when the tries fit, without a timeout (Istio has none by default), and without perTryTimeout', () => {
    const vs = virtualService([
      { route, timeout: '30s', retries: { attempts: 3, perTryTimeout: '5s' } },
      { route, retries: { attempts: 3, perTryTimeout: '5s' } },
      { route, timeout: '3s', retries: { attempts: 2 } },
      { route, timeout: '1s', retries: { attempts: 0, perTryTimeout: '5s' } },
    ]);
    expectSilent('MESH102', [vs]);
  });

  test('silent on routes that never reach an upstream (redirect, directResponse), whose retries never run', () => {
    const vs = virtualService([
      { match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/new' }, timeout: '1s', retries: { attempts: 3, perTryTimeout: '5s' } },
      { match: [{ uri: { prefix: '/gone' } }], directResponse: { status: 410 }, timeout: '1s', retries: { attempts: 3, perTryTimeout: '5s' } },
    ]);
    expectSilent('MESH102', [vs]);
  });
});
