import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { 'istio-injection': 'enabled' } } };
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
};
const svc = (name: string, port: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'prod' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port, targetPort: 8080 }] } });

describe('IST0137', () => {
  test('fires on a meshed Deployment whose Services send different ports to one targetPort', () => {
    expect(findingsOf('IST0137', [namespace, deployment, svc('web', 80), svc('web-alt', 8000)]).map(f => f.split(' (This')[0])).toEqual([
      'spec.template.metadata.labels: Deployment prod/web is selected by Services prod/web, prod/web-alt, which send ports 80, 8000 to one targetPort 8080',
    ]);
  });

  test('silent with one port per targetPort', () => {
    expectSilent('IST0137', [namespace, deployment, svc('web', 80), svc('web-again', 80)]);
  });
});
