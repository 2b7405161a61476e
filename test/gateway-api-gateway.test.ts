import { Chart, Testing } from 'cdk8s';
import * as gatewayApi from '../src/gateway-api';
import { synthValid } from './support/synth';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'edge' });
}

describe('gatewayApi.Gateway', () => {
  test('renders listeners with TLS termination and allowed routes', () => {
    const c = chart();
    const gw = new gatewayApi.Gateway(c, 'gw', {
      metadata: { name: 'edge' },
      gatewayClassName: 'istio',
      listeners: [
        { name: 'https', port: 443, protocol: gatewayApi.ListenerProtocol.HTTPS, hostname: '*.example.com', certificateRefs: ['wildcard-tls'], allowedRoutes: gatewayApi.RouteNamespaces.ALL },
        { name: 'http', port: 80, protocol: gatewayApi.ListenerProtocol.HTTP },
      ],
    });
    expect(gw.listenerNames).toEqual(['https', 'http']);
    const [obj] = synthValid(c);
    expect(obj).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'edge' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'wildcard-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
        ],
      },
    });
  });

  test('an HTTPRoute on it takes hostnames; a Service route refuses them', () => {
    const c = chart();
    new gatewayApi.HttpRoute(c, 'route', {
      metadata: { name: 'shop' },
      parents: [gatewayApi.RouteParent.gateway('edge', undefined, 'https')],
      hostnames: ['shop.example.com'],
      rules: [{ backends: [{ name: 'frontend', port: 80 }] }],
    });
    expect(synthValid(c)[0].spec.hostnames).toEqual(['shop.example.com']);
    expect(() => new gatewayApi.HttpRoute(chart(), 'route', { parents: [gatewayApi.RouteParent.service('frontend', 80)], hostnames: ['shop.example.com'] })).toThrow(
      '[test/route] hostnames must not be set on a route with a Service parent: the mesh ignores hostnames there. Set hostnames only on routes attached to Gateways (RouteParent.gateway); a Service route already applies to that Service\'s host');
    expect(() => new gatewayApi.HttpRoute(chart(), 'route', { parents: [gatewayApi.RouteParent.gateway('edge')], hostnames: ['10.0.0.1'] })).toThrow(
      '[test/route] hostnames[0] must be a lowercase DNS name, optionally prefixed with "*." (not an IP address), got "10.0.0.1"');
  });

  const listener = { name: 'https', port: 443, protocol: gatewayApi.ListenerProtocol.HTTPS, certificateRefs: ['tls'] };
  test.each([
    [{ gatewayClassName: '' }, '[test/gw] gatewayClassName must name a GatewayClass (a DNS-1123 subdomain), got "". Use "istio" for Istio\'s gateway'],
    [{ listeners: [] }, '[test/gw] listeners must have from 1 to 64 listeners, got 0'],
    [{ listeners: [listener, listener] }, '[test/gw] listeners[1].name must be unique in the Gateway, got "https" twice'],
    [{ listeners: [listener, { ...listener, name: 'b' }] }, '[test/gw] listeners[1] repeats the port, protocol and hostname of an earlier listener (443/HTTPS/). Give each listener its own port or hostname'],
    [{ listeners: [{ ...listener, certificateRefs: [] }] }, '[test/gw] listeners[0].certificateRefs must name from 1 to 64 TLS Secrets for an HTTPS listener, got []'],
    [{ listeners: [{ ...listener, protocol: 'HTTP' }] }, '[test/gw] listeners[0].certificateRefs must not be set on an HTTP listener (the CRD refuses tls on HTTP). Use ListenerProtocol.HTTPS to terminate TLS'],
    [{ listeners: [{ ...listener, protocol: 'TCP' }] }, 'listeners[0].protocol'],
    [{ listeners: [{ ...listener, port: 0 }] }, '[test/gw] listeners[0].port must be a port from 1 to 65535, got 0'],
    [{ listeners: [{ ...listener, hostname: '*' }] }, '[test/gw] listeners[0].hostname must be a lowercase DNS name, optionally prefixed with "*." (not an IP address), got "*"'],
    [{ metadata: { name: 'a.b' } }, '[test/gw] metadata.name must be a DNS-1123 label (the gateway\'s Deployment and Service are named after it), got "a.b"'],
  ])('refuses %j', (bad, message) => {
    expect(() => new gatewayApi.Gateway(chart(), 'gw', { gatewayClassName: 'istio', listeners: [listener], ...bad } as any)).toThrow(message);
  });
});
