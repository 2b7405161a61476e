import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

const gateway = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'public', namespace: 'istio-system' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop/*.shop.example.com', './admin.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-cert' } },
    ],
  },
};
function vs(namespace: string, hosts: string[]): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace }, spec: { hosts, gateways: ['istio-system/public'], http: [{ route: [{ destination: { host: 'web' } }] }] } };
}

function ist0132(...manifests: any[]): string[] {
  return ruleFindings('IST0132', manifests).map(f => `${f.path}: ${f.message}`);
}

describe('IST0132', () => {
  test('fires when the Gateway accepts none of the hosts for the VirtualService\'s namespace', () => {
    // GIVEN the host is served, but only to VirtualServices in namespace shop
    expect(ist0132(gateway, vs('web', ['www.shop.example.com']))).toEqual([
      'spec.gateways[0]: VirtualService web/web binds to Gateway istio-system/public, but none of its hosts (www.shop.example.com) matches a host its servers accept for namespace web (shop/*.shop.example.com, ./admin.example.com), so the gateway serves none of its routes (one or more host [www.shop.example.com] defined in VirtualService web/web not found in Gateway istio-system/public.)',
    ]);
  });

  test('silent when a host matches, by wildcard, for the right namespace', () => {
    expectSilent('IST0132', [gateway, vs('shop', ['internal', 'www.shop.example.com'])]);
    expectSilent('IST0132', [gateway, vs('istio-system', ['admin.example.com'])]);
  });

  test('fires beside IST0101 when the Gateway is not among the manifests, as istioctl does', () => {
    expect(ist0132(vs('shop', ['www.example.org']))).toEqual([
      'spec.gateways[0]: VirtualService shop/web binds to Gateway istio-system/public, which is not among the manifests, so no gateway server accepts its hosts (www.example.org) (one or more host [www.example.org] defined in VirtualService shop/web not found in Gateway istio-system/public.)',
    ]);
  });

  test('reads the listener hostnames of a Gateway API Gateway; a listener without hostname takes every host', () => {
    const kube = (hostnames: Array<string | undefined>) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'istio-system' },
      spec: { gatewayClassName: 'istio', listeners: hostnames.map((hostname, i) => ({ name: `l${i}`, port: 80 + i, protocol: 'HTTP', ...(hostname ? { hostname } : {}) })) },
    });
    expect(ist0132(kube(['*.example.com']), vs('shop', ['www.example.org']))).toEqual([
      'spec.gateways[0]: VirtualService shop/web binds to Gateway API Gateway istio-system/public, but none of its hosts (www.example.org) matches a listener hostname (*.example.com), so the gateway serves none of its routes (one or more host [www.example.org] defined in VirtualService shop/web not found in Gateway istio-system/public.)',
    ]);
    expectSilent('IST0132', [kube(['*.example.com']), vs('shop', ['www.example.com'])]);
    expectSilent('IST0132', [kube(['a.example.com', undefined]), vs('shop', ['www.example.org'])]);
  });
});
