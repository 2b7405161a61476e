import { expectSilent, findingsOf, ruleFindings } from './support/mesh-rule-fixtures';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'payments', namespace: 'prod' },
  spec: { selector: { matchLabels: { app: 'payments' } }, template: { metadata: { labels: { app: 'payments' } }, spec: { containers: [{ name: 'app', image: 'payments:1', ports: [{ name: 'http', containerPort: 8080 }] }] } } },
};
function server(port: number | string, matchLabels: Record<string, string> = { app: 'payments' }): any {
  return { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'payments-http', namespace: 'prod' }, spec: { podSelector: { matchLabels }, port, proxyProtocol: 'HTTP/1' } };
}

describe('MESH116', () => {
  test('fires on a Server port name no container of the selected pods declares', () => {
    expect(findingsOf('MESH116', [deployment, server('admin-http')])).toEqual([
      'spec.port: Server prod/payments-http is for port "admin-http", but no container of the workloads it selects (Deployment payments) declares a port of that name: Linkerd resolves a port name through the declared container ports, so the Server applies to nothing and the port keeps the default inbound policy',
    ]);
  });

  test('with wholeCluster, fires on a Server that selects no workload', () => {
    expect(ruleFindings('MESH116', [deployment, server('http', { app: 'ledger' })], { wholeCluster: true }).map(f => f.path)).toEqual(['spec.podSelector']);
  });

  test('silent on a declared port name, on any port number (Linkerd applies numbers as they are), and without the pods', () => {
    expectSilent('MESH116', [deployment, server('http')]);
    expectSilent('MESH116', [deployment, server(9090)]);
    expectSilent('MESH116', [server('admin-http')]);
  });
});
