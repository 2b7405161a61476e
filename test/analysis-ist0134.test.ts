import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function se(spec: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'postgres', namespace: 'prod' }, spec: { hosts: ['db.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ...spec } };
}

function ist0134(manifest: any): string[] {
  return ruleFindings('IST0134', [manifest]).map(f => `${f.path}: ${f.message}`);
}

describe('IST0134', () => {
  test('fires on each TCP or protocol-less port without addresses', () => {
    expect(ist0134(se({ ports: [{ number: 5432, name: 'tcp-pg', protocol: 'tcp' }, { number: 443, name: 'https', protocol: 'HTTPS' }, { number: 6432, name: 'pgbouncer' }] }))).toEqual([
      'spec.ports[0]: ServiceEntry prod/postgres has port 5432 (tcp-pg) with protocol tcp and no spec.addresses: TCP traffic is matched by destination IP, so without a virtual IP it cannot be routed to this entry (ServiceEntry addresses are required for this protocol.)',
      'spec.ports[2]: ServiceEntry prod/postgres has port 6432 (pgbouncer) with protocol unset and no spec.addresses: TCP traffic is matched by destination IP, so without a virtual IP it cannot be routed to this entry (ServiceEntry addresses are required for this protocol.)',
    ]);
  });

  test('silent with addresses, with allocated status addresses, or with application protocols', () => {
    expectSilent('IST0134', [se({ addresses: ['240.0.0.10'], ports: [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }] })]);
    expectSilent('IST0134', [{ ...se({ ports: [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }] }), status: { addresses: [{ value: '240.240.0.1' }] } }]);
    expectSilent('IST0134', [se({ ports: [{ number: 443, name: 'tls', protocol: 'TLS' }, { number: 80, name: 'http', protocol: 'HTTP' }] })]);
  });
});
