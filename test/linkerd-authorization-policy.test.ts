import { Testing } from 'cdk8s';
import { AuthenticationRef, AuthorizationPolicy, MeshTlsAuthentication, NetworkAuthentication, PolicyTarget, Server, ServerPort } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

function fixtures(namespace = 'production') {
  const chart = testChart(namespace);
  const server = new Server(chart, 'Server', { metadata: { name: 'payments-http' }, podSelector: { app: 'payments' }, port: ServerPort.named('http') });
  const mta = new MeshTlsAuthentication(chart, 'Frontend', { metadata: { name: 'frontend' }, serviceAccounts: [{ name: 'frontend' }] });
  const na = new NetworkAuthentication(chart, 'Cluster', { metadata: { name: 'cluster' }, networks: [{ cidr: '10.0.0.0/8' }] });
  return { chart, server, mta, na };
}

describe('AuthorizationPolicy', () => {
  test('targets a Server and requires one MeshTLSAuthentication and one NetworkAuthentication', () => {
    // GIVEN
    const { chart, server, mta, na } = fixtures();

    // WHEN
    new AuthorizationPolicy(chart, 'Policy', {
      metadata: { name: 'frontend-to-payments' },
      target: PolicyTarget.server(server),
      requiredAuthentications: [AuthenticationRef.meshTls(mta), AuthenticationRef.network(na)],
    });

    // THEN
    const policy = synthValid(chart).find(o => o.kind === 'AuthorizationPolicy');
    expect(policy.spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'payments-http' },
      requiredAuthenticationRefs: [
        { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'frontend' },
        { group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'cluster' },
      ],
    });
    expect(policy).toMatchSnapshot();
  });

  test('targets its own namespace and a ServiceAccount of another', () => {
    const chart = testChart('production');
    new AuthorizationPolicy(chart, 'Policy', { target: PolicyTarget.namespace('production'), requiredAuthentications: [AuthenticationRef.serviceAccount('prometheus', 'monitoring')] });
    expect(synthValid(chart)[0].spec).toEqual({
      targetRef: { kind: 'Namespace', name: 'production' },
      requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }],
    });
  });

  test('allows every client only with allowUnauthenticated', () => {
    const chart = testChart('production');
    new AuthorizationPolicy(chart, 'Policy', { target: PolicyTarget.httpRouteNamed('health'), allowUnauthenticated: true });
    expect(synthValid(chart)[0].spec.requiredAuthenticationRefs).toEqual([]);
  });

  test('fails when no authentication is required and allowUnauthenticated is not set', () => {
    const chart = testChart('production');
    new AuthorizationPolicy(chart, 'Policy', { target: PolicyTarget.serverNamed('web') });
    expect(() => Testing.synth(chart)).toThrow('[test/Policy] requiredAuthentications must not be empty, got none. With no required authentication the policy authorizes every client, meshed or not: add one with addAuthentication(), or set allowUnauthenticated: true');
  });

  test('fails when a MeshTLSAuthentication and a ServiceAccount are combined', () => {
    const { chart, server, mta } = fixtures();
    const policy = new AuthorizationPolicy(chart, 'Policy', { target: PolicyTarget.server(server), requiredAuthentications: [AuthenticationRef.meshTls(mta)] });
    expect(() => policy.addAuthentication(AuthenticationRef.serviceAccount('web')))
      .toThrow('[test/Policy] requiredAuthentications[1] must not combine a MeshTLSAuthentication and a ServiceAccount. Linkerd\'s webhook refuses it ("a MeshTLSAuthentication and ServiceAccount may not be set together"): add the ServiceAccount to the MeshTLSAuthentication\'s serviceAccounts');
  });

  test('fails when two MeshTLSAuthentications, ServiceAccounts or NetworkAuthentications are set', () => {
    const { chart, server, mta, na } = fixtures();
    const p1 = new AuthorizationPolicy(chart, 'P1', { target: PolicyTarget.server(server), requiredAuthentications: [AuthenticationRef.meshTls(mta)] });
    expect(() => p1.addAuthentication(AuthenticationRef.meshTls(mta))).toThrow('[test/P1] requiredAuthentications[1] must not be a second MeshTLSAuthentication. Linkerd\'s webhook refuses it ("only a single MeshTLSAuthentication may be set")');
    const p2 = new AuthorizationPolicy(chart, 'P2', { target: PolicyTarget.server(server), requiredAuthentications: [AuthenticationRef.serviceAccount('a')] });
    expect(() => p2.addAuthentication(AuthenticationRef.serviceAccount('b'))).toThrow('[test/P2] requiredAuthentications[1] must not be a second ServiceAccount. Linkerd\'s webhook refuses it ("only a single ServiceAccount may be set")');
    const p3 = new AuthorizationPolicy(chart, 'P3', { target: PolicyTarget.server(server), requiredAuthentications: [AuthenticationRef.network(na)] });
    expect(() => p3.addAuthentication(AuthenticationRef.network(na))).toThrow('[test/P3] requiredAuthentications[1] must not be a second NetworkAuthentication. Linkerd\'s webhook refuses it ("only a single NetworkAuthentication may be set")');
  });

  test('fails when it targets another namespace', () => {
    expect(() => new AuthorizationPolicy(testChart('production'), 'Policy', { target: PolicyTarget.namespace('staging'), allowUnauthenticated: true }))
      .toThrow('[test/Policy] target must be the policy\'s own namespace "production", got Namespace "staging". Linkerd\'s webhook refuses it ("cannot target another namespace: staging"): create the policy in that namespace');
  });

  test('fails when it targets a Server of another namespace', () => {
    const { server } = fixtures('staging');
    expect(() => new AuthorizationPolicy(testChart('production'), 'Policy', { target: PolicyTarget.server(server), allowUnauthenticated: true }))
      .toThrow('[test/Policy] target must be in the policy\'s namespace "production", got Server "staging/payments-http". targetRef has no namespace: create the policy in the target\'s namespace');
  });
});
