import * as path from 'path';
import { RouteExplainer } from '../src/analysis/explain';
import { PathNormalization } from '../src/analysis/mesh-config';
import { ManifestReader } from '../src/analysis/yaml-reader';

const PAYMENTS = ManifestReader.readPaths([path.join(__dirname, 'fixtures', 'payments')]).map(l => l.manifest);

function vs(name: string, spec: any, namespace = 'shop'): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec };
}
function dr(name: string, spec: any, namespace = 'shop'): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec };
}
const to = (host: string, extra: any = {}) => ({ destination: { host, ...extra } });

describe('RouteExplainer', () => {
  describe('payments (the seed manifests)', () => {
    test('POST /api/payments takes the 90/10 rule, which retries the POST, and shows each subset\'s policy', () => {
      // WHEN
      const e = RouteExplainer.explain(PAYMENTS, { namespace: 'production', host: 'payment-api', method: 'POST', path: '/api/payments' });

      // THEN
      expect(RouteExplainer.format(e)).toEqual(`Istio: payment-api.production.svc.cluster.local
  VirtualService: production/payment-api
  rule: http[1]
  match: no match conditions (matches every request)
  destinations:
    90% -> payment-api.production.svc.cluster.local subset stable (weight 90)
    10% -> payment-api.production.svc.cluster.local subset canary (weight 10)
  retries: 3 attempts on 5xx,reset,connect-failure,retriable-4xx, perTryTimeout 5s
  timeout: 30s
  DestinationRule for payment-api.production.svc.cluster.local subset stable: production/payment-api
    subset labels: version=stable
    connectionPool: {tcp: {maxConnections: 100}, http: {http2MaxRequests: 1000, maxRequestsPerConnection: 10}} (from spec.trafficPolicy)
    outlierDetection: {consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 50, minHealthPercent: 50} (from spec.trafficPolicy)
  DestinationRule for payment-api.production.svc.cluster.local subset canary: production/payment-api
    subset labels: version=canary
    connectionPool: {http: {maxRequestsPerConnection: 1}} (from spec.subsets[1].trafficPolicy)
    outlierDetection: {consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 50, minHealthPercent: 50} (from spec.trafficPolicy)
    note: connectionPool of subset canary replaces the whole connectionPool of spec.trafficPolicy (no field-by-field merge)
  note: this rule retries POST: a retried POST can be applied twice; render retries.attempts: 0 for it

Linkerd: Service production/payment-api
  ServiceProfile: production/payment-api.production.svc.cluster.local
  route: routes[0] 'POST /api/payments'
  backends:
    100% -> payment-api (weight 1)
  retries: isRetryable: false (no retries)
  timeout: 10s
  note: routes[1].retryBudget is not a route field: the API server prunes it; the budget is spec.retryBudget, per profile
`);
      expect(e.istio.destinations.map(d => [d.subset, d.percent])).toEqual([['stable', 90], ['canary', 10]]);
      expect(e.istio.retries).toEqual({ attempts: 3, retryOn: '5xx,reset,connect-failure,retriable-4xx', perTryTimeout: '5s', fromIstioDefault: false });
    });

    test('the x-canary header takes the first rule, retried by Istio\'s default policy because it has no retries field', () => {
      // WHEN
      const e = RouteExplainer.explain(PAYMENTS, { namespace: 'production', host: 'payment-api.production.svc.cluster.local', method: 'GET', path: '/api/payments/7', headers: { 'X-Canary': 'true' } });

      // THEN
      expect(e.istio.ruleIndex).toBe(0);
      expect(e.istio.match).toBe('match[0]: header x-canary exact true');
      expect(e.istio.destinations).toEqual([{ host: 'payment-api.production.svc.cluster.local', subset: 'canary', weight: 100, percent: 100 }]);
      expect(e.istio.retries).toEqual({ attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', fromIstioDefault: true });
      expect(e.istio.timeout).toBe('disabled (Istio default)');
      // AND Linkerd takes the profile's GET route, retryable on the default budget (the route-level budget is pruned)
      expect(e.linkerd).toMatchObject({
        rule: "routes[1] 'GET /api/payments/{id}'",
        retries: 'isRetryable: true; budget (Linkerd default, no spec.retryBudget): retryRatio 0.2, minRetriesPerSecond 10, ttl 10s',
        timeout: '5s',
      });
    });
  });

  test('without a VirtualService the default route applies, with Istio\'s default retries', () => {
    // WHEN
    const e = RouteExplainer.explain([], { namespace: 'shop', host: 'cart', method: 'POST', path: '/' });

    // THEN
    expect(e.istio.virtualService).toBeUndefined();
    expect(e.istio).toMatchObject({
      host: 'cart.shop.svc.cluster.local',
      destinations: [{ host: 'cart.shop.svc.cluster.local', weight: 100, percent: 100 }],
      retries: { attempts: 2, fromIstioDefault: true },
      timeout: 'disabled (Istio default)',
      notes: ['Istio\'s default retry policy retries POST too: a retried POST can be applied twice'],
    });
    expect(e.linkerd).toBeUndefined();
  });

  test('first match wins within the rules; match fields are AND\'ed, match entries OR\'ed', () => {
    // GIVEN
    const m = vs('cart', {
      hosts: ['cart'],
      http: [
        { name: 'admin', match: [{ uri: { prefix: '/admin' }, method: { exact: 'DELETE' } }], route: [to('admin')] },
        { name: 'api', match: [{ uri: { exact: '/nope' } }, { uri: { regex: '/api/v[0-9]+/.*' }, queryParams: { debug: { exact: '1' } } }], route: [to('api')] },
        { name: 'rest', route: [to('cart')], retries: { attempts: 0 } },
      ],
    });

    // WHEN / THEN
    const go = (method: string, p: string) => RouteExplainer.explain([m], { namespace: 'shop', host: 'cart', method, path: p }).istio;
    expect(go('DELETE', '/admin/x').ruleName).toBe('admin');
    expect(go('GET', '/admin/x').ruleName).toBe('rest');
    expect(go('GET', '/api/v2/items?debug=1')).toMatchObject({ ruleName: 'api', match: 'match[1]: uri regex /api/v[0-9]+/.*, query debug exact 1' });
    expect(go('GET', '/api/v2/items')).toMatchObject({ ruleName: 'rest', retries: { attempts: 0, fromIstioDefault: false } });
  });

  test('when no rule matches, the sidecar answers 404', () => {
    // GIVEN
    const m = vs('cart', { hosts: ['cart'], http: [{ match: [{ uri: { prefix: '/api' } }], route: [to('cart')] }] });

    // WHEN
    const e = RouteExplainer.explain([m], { namespace: 'shop', host: 'cart', method: 'GET', path: '/x' });

    // THEN
    expect(e.istio.match).toBe('no rule of shop/cart matches GET /x: the sidecar answers 404 (NR)');
    expect(e.istio.destinations).toEqual([]);
  });

  test('weights are relative; zero-weight destinations get nothing', () => {
    // GIVEN
    const m = vs('cart', { hosts: ['cart'], http: [{ route: [{ ...to('cart', { subset: 'a' }), weight: 1 }, { ...to('cart', { subset: 'b' }), weight: 3 }, { ...to('cart', { subset: 'c' }), weight: 0 }] }] });

    // WHEN
    const e = RouteExplainer.explain([m], { namespace: 'shop', host: 'cart', method: 'GET', path: '/' });

    // THEN
    expect(e.istio.destinations.map(d => [d.subset, d.percent])).toEqual([['a', 25], ['b', 75]]);
    expect(e.istio.notes).toContain('1 destination(s) with weight 0 (or none) receive no traffic');
  });

  test('honours gateways: a VirtualService bound only to a Gateway does not route sidecar traffic', () => {
    // GIVEN
    const ingress = vs('cart-ingress', { hosts: ['cart'], gateways: ['shop-gw'], http: [{ route: [to('other')] }] });
    const both = vs('cart-both', { hosts: ['cart'], gateways: ['shop-gw', 'mesh'], http: [{ match: [{ gateways: ['shop-gw'] }], route: [to('other')] }, { route: [to('cart')] }] });

    // WHEN
    const e = RouteExplainer.explain([ingress, both], { namespace: 'shop', host: 'cart', method: 'GET', path: '/' });

    // THEN
    expect(e.istio).toMatchObject({ virtualService: 'shop/cart-both', ruleIndex: 1 });
  });

  test('two VirtualServices for one host: sidecars use one (oldest, then by name) and ignore the other (IST0109)', () => {
    // GIVEN
    const a = vs('b-cart', { hosts: ['cart'], http: [{ route: [to('cart', { subset: 'b' })] }] });
    const b = vs('a-cart', { hosts: ['cart.shop.svc.cluster.local'], http: [{ match: [{ uri: { prefix: '/never' } }], route: [to('cart', { subset: 'a' })] }] });

    // WHEN
    const e = RouteExplainer.explain([a, b], { namespace: 'shop', host: 'cart', method: 'GET', path: '/' });

    // THEN
    expect(e.istio.virtualService).toBe('shop/a-cart');
    expect(e.istio.match).toMatch(/sidecar answers 404/);
    expect(e.istio.notes).toEqual(['VirtualService shop/b-cart also binds cart.shop.svc.cluster.local to the mesh gateway: sidecars do not merge VirtualServices, only shop/a-cart is used (IST0109)']);
  });

  test('exportTo "." hides a VirtualService from other namespaces', () => {
    // GIVEN
    const m = vs('cart', { hosts: ['cart'], exportTo: ['.'], http: [{ route: [to('cart')], timeout: '3s' }] });

    // WHEN / THEN
    expect(RouteExplainer.explain([m], { namespace: 'shop', host: 'cart', method: 'GET', path: '/' }).istio.timeout).toBe('3s');
    expect(RouteExplainer.explain([m], { namespace: 'web', host: 'cart.shop', method: 'GET', path: '/' }).istio.virtualService).toBeUndefined();
  });

  test('the DestinationRule in the client\'s namespace wins over the service\'s; port-level settings replace, not merge', () => {
    // GIVEN
    const server = dr('cart', { host: 'cart', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } });
    const client = dr('cart-from-web', {
      host: 'cart.shop.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST' },
        connectionPool: { tcp: { maxConnections: 10 } },
        portLevelSettings: [{ port: { number: 8080 }, loadBalancer: { simple: 'RANDOM' } }],
      },
    }, 'web');

    // WHEN
    const e = RouteExplainer.explain([server, client], { namespace: 'web', host: 'cart.shop.svc.cluster.local:8080', method: 'GET', path: '/' });

    // THEN
    const [p] = e.istio.destinationPolicies;
    expect(p.destinationRule).toBe('web/cart-from-web');
    expect(p.policy).toEqual([{ field: 'loadBalancer', value: { simple: 'RANDOM' }, source: 'spec.trafficPolicy.portLevelSettings[0]' }]);
  });

  test('a subset the DestinationRule does not define is flagged (503 NR)', () => {
    // GIVEN
    const m = vs('cart', { hosts: ['cart'], http: [{ route: [to('cart', { subset: 'v9' })] }] });

    // WHEN
    const e = RouteExplainer.explain([m, dr('cart', { host: 'cart', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })], { namespace: 'shop', host: 'cart', method: 'GET', path: '/' });

    // THEN
    expect(e.istio.destinationPolicies[0].notes).toEqual(['DestinationRule shop/cart defines no subset v9: requests fail with 503 NR (IST0101)']);
  });

  describe('Linkerd', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart', namespace: 'shop', annotations: { 'retry.linkerd.io/http': '5xx' } }, spec: { ports: [{ port: 80 }] } };
    const route = (name: string, rules: any[], annotations: any = {}) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace: 'shop', annotations },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'cart', port: 80 }], rules },
    });

    test('GAMMA HTTPRoutes: the most specific match wins across routes, weights split, route annotations override the Service\'s', () => {
      // GIVEN
      const general = route('a-general', [{ backendRefs: [{ name: 'cart', port: 80 }] }]);
      const api = route('b-api', [
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'cart-v1', port: 80, weight: 3 }, { name: 'cart-v2', port: 80, weight: 1 }], timeouts: { request: '5s' } },
      ], { 'retry.linkerd.io/limit': '3' });

      // WHEN
      const e = RouteExplainer.explain([svc, general, api], { namespace: 'shop', host: 'cart', method: 'GET', path: '/api/items' });

      // THEN
      expect(e.linkerd).toEqual({
        service: 'shop/cart',
        httpRoute: 'shop/b-api',
        rule: 'rules[0] (PathPrefix /api)',
        backends: [{ host: 'cart-v1', port: 80, weight: 3, percent: 75 }, { host: 'cart-v2', port: 80, weight: 1, percent: 25 }],
        retries: 'http 5xx, limit 3 (annotations; bodies over 64 KiB are not retried)',
        timeout: 'request 5s',
        notes: [],
      });
      // AND PathPrefix is element-wise: /apix goes to the catch-all route
      expect(RouteExplainer.explain([svc, general, api], { namespace: 'shop', host: 'cart', method: 'GET', path: '/apix' }).linkerd?.httpRoute).toBe('shop/a-general');
    });

    test('Linkerd matches the path as sent (no normalization), unlike Istio, and says so', () => {
      // GIVEN a route for /api only, and a catch-all
      const general = route('a-general', [{ backendRefs: [{ name: 'cart', port: 80 }] }]);
      const api = route('b-api', [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'cart-api', port: 80 }] }]);
      // WHEN the path leaves /api once resolved
      const e = RouteExplainer.explain([svc, general, api], { namespace: 'shop', host: 'cart', method: 'GET', path: '/api/../admin' });
      // THEN Linkerd's proxy still matches /api (the raw path has the /api segment), and the note says what the app sees
      expect(e.linkerd?.httpRoute).toBe('shop/b-api');
      expect(e.linkerd?.notes).toEqual(['Linkerd matches the path /api/../admin as sent: its proxy does not normalize paths (no dot-segment removal, slash merging or decoding), so an application that resolves dot segments, repeated slashes and encoded slashes may serve /admin for it']);
      // AND a plain path gets no note
      expect(RouteExplainer.explain([svc, general, api], { namespace: 'shop', host: 'cart', method: 'GET', path: '/api/items' }).linkerd?.notes).toEqual([]);
    });

    test('a GAMMA route without a catch-all: unmatched requests fail', () => {
      // WHEN
      const e = RouteExplainer.explain([svc, route('api', [{ matches: [{ path: { type: 'Exact', value: '/api' } }], backendRefs: [{ name: 'cart', port: 80 }] }])],
        { namespace: 'shop', host: 'cart', method: 'GET', path: '/other' });

      // THEN
      expect(e.linkerd?.notes).toEqual(['HTTPRoutes are attached to the Service and no rule matches: the request fails (404); add a catch-all rule']);
    });

    test('a ServiceProfile takes precedence over HTTPRoutes; a short-named profile is ignored', () => {
      // GIVEN
      const profile = (name: string) => ({ apiVersion: 'linkerd.io/v1alpha2', kind: 'ServiceProfile', metadata: { name, namespace: 'shop' }, spec: { routes: [{ name: 'all', condition: { pathRegex: '/.*' }, isRetryable: true }], retryBudget: { retryRatio: 0.1, minRetriesPerSecond: 5, ttl: '10s' } } });
      const r = route('all', [{ backendRefs: [{ name: 'cart', port: 80 }] }]);

      // WHEN
      const withFqdn = RouteExplainer.explain([svc, r, profile('cart.shop.svc.cluster.local')], { namespace: 'shop', host: 'cart', method: 'GET', path: '/x' }).linkerd;
      const withShort = RouteExplainer.explain([svc, r, profile('cart')], { namespace: 'shop', host: 'cart', method: 'GET', path: '/x' }).linkerd;

      // THEN
      expect(withFqdn).toMatchObject({
        serviceProfile: 'shop/cart.shop.svc.cluster.local',
        retries: 'isRetryable: true; budget spec.retryBudget: retryRatio 0.1, minRetriesPerSecond 5, ttl 10s',
        timeout: '10s (ServiceProfile route default)',
        notes: ['HTTPRoutes all are ignored: a ServiceProfile for the Service takes precedence'],
      });
      expect(withShort?.serviceProfile).toBeUndefined();
      expect(withShort?.httpRoute).toBe('shop/all');
      expect(withShort?.notes).toEqual(['ServiceProfile shop/cart has a short name: Linkerd only reads a profile named cart.shop.svc.cluster.local, so it is ignored']);
    });
  });
});

describe('RouteExplainer path normalization', () => {
  const apiVs: any = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'api', namespace: 'shop' },
    spec: {
      hosts: ['api'],
      http: [
        { name: 'admin', match: [{ uri: { prefix: '/api/admin' } }], route: [{ destination: { host: 'admin' } }] },
        { name: 'rest', route: [{ destination: { host: 'api' } }] },
      ],
    },
  };
  const explain = (p: string, pathNormalization?: PathNormalization) => RouteExplainer.explain([apiVs],
    { namespace: 'shop', host: 'api', method: 'GET', path: p }, pathNormalization ? { meshConfig: { pathNormalization } } : {}).istio;

  test('routes /api/payments/../admin as the sidecar does: /api/admin by default (BASE), as sent with NONE', () => {
    // WHEN
    const base = explain('/api/payments/../admin');
    // THEN
    expect([base.ruleName, base.notes[0]]).toEqual(['admin', 'Istio routes the path /api/admin: /api/payments/../admin as normalized by pathNormalization BASE']);
    expect(explain('/api/payments/../admin', PathNormalization.NONE).ruleName).toEqual('rest');
    expect(explain('//api//admin').ruleName).toEqual('rest');
    expect(explain('//api//admin', PathNormalization.MERGE_SLASHES).ruleName).toEqual('admin');
  });
});

describe('JSON output', () => {
  test('carries values as data, not JSON inside strings', () => {
    const rule = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'a', namespace: 'shop' }, spec: { host: 'a', trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } } };
    const service = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a', namespace: 'shop' }, spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }] }] } };
    const e = RouteExplainer.explain([rule, service], { namespace: 'shop', host: 'a', method: 'GET', path: '/' });
    const json = JSON.stringify(e);
    expect(json).not.toMatch(/\\"/);
    expect(json).toContain('"value":{"simple":"RANDOM"}');
  });
});
