import { DefaultInboundPolicy, ProxyProtocol, Server, ServerPort } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('Server', () => {
  test('denies by default, rendered explicitly', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    new Server(chart, 'Http', { metadata: { name: 'payments-http' }, podSelector: { app: 'payments' }, port: ServerPort.named('http'), proxyProtocol: ProxyProtocol.HTTP2 });

    // THEN
    const [server] = synthValid(chart);
    expect(server.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(server.spec).toEqual({ podSelector: { matchLabels: { app: 'payments' } }, port: 'http', proxyProtocol: 'HTTP/2', accessPolicy: 'deny' });
    expect(server).toMatchSnapshot();
  });

  test('selects external workloads and takes an explicit access policy', () => {
    const chart = testChart('production');
    new Server(chart, 'Vm', { externalWorkloadSelector: { app: 'legacy' }, port: ServerPort.number(8080), accessPolicy: DefaultInboundPolicy.AUDIT });
    expect(synthValid(chart)[0].spec).toEqual({ externalWorkloadSelector: { matchLabels: { app: 'legacy' } }, port: 8080, accessPolicy: 'audit' });
  });

  test('fails when both selectors or none are set', () => {
    const chart = testChart('production');
    expect(() => new Server(chart, 'S', { port: ServerPort.number(80) }))
      .toThrow('[test/S] podSelector or externalWorkloadSelector must be set, and not both. Select pods with podSelector ({} selects every pod of the namespace), or external workloads with externalWorkloadSelector');
    expect(() => new Server(chart, 'T', { port: ServerPort.number(80), podSelector: {}, externalWorkloadSelector: {} })).toThrow('[test/T] podSelector or externalWorkloadSelector must be set, and not both');
  });

  test('fails when the port is out of range or not a port name', () => {
    const chart = testChart('production');
    expect(() => new Server(chart, 'S', { podSelector: {}, port: ServerPort.number(70000) }))
      .toThrow('[test/S] port must be a port number from 1 to 65535 or a container port name (IANA_SVC_NAME), got 70000');
    expect(() => new Server(chart, 'T', { podSelector: {}, port: ServerPort.named('HTTP_port') })).toThrow('got "HTTP_port"');
  });
});
