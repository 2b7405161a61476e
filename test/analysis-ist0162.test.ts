import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ingress-1', namespace: 'istio-system', labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } };
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ingress', namespace: 'istio-system' }, spec: { selector: { istio: 'ingressgateway' }, ports: [{ name: 'http2', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }] } };
const gateway = (port: number) => ({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'istio-system' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: port, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } });

describe('IST0162', () => {
  test('fires on a server port the gateway pods\' Service does not expose', () => {
    expect(findingsOf('IST0162', [pod, service, gateway(9090)]).map(f => f.split(' (The')[0])).toEqual([
      'spec.servers[0].port.number: Gateway istio-system/public server 0 listens on port 9090, which no Service of its gateway pods (istio=ingressgateway) exposes, so the port is not reachable through that Service',
    ]);
  });

  test('silent on a targetPort or a Service port, and when no pod is in the files', () => {
    expectSilent('IST0162', [pod, service, gateway(8080)]);
    expectSilent('IST0162', [pod, service, gateway(443)]);
    expectSilent('IST0162', [service, gateway(9090)]);
  });
});
