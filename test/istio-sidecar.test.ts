import { Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { Sidecar, OutboundTrafficPolicyMode } = istio;

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
});
