import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function gw(name: string, namespace: string, port: number, hosts: string[], selector: any = { istio: 'ingressgateway' }): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace }, spec: { selector, servers: [{ port: { number: port, name: `http-${port}`, protocol: 'HTTP' }, hosts }] } };
}

function ist0145(...manifests: any[]): string[] {
  return ruleFindings('IST0145', manifests).map(f => `${f.namespace}/${f.name} ${f.path}: ${f.message}`);
}

describe('IST0145', () => {
  test('fires on two Gateways with the same selector and port and overlapping hosts', () => {
    expect(ist0145(gw('shop', 'shop', 80, ['shop/www.example.com']), gw('all', 'edge', 80, ['*.example.com']))).toEqual([
      'edge/all spec.servers[0]: Gateway edge/all server 0 (port 80, hosts *.example.com) overlaps shop/shop, which selects the same workloads (istio=ingressgateway) on the same port with a matching host: the proxy applies only one of them (Conflict with gateways shop/shop (workload selector istio=ingressgateway, port 80, hosts *.example.com).)',
      'shop/shop spec.servers[0]: Gateway shop/shop server 0 (port 80, hosts shop/www.example.com) overlaps edge/all, which selects the same workloads (istio=ingressgateway) on the same port with a matching host: the proxy applies only one of them (Conflict with gateways edge/all (workload selector istio=ingressgateway, port 80, hosts shop/www.example.com).)',
    ]);
  });

  test('silent when the port, the selector or the hosts differ', () => {
    expectSilent('IST0145', [
      gw('a', 'edge', 80, ['www.example.com']),
      gw('b', 'edge', 8080, ['www.example.com']),
      gw('c', 'edge', 80, ['www.example.com'], { istio: 'internal-gateway' }),
      gw('d', 'edge', 80, ['api.example.com', '*.example.org']),
    ]);
  });
});
