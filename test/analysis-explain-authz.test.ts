import * as path from 'path';
import { AuthzDecision, AuthzExplainer, AuthzRequest } from '../src/analysis/explain';
import { PathNormalization } from '../src/analysis/mesh-config';
import { ManifestReader } from '../src/analysis/yaml-reader';

const PAYMENTS = ManifestReader.readPaths([path.join(__dirname, 'fixtures', 'payments')]).map(l => l.manifest);

function ap(name: string, spec: any, namespace = 'shop'): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec };
}
function deployment(name: string, labels: Record<string, string>, sa: string, namespace = 'shop', ports: number[] = [8080]): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { serviceAccountName: sa, containers: [{ name, image: 'x', ports: ports.map(p => ({ containerPort: p })) }] } } },
  };
}
const CART = deployment('cart', { app: 'cart' }, 'cart');
const req = (over: Partial<AuthzRequest> = {}): AuthzRequest => ({
  sourceNamespace: 'web', sourceServiceAccount: 'frontend', targetNamespace: 'shop', targetWorkload: 'cart', method: 'GET', path: '/', port: 8080, ...over,
});
const istio = (manifests: any[], over: Partial<AuthzRequest> = {}) => AuthzExplainer.explain([CART, ...manifests], req(over)).istio;

describe('AuthzExplainer', () => {
  describe('payments (the seed manifests)', () => {
    const payments = (sourceNamespace: string, sourceServiceAccount: string, method: string, p: string, port: number) =>
      AuthzExplainer.explain(PAYMENTS, { sourceNamespace, sourceServiceAccount, targetNamespace: 'production', targetWorkload: 'payment-api-stable', method, path: p, port });

    test('frontend POST /api/payments/1 is allowed by allow-frontend-to-payment', () => {
      // WHEN
      const e = payments('production', 'frontend', 'POST', '/api/payments/1', 8080);

      // THEN
      expect(AuthzExplainer.format(e)).toEqual(`caller: cluster.local/ns/production/sa/frontend
target: production/payment-api-stable (labels app=payment-api,version=stable)

Istio: ALLOW by production/allow-frontend-to-payment rules[0]
  ALLOW policy production/allow-frontend-to-payment rules[0] matches
  evaluated:
    ALLOW  production/allow-frontend-to-payment rules[0]: match: source matches, operation matches
    ALLOW  production/allow-prometheus-scrape rules[0]: no match: from[0].source.namespaces: 'production' matches none of ['monitoring']
    ALLOW  production/deny-all (no rules): no match: allow-nothing: no rules, so no request matches

Linkerd: ALLOW by default inbound policy all-unauthenticated (cluster default)
  caller identity: frontend.production.serviceaccount.identity.linkerd.cluster.local
  no Server selects port 8080: the default inbound policy all-unauthenticated admits a meshed caller
`);
      expect(e.istio).toMatchObject({ decision: AuthzDecision.ALLOW, policy: 'production/allow-frontend-to-payment', ruleIndex: 0 });
    });

    test('monitoring GET /metrics on port 9090 is allowed by allow-prometheus-scrape', () => {
      // WHEN
      const e = payments('monitoring', 'prometheus', 'GET', '/metrics', 9090);

      // THEN
      expect(e.istio).toMatchObject({ decision: AuthzDecision.ALLOW, policy: 'production/allow-prometheus-scrape', ruleIndex: 0 });
      expect(e.istio.evaluations.map(x => `${x.policy}: ${x.detail}`)).toEqual([
        "production/allow-frontend-to-payment: from[0].source.principals: 'cluster.local/ns/monitoring/sa/prometheus' matches none of ['cluster.local/ns/production/sa/frontend']",
        'production/allow-prometheus-scrape: source matches, operation matches',
        'production/deny-all: allow-nothing: no rules, so no request matches',
      ]);
    });

    test('anyone else is denied, and the allow-nothing policy deny-all is named', () => {
      // WHEN
      const e = payments('production', 'orders', 'POST', '/api/payments/1', 8080);

      // THEN
      expect(e.istio).toMatchObject({
        decision: AuthzDecision.DENY,
        policy: 'production/deny-all',
        reason: 'ALLOW policies apply and none matches; production/deny-all allows nothing (spec without rules), so the request is denied',
      });
      expect(e.istio.ruleIndex).toBeUndefined();
    });

    test('paths match exactly or by prefix "abc*": frontend GET and POST /api/paymentsX are denied', () => {
      expect(payments('production', 'frontend', 'GET', '/api/payments/1', 8080).istio.decision).toBe(AuthzDecision.DENY);
      expect(payments('production', 'frontend', 'POST', '/api/paymentsX', 8080).istio.decision).toBe(AuthzDecision.DENY);
      expect(payments('production', 'frontend', 'POST', '/api/payments?x=1', 8080).istio.decision).toBe(AuthzDecision.ALLOW);
    });

    test('ports are workload ports: monitoring on Service port 80 is not port 8080', () => {
      expect(payments('monitoring', 'prometheus', 'GET', '/metrics', 80).istio.decision).toBe(AuthzDecision.DENY);
    });
  });

  test('with no ALLOW policy the request is allowed', () => {
    expect(istio([])).toMatchObject({ decision: AuthzDecision.ALLOW, reason: 'no ALLOW policy applies to the workload, so Istio allows the request' });
  });

  test('DENY is evaluated before ALLOW', () => {
    // GIVEN an allow-all and a DENY on /admin*
    const allowAll = ap('allow-all', { rules: [{}] });
    const denyAdmin = ap('deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] });

    // THEN
    expect(istio([allowAll, denyAdmin], { path: '/admin/users' })).toMatchObject({ decision: AuthzDecision.DENY, policy: 'shop/deny-admin', ruleIndex: 0 });
    expect(istio([allowAll, denyAdmin], { path: '/cart' })).toMatchObject({ decision: AuthzDecision.ALLOW, policy: 'shop/allow-all' });
  });

  test('root-namespace policies apply to every workload; selectors must match the workload', () => {
    // GIVEN a mesh-wide allow-nothing and a selector policy for another app
    const meshDeny = ap('allow-nothing', {}, 'istio-system');
    const other = ap('orders-only', { selector: { matchLabels: { app: 'orders' } }, rules: [{}] });

    // THEN
    expect(istio([meshDeny, other])).toMatchObject({ decision: AuthzDecision.DENY, policy: 'istio-system/allow-nothing' });
  });

  test('a policy with targetRefs is ignored by sidecars', () => {
    // GIVEN
    const waypoint = ap('waypoint-deny', { targetRefs: [{ kind: 'Service', group: '', name: 'cart' }], action: 'DENY', rules: [{}] });

    // WHEN
    const r = istio([waypoint]);

    // THEN
    expect(r.decision).toBe(AuthzDecision.ALLOW);
    expect(r.notes).toEqual(['shop/waypoint-deny has targetRef(s): it applies to gateways and waypoints, not to sidecars; ignored']);
  });

  test('principals match by prefix, suffix and presence; from entries are OR\'ed, fields inside AND\'ed', () => {
    const rule = (source: any) => [ap('p', { rules: [{ from: [{ source }] }] })];
    expect(istio(rule({ principals: ['cluster.local/ns/web/*'] })).decision).toBe(AuthzDecision.ALLOW);
    expect(istio(rule({ principals: ['*/sa/frontend'] })).decision).toBe(AuthzDecision.ALLOW);
    expect(istio(rule({ principals: ['*'] })).decision).toBe(AuthzDecision.ALLOW);
    expect(istio(rule({ principals: ['spiffe://cluster.local/ns/web/sa/frontend'] })).decision).toBe(AuthzDecision.DENY);
    expect(istio(rule({ principals: ['*'], namespaces: ['shop'] })).decision).toBe(AuthzDecision.DENY);
    expect(istio(rule({ serviceAccounts: ['web/frontend'] })).decision).toBe(AuthzDecision.ALLOW);
    expect(istio(rule({ requestPrincipals: ['*'] })).decision).toBe(AuthzDecision.DENY);
    expect(istio([ap('p', { rules: [{ from: [{ source: { namespaces: ['x'] } }, { source: { namespaces: ['web'] } }] }] })]).decision).toBe(AuthzDecision.ALLOW);
  });

  test('not* fields negate: notPaths, notMethods, notNamespaces', () => {
    // GIVEN
    const policy = ap('p', { rules: [{ from: [{ source: { notNamespaces: ['untrusted'] } }], to: [{ operation: { notPaths: ['/internal/*'], notMethods: ['DELETE'] } }] }] });

    // THEN
    expect(istio([policy], { path: '/cart' }).decision).toBe(AuthzDecision.ALLOW);
    expect(istio([policy], { path: '/internal/x' })).toMatchObject({ decision: AuthzDecision.DENY });
    expect(istio([policy], { method: 'DELETE' }).evaluations[0].detail).toBe("to[0].operation.notMethods: 'DELETE' matches 'DELETE'");
    expect(istio([policy], { sourceNamespace: 'untrusted' }).decision).toBe(AuthzDecision.DENY);
  });

  test('when conditions: headers given, source IP unknown (assumed outside) and noted', () => {
    // GIVEN
    const byHeader = ap('h', { rules: [{ when: [{ key: 'request.headers[X-Tenant]', values: ['acme'] }] }] });
    const byIp = ap('ip', { rules: [{ when: [{ key: 'source.ip', values: ['10.0.0.0/8'] }] }] });

    // THEN
    expect(AuthzExplainer.explain([CART, byHeader], req({ headers: { 'x-tenant': 'acme' } })).istio.decision).toBe(AuthzDecision.ALLOW);
    const ip = istio([byIp]);
    expect(ip.decision).toBe(AuthzDecision.DENY);
    expect(ip.notes).toEqual(['source.ip unknown offline: assumed to match no value']);
  });

  test('CUSTOM policies are noted: their provider is asked first', () => {
    // GIVEN
    const custom = ap('ext', { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] });

    // THEN
    expect(istio([custom], { path: '/admin' })).toMatchObject({ decision: AuthzDecision.ALLOW, customProviders: ['opa (shop/ext)'] });
    expect(istio([custom], { path: '/' }).customProviders).toEqual([]);
  });

  test('fails when the named workload is not among the manifests', () => {
    expect(() => AuthzExplainer.explain([], req())).toThrow('no workload named cart in namespace shop among the manifests: give its pod labels instead');
  });

  describe('Linkerd', () => {
    const server = { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'cart-http', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'cart' } }, port: 8080 } };
    const mta = { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: 'web', namespace: 'shop' }, spec: { identities: ['*.web.serviceaccount.identity.linkerd.cluster.local'] } };
    const authz = {
      apiVersion: 'policy.linkerd.io/v1alpha1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'cart-from-web', namespace: 'shop' },
      spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'cart-http' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'web' }] },
    };

    test('a Server with an AuthorizationPolicy requiring a MeshTLSAuthentication admits matching identities only', () => {
      // WHEN
      const ok = AuthzExplainer.explain([CART, server, mta, authz], req()).linkerd;
      const no = AuthzExplainer.explain([CART, server, mta, authz], req({ sourceNamespace: 'batch' })).linkerd;

      // THEN
      expect(ok).toMatchObject({ decision: AuthzDecision.ALLOW, server: 'shop/cart-http', decidedBy: 'AuthorizationPolicy shop/cart-from-web' });
      expect(no).toMatchObject({
        decision: AuthzDecision.DENY,
        reason: 'Server shop/cart-http selects port 8080 and no AuthorizationPolicy or ServerAuthorization admits frontend.batch.serviceaccount.identity.linkerd.cluster.local (accessPolicy deny)',
      });
    });

    test('Linkerd decides on the path as sent and notes what an application that resolves it serves', () => {
      const e = AuthzExplainer.explain([CART, server, mta, authz], req({ path: '/api//payments/../../admin' })).linkerd;
      expect(e?.notes[0]).toBe('Linkerd matches the path /api//payments/../../admin as sent: its proxy does not normalize paths (no dot-segment removal, slash merging or decoding), so an application that resolves dot segments, repeated slashes and encoded slashes may serve /api/admin for it');
      expect(AuthzExplainer.explain([CART, server, mta, authz], req()).linkerd?.notes.some(n => n.startsWith('Linkerd matches the path'))).toBe(false);
    });

    test('without a Server the default inbound policy decides: the namespace annotation, else all-unauthenticated', () => {
      // GIVEN
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { 'config.linkerd.io/default-inbound-policy': 'deny' } } };

      // THEN
      expect(AuthzExplainer.explain([CART, mta, ns], req()).linkerd).toMatchObject({ decision: AuthzDecision.DENY, decidedBy: 'default inbound policy deny (namespace shop annotation)' });
      expect(AuthzExplainer.explain([CART, mta], req()).linkerd).toMatchObject({ decision: AuthzDecision.ALLOW, decidedBy: 'default inbound policy all-unauthenticated (cluster default)' });
      // AND a Server on another port leaves this one to the default
      expect(AuthzExplainer.explain([CART, server, mta, authz], req({ port: 9090 })).linkerd?.server).toBeUndefined();
    });

    test('no Linkerd answer when the manifests have no Linkerd configuration', () => {
      expect(AuthzExplainer.explain([CART], req()).linkerd).toBeUndefined();
    });
  });
});

describe('AuthzExplainer callers and requests as sent', () => {
  const ONLY_MTLS = ap('mtls-only', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/web/sa/frontend'] } }] }] });

  test('a plaintext caller has no principal: principals do not match it, notPrincipals ["*"] does', () => {
    // GIVEN
    const denyPlaintext = ap('deny-plaintext', { action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['*'] } }] }] });
    // WHEN
    const meshed = istio([ONLY_MTLS]);
    const plaintext = istio([ONLY_MTLS], { plaintext: true });
    const denied = istio([denyPlaintext], { plaintext: true });
    // THEN
    expect([meshed.decision, meshed.policy]).toEqual([AuthzDecision.ALLOW, 'shop/mtls-only']);
    expect([plaintext.decision, plaintext.reason]).toEqual([AuthzDecision.DENY, 'ALLOW policies shop/mtls-only apply and no rule of them matches, so the request is denied']);
    expect([denied.decision, denied.policy]).toEqual([AuthzDecision.DENY, 'shop/deny-plaintext']);
    expect(AuthzExplainer.format(AuthzExplainer.explain([CART, ONLY_MTLS], req({ plaintext: true, sourceIp: '10.1.2.3' }))).split('\n')[0])
      .toEqual('caller: plaintext, no mTLS identity from 10.1.2.3');
  });

  test('ipBlocks and source.ip conditions are decided for a given source IP, and assumed outside without one', () => {
    // GIVEN
    const fromPods = ap('from-pods', { rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'], notIpBlocks: ['10.9.0.0/16'] } }] }] });
    const whenIp = ap('when-ip', { rules: [{ when: [{ key: 'source.ip', values: ['192.168.1.0/24'] }] }] });
    // THEN
    expect(istio([fromPods], { sourceIp: '10.1.2.3' }).decision).toEqual(AuthzDecision.ALLOW);
    expect(istio([fromPods], { sourceIp: '10.9.0.1' }).decision).toEqual(AuthzDecision.DENY);
    expect(istio([fromPods], { sourceIp: '172.16.0.1' }).decision).toEqual(AuthzDecision.DENY);
    expect(istio([fromPods]).decision).toEqual(AuthzDecision.DENY);
    expect(istio([whenIp], { sourceIp: '192.168.1.7' }).decision).toEqual(AuthzDecision.ALLOW);
    expect(istio([whenIp], { sourceIp: '192.168.2.7' }).decision).toEqual(AuthzDecision.DENY);
  });

  test('the method is matched as sent: "get" does not match GET', () => {
    // GIVEN
    const getOnly = ap('get-only', { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    // THEN
    expect(istio([getOnly], { method: 'GET' }).decision).toEqual(AuthzDecision.ALLOW);
    expect(istio([getOnly], { method: 'get' }).decision).toEqual(AuthzDecision.DENY);
  });

  test('the path is decided as the sidecar normalizes it (BASE by default; NONE, MERGE_SLASHES, DECODE_AND_MERGE_SLASHES)', () => {
    // GIVEN a DENY on /api/admin and an ALLOW on /api/payments/*
    const policies = [
      ap('deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/api/admin', '/api/admin/*'] } }] }] }),
      ap('payments', { rules: [{ to: [{ operation: { paths: ['/api/payments/*'] } }] }] }),
    ];
    const decide = (p: string, pathNormalization?: PathNormalization) =>
      AuthzExplainer.explain([CART, ...policies], req({ path: p }), pathNormalization ? { meshConfig: { pathNormalization } } : {}).istio;
    // THEN the default BASE resolves the dot segment: the DENY applies
    const base = decide('/api/payments/../admin');
    expect([base.decision, base.policy]).toEqual([AuthzDecision.DENY, 'shop/deny-admin']);
    expect(base.notes).toContain('Istio decides the path /api/admin: /api/payments/../admin as normalized by pathNormalization BASE');
    // NONE: the path as sent matches /api/payments/*
    expect(decide('/api/payments/../admin', PathNormalization.NONE).policy).toEqual('shop/payments');
    // MERGE_SLASHES merges //; BASE does not
    expect(decide('//api//admin', PathNormalization.MERGE_SLASHES).policy).toEqual('shop/deny-admin');
    expect(decide('/api//admin').decision).toEqual(AuthzDecision.DENY);
    expect(decide('/api//admin').policy).toBeUndefined();
    // DECODE_AND_MERGE_SLASHES decodes %2F before removing dot segments
    expect(decide('/api/payments%2F..%2Fadmin', PathNormalization.DECODE_AND_MERGE_SLASHES).policy).toEqual('shop/deny-admin');
    // without decoding, %2F..%2F is one segment: neither policy's paths match it
    expect(decide('/api/payments%2F..%2Fadmin', PathNormalization.MERGE_SLASHES).policy).toBeUndefined();
  });
});

describe('AuthzExplainer on Linkerd callers', () => {
  const ns: any = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'all-authenticated' } } };
  const server: any = { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'cart-http', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'cart' } }, port: 8080 } };
  const network: any = { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'NetworkAuthentication', metadata: { name: 'office', namespace: 'shop' }, spec: { networks: [{ cidr: '10.0.0.0/8', except: ['10.9.0.0/16'] }] } };
  const policy: any = {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'cart-from-office', namespace: 'shop' },
    spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'cart-http' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'office' }] },
  };
  const linkerd = (manifests: any[], over: Partial<AuthzRequest>) => AuthzExplainer.explain([CART, ns, ...manifests], req(over)).linkerd!;

  test('all-authenticated admits a meshed caller and refuses a plaintext one', () => {
    expect(linkerd([], {}).decision).toEqual(AuthzDecision.ALLOW);
    const plain = linkerd([], { plaintext: true });
    expect([plain.decision, plain.reason]).toEqual([AuthzDecision.DENY, 'no Server selects port 8080: the default inbound policy all-authenticated refuses a plaintext caller']);
  });

  test('a NetworkAuthentication is decided by the source IP, except ranges included', () => {
    expect(linkerd([server, network, policy], { plaintext: true, sourceIp: '10.1.2.3' }).decidedBy).toEqual('AuthorizationPolicy shop/cart-from-office');
    expect(linkerd([server, network, policy], { plaintext: true, sourceIp: '10.9.1.1' }).decision).toEqual(AuthzDecision.DENY);
    expect(linkerd([server, network, policy], { plaintext: true, sourceIp: '192.168.0.1' }).decision).toEqual(AuthzDecision.DENY);
    expect(linkerd([server, network, policy], { plaintext: true }).notes).toContain('NetworkAuthentication shop/office: the caller\'s IP is unknown offline, assumed outside its networks');
  });
});
