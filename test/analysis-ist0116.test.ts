import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { 'istio-injection': 'enabled' } } };
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'dns', namespace: 'prod' },
  spec: { selector: { matchLabels: { app: 'dns' } }, template: { metadata: { labels: { app: 'dns' } }, spec: { containers: [{ name: 'dns', image: 'dns:1' }] } } },
};
const svc = (name: string, protocol: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'prod' }, spec: { selector: { app: 'dns' }, ports: [{ name: `dns-${protocol.toLowerCase()}`, port: 53, protocol }] } });

describe('IST0116', () => {
  test('fires on a meshed Deployment whose Services use one port with two protocols', () => {
    expect(findingsOf('IST0116', [namespace, deployment, svc('dns-tcp', 'TCP'), svc('dns-udp', 'UDP')]).map(f => f.split(' (This')[0])).toEqual([
      'spec.template.metadata.labels: Deployment prod/dns is selected by Services prod/dns-tcp, prod/dns-udp, which use port 53 with different protocols (TCP, UDP)',
    ]);
  });

  test('silent when the Deployment is not meshed, or the protocols agree', () => {
    expectSilent('IST0116', [deployment, svc('dns-tcp', 'TCP'), svc('dns-udp', 'UDP')]);
    expectSilent('IST0116', [namespace, deployment, svc('a', 'TCP'), svc('b', 'TCP')]);
  });
});
