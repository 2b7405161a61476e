import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function gw(name: string, credentialName: string, selector: any = { istio: 'ingressgateway' }): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: 'edge' },
    spec: { selector, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [`${name}.example.com`], tls: { mode: 'SIMPLE', credentialName } }] },
  };
}

describe('IST0138', () => {
  test('fires on the Gateway whose selector the other one contains, when both use the same credentialName', () => {
    expect(findingsOf('IST0138', [gw('shop', 'wildcard-cert'), gw('api', 'wildcard-cert', { istio: 'ingressgateway', zone: 'a' })]).map(f => f.split(' (')[0])).toEqual([
      'spec.servers: Gateway edge/shop serves TLS with the same certificate as Gateway edge/api on the same gateway workloads: an HTTP/2 client reuses one connection for both hosts and gets 404s for the other',
    ]);
  });

  test('fires on both sides when the selectors are equal', () => {
    expect(findingsOf('IST0138', [gw('shop', 'cert'), gw('api', 'cert')]).map(f => f.split(' serves')[0])).toEqual(['spec.servers: Gateway edge/api', 'spec.servers: Gateway edge/shop']);
  });

  test('silent with different certificates or disjoint selectors', () => {
    expectSilent('IST0138', [gw('shop', 'shop-cert'), gw('api', 'api-cert')]);
    expectSilent('IST0138', [gw('shop', 'cert'), gw('api', 'cert', { istio: 'internal' })]);
  });
});
