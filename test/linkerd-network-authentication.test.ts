import { NetworkAuthentication } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('NetworkAuthentication', () => {
  test('renders networks with exceptions', () => {
    const chart = testChart('production');
    new NetworkAuthentication(chart, 'Cluster', { networks: [{ cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] }, { cidr: 'fd00::/8' }] });
    const [na] = synthValid(chart);
    expect(na.spec).toEqual({ networks: [{ cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] }, { cidr: 'fd00::/8' }] });
    expect(na).toMatchSnapshot();
  });

  test('fails when no network is given', () => {
    expect(() => new NetworkAuthentication(testChart('a'), 'N', { networks: [] }))
      .toThrow('[test/N] networks must list at least one network, got []. Linkerd\'s webhook refuses an empty list ("at least one network must be specified")');
  });

  test('fails when an exception negates the whole network', () => {
    expect(() => new NetworkAuthentication(testChart('a'), 'N', { networks: [{ cidr: '10.1.0.0/16', except: ['10.0.0.0/8'] }] }))
      .toThrow('[test/N] networks[0].except[0] must not negate the whole network, got "10.0.0.0/8" for cidr "10.1.0.0/16". Linkerd\'s webhook refuses it ("cidr \'10.1.0.0/16\' is completely negated by exception \'10.0.0.0/8\'")');
  });

  test('fails when an exception is outside the network', () => {
    expect(() => new NetworkAuthentication(testChart('a'), 'N', { networks: [{ cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] }] }))
      .toThrow('[test/N] networks[0].except[0] must be inside the network\'s cidr "10.0.0.0/8", got "192.168.0.0/16". Linkerd\'s webhook refuses it ("cidr \'10.0.0.0/8\' does not include exception \'192.168.0.0/16\'")');
  });

  test('fails when a cidr does not parse', () => {
    expect(() => new NetworkAuthentication(testChart('a'), 'N', { networks: [{ cidr: '10.0.0.256/8' }] }))
      .toThrow('[test/N] networks[0].cidr must be a CIDR such as "10.0.0.0/8" or an IP address, got "10.0.0.256/8"');
  });
});
