import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function service(ports: any[], extra: any = {}): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'prod', ...extra }, spec: { selector: { app: 'reviews' }, ports } };
}

describe('IST0118', () => {
  test('fires on a port whose name and appProtocol say no protocol Istio reads', () => {
    expect(findingsOf('IST0118', [service([{ name: 'web', port: 8080, targetPort: 9080 }, { name: 'http-api', port: 80 }])])).toEqual([
      'spec.ports[0]: Service prod/reviews port 8080 (web) states no protocol Istio reads (appProtocol, or a name like http-..., grpc-..., tcp-...), so the proxy sniffs it, which breaks server-first protocols (Port name web (port: 8080, targetPort: 9080) doesn\'t follow the naming convention of Istio port.)',
    ]);
  });

  test('silent on prefixed names, appProtocol, UDP, well-known ports, Istio\'s own and system-namespace Services', () => {
    expectSilent('IST0118', [
      service([
        { name: 'grpc-web-ui', port: 1 }, { name: 'HTTP2', port: 2 }, { name: 'x', appProtocol: 'kubernetes.io/h2c', port: 3 },
        { name: 'dns', port: 53 }, { name: 'syslog', port: 514, protocol: 'UDP' }, { name: 'x2', appProtocol: 'tcp', port: 4 },
      ]),
      { ...service([{ name: 'web', port: 8080 }], { labels: { istio: 'ingressgateway' } }), metadata: { name: 'gw', namespace: 'prod', labels: { istio: 'ingressgateway' } } },
      { ...service([{ name: 'web', port: 8080 }]), metadata: { name: 'dns', namespace: 'kube-system' } },
    ]);
  });
});
