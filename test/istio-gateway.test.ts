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

  test('renders bind, TLS from files, protocol versions and cipher suites', () => {
    // GIVEN
    const chart = testChart('istio-ingress');

    // WHEN
    new Gateway(chart, 'internal', {
      metadata: { name: 'internal' },
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: 8443,
          bind: '10.0.0.10',
          protocol: PortProtocol.HTTPS,
          hosts: ['internal.example.com'],
          tls: {
            mode: ServerTlsMode.MUTUAL,
            serverCertificate: '/etc/istio/certs/tls.crt',
            privateKey: '/etc/istio/certs/tls.key',
            caCertificates: '/etc/istio/certs/ca.crt',
            minProtocolVersion: 'TLSV1_2',
            maxProtocolVersion: 'TLSV1_3',
            cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
          },
        },
        { port: 8443, protocol: PortProtocol.HTTPS, hosts: ['public.example.com'], tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'public-cert' } },
      ],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.servers[0].bind).toEqual('10.0.0.10');
    expect(obj.spec.servers[0].tls).toEqual({
      mode: 'MUTUAL',
      serverCertificate: '/etc/istio/certs/tls.crt',
      privateKey: '/etc/istio/certs/tls.key',
      caCertificates: '/etc/istio/certs/ca.crt',
      minProtocolVersion: 'TLSV1_2',
      maxProtocolVersion: 'TLSV1_3',
      cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
    });
    // Two servers on one port get distinct default port names, which Istio requires.
    expect(obj.spec.servers.map((s: any) => s.port.name)).toEqual(['https-8443', 'https-8443-1']);
  });

  test('renders a server bound to a unix domain socket on port 0', () => {
    const chart = testChart('istio-ingress');
    new Gateway(chart, 'uds', { selector: { istio: 'ingressgateway' }, servers: [{ port: 0, bind: 'unix:///var/run/gw.sock', protocol: PortProtocol.HTTP, hosts: ['*'] }] });
    expect(synthValid(chart)[0].spec.servers[0]).toEqual({ port: { number: 0, name: 'http-0', protocol: 'HTTP' }, bind: 'unix:///var/run/gw.sock', hosts: ['*'] });
  });

  const gw = (server: Partial<istio.GatewayServer>) => () => new Gateway(testChart(), 'gw', {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: 443, protocol: PortProtocol.HTTPS, hosts: ['a.example.com'], ...server } as istio.GatewayServer],
  });

  test('fails when a terminating mode has two certificate sources or misses a file', () => {
    expect(gw({ tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'c', serverCertificate: '/c.crt', privateKey: '/c.key' } })).toThrow(
      '[test/gw] servers[0].tls.credentialName cannot be combined with serverCertificate or privateKey: give one certificate source (Istio rejects both). Keep credentialName or the files');
    expect(gw({ tls: { mode: ServerTlsMode.SIMPLE, serverCertificate: '/c.crt' } })).toThrow(
      '[test/gw] servers[0].tls.credentialName is required for mode SIMPLE, unless serverCertificate and privateKey are given');
    expect(gw({ tls: { mode: ServerTlsMode.MUTUAL, serverCertificate: '/c.crt', privateKey: '/c.key' } })).toThrow(
      '[test/gw] servers[0].tls.caCertificates is required for mode MUTUAL without credentialName: it verifies client certificates');
  });

  test('fails when a non-terminating mode carries certificates', () => {
    expect(gw({ tls: { mode: ServerTlsMode.ISTIO_MUTUAL, credentialName: 'c' } })).toThrow(
      '[test/gw] servers[0].tls.credentialName cannot be set with mode ISTIO_MUTUAL, which uses Istio\'s certificates (Istio rejects it). Remove credentialName');
    expect(gw({ protocol: PortProtocol.TLS, tls: { mode: ServerTlsMode.PASSTHROUGH, serverCertificate: '/c.crt' } })).toThrow(
      '[test/gw] servers[0].tls.serverCertificate has no effect with mode PASSTHROUGH: the gateway does not terminate TLS. Remove serverCertificate');
  });

  test('fails on TLS versions out of order, old versions without ciphers, or duplicate ciphers', () => {
    const tls = { mode: ServerTlsMode.SIMPLE, credentialName: 'c' };
    expect(gw({ tls: { ...tls, minProtocolVersion: 'TLSV1_3', maxProtocolVersion: 'TLSV1_2' } })).toThrow(
      '[test/gw] servers[0].tls.minProtocolVersion TLSV1_3 is above maxProtocolVersion TLSV1_2, so no version is left');
    expect(gw({ tls: { ...tls, minProtocolVersion: 'TLSV1_0' } })).toThrow(
      '[test/gw] servers[0].tls.minProtocolVersion TLSV1_0 needs cipherSuites: Envoy\'s default suites include none that TLS below 1.2 can use, so those clients would fail the handshake. List compatible cipherSuites, or use TLSV1_2');
    expect(gw({ tls: { ...tls, minProtocolVersion: 'TLS1.2' } })).toThrow(
      '[test/gw] servers[0].tls.minProtocolVersion must be one of TLS_AUTO, TLSV1_0, TLSV1_1, TLSV1_2, TLSV1_3, got "TLS1.2"');
    expect(gw({ tls: { ...tls, cipherSuites: ['A', 'A'] } })).toThrow('[test/gw] servers[0].tls.cipherSuites lists "A" twice');
  });

  test('fails when TLS or httpsRedirect is on the wrong kind of server', () => {
    expect(gw({ protocol: PortProtocol.HTTP, tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'c' } })).toThrow(
      '[test/gw] servers[0].tls cannot be set on a HTTP server: Istio accepts TLS settings only on HTTPS and TLS ports. Use protocol HTTPS or TLS, or remove tls (httpsRedirect alone is allowed on HTTP)');
    expect(gw({ httpsRedirect: true, tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'c' } })).toThrow(
      '[test/gw] servers[0].httpsRedirect applies only to plain-text HTTP servers, got protocol HTTPS. Put httpsRedirect on the HTTP server');
  });

  test('fails on a bad bind, or a port that does not fit it', () => {
    expect(gw({ bind: 'localhost', tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'c' } })).toThrow(
      '[test/gw] servers[0].bind must be an IP address or unix:// socket path, got "localhost"');
    expect(gw({ bind: 'unix:///gw.sock', tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'c' } })).toThrow(
      '[test/gw] servers[0].port must be 0 with a unix domain socket bind, got 443');
  });

  test('fails when two servers have the same explicit port name, or the gateway name has a dot', () => {
    expect(() => new Gateway(testChart(), 'gw', {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: 80, portName: 'web', protocol: PortProtocol.HTTP, hosts: ['*'] }, { port: 81, portName: 'web', protocol: PortProtocol.HTTP, hosts: ['*'] }],
    })).toThrow('[test/gw] servers[1].portName "web" is already the port name of an earlier server (Istio refuses duplicates). Give every server a distinct portName');
    expect(() => new Gateway(testChart(), 'gw', { metadata: { name: 'public.gw' }, selector: { istio: 'ingressgateway' }, servers: [{ port: 80, protocol: PortProtocol.HTTP, hosts: ['*'] }] }))
      .toThrow('[test/gw] metadata.name must be a DNS-1123 label (lowercase alphanumerics and \'-\', starting and ending with an alphanumeric, at most 63 characters; Gateway names take no dots), got "public.gw"');
  });
});
