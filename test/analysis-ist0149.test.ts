import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ingress-1', namespace: 'istio-system', labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } };
const gateway = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'istio-system' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } };
const vs = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'admin', namespace: 'shop' },
  spec: { hosts: ['shop.example.com'], gateways: ['istio-system/public'], http: [{ match: [{ headers: { '@request.auth.claims.groups': { exact: 'admin' } } }], route: [{ destination: { host: 'admin' } }] }, { route: [{ destination: { host: 'shop' } }] }] },
};
const requestAuthn = (matchLabels?: Record<string, string>) => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'RequestAuthentication',
  metadata: { name: 'jwt', namespace: 'istio-system' },
  spec: { ...(matchLabels ? { selector: { matchLabels } } : {}), jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/jwks' }] },
});

describe('IST0149', () => {
  test('fires when no RequestAuthentication covers a gateway pod of a claim-routed VirtualService', () => {
    expect(findingsOf('IST0149', [pod, gateway, vs]).map(f => f.split(' (')[0])).toEqual([
      'spec.gateways[0]: VirtualService shop/admin routes on JWT claim header @request.auth.claims.groups at Gateway istio-system/public, but no RequestAuthentication selects its pod istio-system/ingress-1, so the claim is never validated and the route never matches',
    ]);
    expect(findingsOf('IST0149', [pod, gateway, vs, requestAuthn({ app: 'other' })])).toHaveLength(1);
  });

  test('silent when a RequestAuthentication in istio-system selects the pod, or with no pod in the files', () => {
    expectSilent('IST0149', [pod, gateway, vs, requestAuthn()]);
    expectSilent('IST0149', [pod, gateway, vs, requestAuthn({ istio: 'ingressgateway' })]);
    expectSilent('IST0149', [gateway, vs]);
  });
});
