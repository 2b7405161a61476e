import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function gw(name: string, namespace: string, port: number, hosts: string[], selector: any = { istio: 'ingressgateway' }): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace }, spec: { selector, servers: [{ port: { number: port, name: `http-${port}`, protocol: 'HTTP' }, hosts }] } };
}

function ist0145(...manifests: any[]): string[] {
  return ruleFindings('IST0145', manifests).map(f => `${f.namespace}/${f.name} ${f.path}: ${f.message}`);
}

describe('IST0145', () => {
  test('fires on two Gateways with the same selector and port and the same host', () => {
    expect(ist0145(gw('shop', 'shop', 80, ['www.example.com']), gw('all', 'edge', 80, ['www.example.com', '*.example.org']))).toEqual([
      'edge/all spec.servers[0]: Gateway edge/all server 0 (port 80, hosts www.example.com,*.example.org) has a host that shop/shop also serves on the same port of the same gateway workloads (istio=ingressgateway): istiod keeps one of the servers and drops the other\'s routes (Conflict with gateways shop/shop (workload selector istio=ingressgateway, port 80, hosts www.example.com,*.example.org).)',
      'shop/shop spec.servers[0]: Gateway shop/shop server 0 (port 80, hosts www.example.com) has a host that edge/all also serves on the same port of the same gateway workloads (istio=ingressgateway): istiod keeps one of the servers and drops the other\'s routes (Conflict with gateways edge/all (workload selector istio=ingressgateway, port 80, hosts www.example.com).)',
    ]);
  });

  test('pairs selectors that contain one another when a pod in the files matches both, as istioctl', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'gw-1', namespace: 'edge', labels: { istio: 'ingressgateway', zone: 'a' } }, spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } };
    const narrow = gw('narrow', 'edge', 80, ['www.example.com'], { istio: 'ingressgateway', zone: 'a' });
    expect(ist0145(pod, narrow, gw('wide', 'edge', 80, ['www.example.com'])).map(f => f.split(':')[0])).toEqual(['edge/narrow spec.servers[0]', 'edge/wide spec.servers[0]']);
    // without such a pod, they are different gateway workloads
    expectSilent('IST0145', [narrow, gw('wide', 'edge', 80, ['www.example.com'])]);
  });

  test('silent when the port, the selector or the hosts differ', () => {
    expectSilent('IST0145', [
      gw('a', 'edge', 80, ['www.example.com']),
      gw('b', 'edge', 8080, ['www.example.com']),
      gw('c', 'edge', 80, ['www.example.com'], { istio: 'internal-gateway' }),
      gw('d', 'edge', 80, ['api.example.com', '*.example.org']),
      // a wildcard and a host under it are not a conflict: the proxy serves the most specific one
      gw('e', 'edge', 80, ['*.example.com']),
      // the namespace part is part of the host, as istioctl compares them
      gw('f', 'edge', 80, ['shop/api.example.com']),
    ]);
  });
});
