import { expectSilent, findingsOf, httpRoute } from './support/mesh-rule-fixtures';

function gateway(listeners: any[]): any {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'infra' }, spec: { gatewayClassName: 'istio', listeners } };
}
const https = { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.shop.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-cert' }] }, allowedRoutes: { namespaces: { from: 'All' } } };
const route = (hostnames: string[], ref: any = {}, namespace = 'prod') =>
  httpRoute('shop', { parentRefs: [{ name: 'edge', namespace: 'infra', ...ref }], hostnames, rules: [{ backendRefs: [{ name: 'shop', port: 80 }] }] }, { namespace });

describe('MESH119', () => {
  test('fires when no listener hostname intersects the route\'s hostnames', () => {
    expect(findingsOf('MESH119', [gateway([https]), route(['shop.example.com'])])).toEqual([
      'spec.parentRefs[0]: HTTPRoute prod/shop is attached to Gateway infra/edge, but none of the hostnames shop.example.com matches its listener hostname *.shop.example.com, so the route is not accepted and never programmed',
    ]);
  });

  test('fires when the listener admits routes from its own namespace only (the default)', () => {
    const same = { name: 'http', port: 80, protocol: 'HTTP' };
    expect(findingsOf('MESH119', [gateway([same]), route(['www.shop.example.com'])])[0]).toContain('its listener http admits routes from its own namespace infra only, not from namespace prod');
  });

  test('fires when sectionName or port names no listener', () => {
    expect(findingsOf('MESH119', [gateway([https]), route(['www.shop.example.com'], { sectionName: 'http' })])[0]).toContain('no listener of it is named http');
  });

  test('silent when a listener accepts the route, by wildcard, by selector, or without hostnames', () => {
    expectSilent('MESH119', [gateway([https]), route(['www.shop.example.com'], { sectionName: 'https', port: 443 })]);
    const bySelector = { ...https, hostname: undefined, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { shared: 'yes' } } } } };
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { shared: 'yes' } } };
    expectSilent('MESH119', [gateway([bySelector]), ns, route(['anything.example.org'])]);
    expectSilent('MESH119', [gateway([https]), route([])]);
  });
});
