import { Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { Gateway, PortProtocol, ServerTlsMode } = istio;

describe('Gateway', () => {
  test('renders HTTP and HTTPS servers', () => {
    // GIVEN
    const chart = testChart('istio-ingress');

    // WHEN
    new Gateway(chart, 'public', {
      metadata: { name: 'public' },
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: 8080, protocol: PortProtocol.HTTP, hosts: ['*'], httpsRedirect: true },
        { port: 8443, protocol: PortProtocol.HTTPS, hosts: ['shop.example.com'], tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'shop-cert' } },
      ],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.servers[0]).toEqual({ port: { number: 8080, name: 'http-8080', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: true } });
  });

  test('fails when an HTTPS server has no TLS or no credential', () => {
    const props = (tls?: istio.ServerTls) => ({ selector: { istio: 'ingressgateway' }, servers: [{ port: 443, protocol: PortProtocol.HTTPS, hosts: ['a.example.com'], tls }] });
    expect(() => new Gateway(testChart(), 'gw', props())).toThrow('[test/gw] servers[0].tls is required for protocol HTTPS');
    expect(() => new Gateway(testChart(), 'gw', props({ mode: ServerTlsMode.SIMPLE }))).toThrow('[test/gw] servers[0].tls.credentialName is required for mode SIMPLE');
  });

  test('fails when a port is out of range', () => {
    expect(() => new Gateway(testChart(), 'gw', { selector: { istio: 'ingressgateway' }, servers: [{ port: 0, protocol: PortProtocol.HTTP, hosts: ['*'] }] }))
      .toThrow('servers[0].port must be an integer from 1 to 65535, got 0');
  });
});
