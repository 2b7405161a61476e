import { expectSilent, ruleFindings } from './support/mesh-rule-fixtures';

function ap(methods: string[]): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'allow-read', namespace: 'prod' },
    spec: { rules: [{ to: [{ operation: { methods } }] }] },
  };
}

function kia0102(manifest: any): string[] {
  return ruleFindings('KIA0102', [manifest]).map(f => `${f.path}: ${f.message}`);
}

describe('KIA0102', () => {
  test('fires on a method that is not an HTTP method', () => {
    expect(kia0102(ap(['GET', 'FETCH']))).toEqual([
      'spec.rules[0].to[0].operation.methods[1]: Only HTTP methods and fully-qualified gRPC names are allowed: spec.rules[0].to[0].operation.methods has "FETCH", '
        + 'which is not one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH, so it never matches',
    ]);
  });

  test('fires on a lower-case method (Istio compares case-sensitively)', () => {
    expect(kia0102(ap(['get']))).toEqual([
      'spec.rules[0].to[0].operation.methods[0]: Only HTTP methods and fully-qualified gRPC names are allowed: spec.rules[0].to[0].operation.methods has "get", '
        + 'but Istio compares methods case-sensitively, so it never matches GET',
    ]);
  });

  test('fires on a gRPC method name, which Istio compares with the HTTP method', () => {
    expect(kia0102(ap(['/payments.Ledger/Post']))).toHaveLength(1);
  });

  test('silent on HTTP methods and string matches that match one', () => {
    expectSilent('KIA0102', [ap(['GET', 'HEAD', 'P*', '*'])]);
  });
});
