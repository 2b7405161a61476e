import { expectSilent, findingsOf, httpRoute } from './support/mesh-rule-fixtures';

const parent = { group: '', kind: 'Service', name: 'payments', port: 80 };
const backend = [{ name: 'payments-v2', port: 80 }];

describe('MESH112', () => {
  test('fires on a GAMMA HTTPRoute whose rules all match something specific', () => {
    const route = httpRoute('payments-canary', {
      parentRefs: [parent],
      rules: [{ matches: [{ headers: [{ name: 'x-canary', value: 'true' }] }], backendRefs: backend }, { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: backend }],
    });
    expect(findingsOf('MESH112', [route])).toEqual([
      'spec.rules: HTTPRoute attaches to Service prod/payments port 80 (spec.parentRefs[0]), but no rule of the HTTPRoutes attached there is a catch-all: a request to payments that matches none of their rules fails instead of reaching the Service',
    ]);
  });

  test('silent with a rule without matches, a PathPrefix / match, or a catch-all in another route on the same Service', () => {
    const canary = httpRoute('payments-canary', { parentRefs: [parent], rules: [{ matches: [{ headers: [{ name: 'x-canary', value: 'true' }] }], backendRefs: backend }] });
    const rest = httpRoute('payments', { parentRefs: [{ ...parent, port: undefined }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'payments', port: 80 }] }] });
    delete rest.spec.parentRefs[0].port;
    const noMatches = httpRoute('ledger', { parentRefs: [{ ...parent, name: 'ledger' }], rules: [{ backendRefs: [{ name: 'ledger', port: 80 }] }] });
    const gateway = httpRoute('ingress', { parentRefs: [{ name: 'public' }], rules: [{ matches: [{ path: { type: 'Exact', value: '/x' } }], backendRefs: backend }] });
    expectSilent('MESH112', [canary, rest, noMatches, gateway]);
  });
});
