import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function se(name: string, namespace: string, protocol: string, exportTo?: string[]): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name, namespace },
    spec: { hosts: ['db.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 5432, name: `p-${name}`, protocol }], ...(exportTo ? { exportTo } : {}) },
  };
}

describe('IST0177', () => {
  test('fires once on each ServiceEntry of a host and port defined with different protocols', () => {
    expect(findingsOf('IST0177', [se('a', 'prod', 'TCP'), se('b', 'web', 'tls', ['.'])])).toEqual([
      'spec.ports: ServiceEntry prod/a and the other entries of prod/a, web/b define host db.example.com port 5432 with different protocols (TCP, TLS): the proxy uses one of them (Multiple ServiceEntries (prod/a, web/b) define the same host "db.example.com" and port 5432 with conflicting protocols (TCP, TLS).)',
      'spec.ports: ServiceEntry web/b and the other entries of prod/a, web/b define host db.example.com port 5432 with different protocols (TCP, TLS): the proxy uses one of them (Multiple ServiceEntries (prod/a, web/b) define the same host "db.example.com" and port 5432 with conflicting protocols (TCP, TLS).)',
    ]);
  });

  test('silent on the same protocol in another case, or entries no namespace sees together', () => {
    expectSilent('IST0177', [se('a', 'prod', 'TCP'), se('b', 'web', 'tcp')]);
    expectSilent('IST0177', [se('a', 'prod', 'TCP', ['.']), se('b', 'web', 'TLS', ['.'])]);
  });
});
