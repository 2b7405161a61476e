import { Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { Sidecar, OutboundTrafficPolicyMode, CaptureMode } = istio;

describe('Sidecar', () => {
  test('renders egress restrictions and REGISTRY_ONLY', () => {
    // GIVEN
    const chart = testChart('shop');

    // WHEN
    new Sidecar(chart, 'default', {
      metadata: { name: 'default' },
      egress: [{ hosts: ['./*', 'istio-system/*'] }],
      outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY,
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec).toEqual({ egress: [{ hosts: ['./*', 'istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
  });

  test('renders a workload selector and an ingress listener', () => {
    const chart = testChart('shop');
    new Sidecar(chart, 'payments', { workloadSelector: { app: 'payments' }, ingress: [{ port: 9080, protocol: istio.PortProtocol.HTTP, defaultEndpoint: '127.0.0.1:8080' }] });
    expect(synthValid(chart)[0].spec).toEqual({
      workloadSelector: { labels: { app: 'payments' } },
      ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http-9080' }, defaultEndpoint: '127.0.0.1:8080' }],
    });
  });

  test('fails when an egress host has no namespace', () => {
    expect(() => new Sidecar(testChart(), 'sc', { egress: [{ hosts: ['payments'] }] })).toThrow(
      '[test/sc] egress[0].hosts[0] must be namespace/dnsName, got "payments". Use "./payments" for this namespace or "*/payments" for any');
  });

  test('renders an inbound connection pool, capture modes and binds', () => {
    // GIVEN
    const chart = testChart('shop');

    // WHEN
    new Sidecar(chart, 'vm', {
      metadata: { name: 'vm' },
      workloadSelector: { app: 'legacy' },
      inboundConnectionPool: { http: { http1MaxPendingRequests: 100 }, tcp: { maxConnections: 200 } },
      ingress: [{
        port: 9080,
        protocol: istio.PortProtocol.HTTP,
        bind: '172.16.1.32',
        captureMode: CaptureMode.NONE,
        defaultEndpoint: '127.0.0.1:8080',
        connectionPool: { http: { http2MaxRequests: 50 } },
      }],
      egress: [
        { port: 3306, protocol: istio.PortProtocol.TCP, bind: '127.0.0.1', captureMode: CaptureMode.NONE, hosts: ['*/mysql.example.com'] },
        { hosts: ['istio-system/*'] },
      ],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.inboundConnectionPool).toEqual({ tcp: { maxConnections: 200 }, http: { http1MaxPendingRequests: 100 } });
    expect(obj.spec.ingress[0]).toEqual({
      port: { number: 9080, protocol: 'HTTP', name: 'http-9080' },
      bind: '172.16.1.32',
      captureMode: 'NONE',
      defaultEndpoint: '127.0.0.1:8080',
      connectionPool: { http: { http2MaxRequests: 50 } },
    });
    expect(obj.spec.egress[0]).toEqual({ port: { number: 3306, protocol: 'TCP', name: 'tcp-3306' }, bind: '127.0.0.1', captureMode: 'NONE', hosts: ['*/mysql.example.com'] });
  });

  test('fails when the Sidecar configures nothing', () => {
    expect(() => new Sidecar(testChart(), 'sc', { workloadSelector: { app: 'a' } })).toThrow(
      '[test/sc] egress, ingress, outboundTrafficPolicy and inboundConnectionPool are all absent: Istio rejects an empty Sidecar. Set at least one of them');
  });

  test('fails on a bind that is not an IP address, or bind without port on egress', () => {
    expect(() => new Sidecar(testChart(), 'sc', { ingress: [{ port: 80, protocol: istio.PortProtocol.HTTP, bind: 'eth0' }] })).toThrow(
      '[test/sc] ingress[0].bind must be an IP address, got "eth0"');
    expect(() => new Sidecar(testChart(), 'sc', { egress: [{ hosts: ['./*'], bind: '127.0.0.1' }] })).toThrow('[test/sc] egress[0].bind needs port');
  });

  test('fails when a catch-all egress listener is not last, or ports repeat', () => {
    expect(() => new Sidecar(testChart(), 'sc', { egress: [{ hosts: ['./*'] }, { port: 80, hosts: ['./*'] }] })).toThrow(
      '[test/sc] egress[0].port is required on every egress listener but the last (Istio allows one catch-all listener, and only at the end)');
    expect(() => new Sidecar(testChart(), 'sc', { ingress: [{ port: 80, protocol: istio.PortProtocol.HTTP }, { port: 80, protocol: istio.PortProtocol.TCP }] })).toThrow(
      '[test/sc] ingress[1].port 80 is used by an earlier ingress listener (Istio refuses duplicates)');
  });

  test('fails when the inbound connection pool is out of range', () => {
    expect(() => new Sidecar(testChart(), 'sc', { inboundConnectionPool: { tcp: { maxConnections: 0 } } })).toThrow(
      '[test/sc] inboundConnectionPool.tcp.maxConnections must be an integer from 1 to 2147483647, got 0');
  });
});
