import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function externalName(ports: any[]): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'prod' }, spec: { type: 'ExternalName', externalName: 'db.example.com', ports } };
}

describe('IST0150', () => {
  test('fires on an ExternalName Service port named tcp or naming no protocol (instead of IST0118)', () => {
    const manifests = [externalName([{ name: 'tcp', port: 5432 }, { name: 'pg', port: 5433 }])];
    expect(findingsOf('IST0150', manifests).map(f => f.split(' (')[0])).toEqual([
      'spec.ports[0]: ExternalName Service prod/db port 5432',
      'spec.ports[1]: ExternalName Service prod/db port 5433',
    ]);
    expect(findingsOf('IST0118', manifests)).toEqual([]);
  });

  test('silent on ports named after their protocol', () => {
    expectSilent('IST0150', [externalName([{ name: 'tls-pg', port: 5432 }, { name: 'https', port: 443 }])]);
  });
});
