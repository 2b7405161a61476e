import { Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { ServiceEntry, ServiceEntryResolution, PortProtocol } = istio;

describe('ServiceEntry', () => {
  test('renders an external API resolved by DNS', () => {
    // GIVEN
    const chart = testChart('shop');

    // WHEN
    new ServiceEntry(chart, 'stripe', {
      metadata: { name: 'stripe' },
      hosts: ['api.stripe.com'],
      ports: [{ number: 443, protocol: PortProtocol.TLS }],
      resolution: ServiceEntryResolution.DNS,
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec).toEqual({ hosts: ['api.stripe.com'], ports: [{ number: 443, protocol: 'TLS', name: 'tls-443' }], location: 'MESH_EXTERNAL', resolution: 'DNS' });
  });

  test('renders static endpoints', () => {
    const chart = testChart('shop');
    new ServiceEntry(chart, 'db', {
      hosts: ['mysql.vm'],
      addresses: ['10.0.0.0/24'],
      ports: [{ number: 3306, protocol: PortProtocol.TCP }],
      location: istio.ServiceEntryLocation.MESH_INTERNAL,
      resolution: ServiceEntryResolution.STATIC,
      endpoints: [{ address: '10.0.0.5', labels: { version: 'v1' } }],
    });
    expect(synthValid(chart)[0].spec.endpoints).toEqual([{ address: '10.0.0.5', labels: { version: 'v1' } }]);
  });

  test('fails when a host is *, endpoints come with NONE, or a CIDR comes with DNS', () => {
    const ports = [{ number: 80, protocol: PortProtocol.HTTP }];
    expect(() => new ServiceEntry(testChart(), 'se', { hosts: ['*'], ports, resolution: ServiceEntryResolution.DNS })).toThrow('[test/se] hosts[0] cannot be "*"');
    expect(() => new ServiceEntry(testChart(), 'se', { hosts: ['a'], ports, resolution: ServiceEntryResolution.NONE, endpoints: [{ address: '1.2.3.4' }] })).toThrow('[test/se] endpoints cannot be set with resolution NONE');
    expect(() => new ServiceEntry(testChart(), 'se', { hosts: ['a'], addresses: ['10.0.0.0/8'], ports, resolution: ServiceEntryResolution.DNS })).toThrow('addresses may contain CIDRs only with resolution NONE or STATIC, got DNS');
  });

  test('renders a workload selector and fails when it comes with endpoints', () => {
    const chart = testChart('shop');
    const ports = [{ number: 3306, protocol: PortProtocol.TCP }];
    const props = { hosts: ['mysql.vm'], ports, location: istio.ServiceEntryLocation.MESH_INTERNAL, resolution: ServiceEntryResolution.STATIC };
    new ServiceEntry(chart, 'db', { ...props, workloadSelector: { app: 'mysql' }, subjectAltNames: ['spiffe://cluster.local/ns/vm/sa/mysql'] });
    expect(synthValid(chart)[0].spec.workloadSelector).toEqual({ labels: { app: 'mysql' } });
    expect(() => new ServiceEntry(testChart(), 'se', { ...props, workloadSelector: { app: 'mysql' }, endpoints: [{ address: '10.0.0.5' }] }))
      .toThrow('[test/se] workloadSelector cannot be combined with endpoints (Istio accepts only one of them). Keep one of them');
  });

  test('fails when a port is listed twice', () => {
    const ports = [{ number: 80, protocol: PortProtocol.HTTP }, { number: 80, protocol: PortProtocol.TCP }];
    expect(() => new ServiceEntry(testChart(), 'se', { hosts: ['a'], ports, resolution: ServiceEntryResolution.DNS })).toThrow('ports[1].number 80 is listed twice');
  });
});
