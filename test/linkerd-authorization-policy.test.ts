import { ApiObject, Testing } from 'cdk8s';
import { HttpMethod } from '../src/core/http-method';
import { PathMatch, RouteParent } from '../src/gateway-api';
import { AuthenticationRef, AuthorizationPolicy, GrpcRoute, HttpRoute, HttpRouteApiGroup, MeshTlsAuthentication, NetworkAuthentication, PolicyTarget, Server, ServerPort } from '../src/linkerd';
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

  test('targets an HTTPRoute construct attached to a Server, in either API group', () => {
    // GIVEN
    const { chart, server, mta } = fixtures();
    const policyRoute = new HttpRoute(chart, 'Reads', {
      metadata: { name: 'payments-reads' },
      apiGroup: HttpRouteApiGroup.POLICY,
      parents: [RouteParent.server(server)],
      rules: [{ matches: [{ path: PathMatch.prefix('/api/payments'), method: HttpMethod.GET }] }],
    });
    const gatewayRoute = new HttpRoute(chart, 'Health', { metadata: { name: 'payments-health' }, parents: [RouteParent.server(server)], rules: [{ matches: [{ path: PathMatch.exact('/healthz') }] }] });

    // WHEN
    new AuthorizationPolicy(chart, 'ReadsPolicy', { target: PolicyTarget.httpRoute(policyRoute), requiredAuthentications: [AuthenticationRef.meshTls(mta)] });
    new AuthorizationPolicy(chart, 'HealthPolicy', { target: PolicyTarget.httpRoute(gatewayRoute), allowUnauthenticated: true });

    // THEN
    const policies = synthValid(chart).filter(o => o.kind === 'AuthorizationPolicy');
    expect(policies.map(p => p.spec.targetRef)).toEqual([
      { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'payments-reads' },
      { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'payments-health' },
    ]);
  });

  test('targets a GRPCRoute construct and a Namespace object', () => {
    const chart = testChart('production');
    const server = new Server(chart, 'Grpc', { metadata: { name: 'ledger-grpc' }, podSelector: { app: 'ledger' }, port: ServerPort.number(9090) });
    const route = new GrpcRoute(chart, 'Ledger', { metadata: { name: 'ledger-reads' }, parents: [RouteParent.server(server)], rules: [{ matches: [{ service: 'payments.v1.Ledger' }] }] });
    const nsChart = testChart();
    const ns = new ApiObject(nsChart, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'production' } });
    new AuthorizationPolicy(chart, 'RoutePolicy', { target: PolicyTarget.grpcRoute(route), allowUnauthenticated: true });
    new AuthorizationPolicy(chart, 'NsPolicy', { target: PolicyTarget.namespaceObject(ns), requiredAuthentications: [AuthenticationRef.serviceAccount('prometheus', 'monitoring')] });
    const policies = synthValid(chart).filter(o => o.kind === 'AuthorizationPolicy');
    expect(policies.map(p => p.spec.targetRef)).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', name: 'ledger-reads' },
      { kind: 'Namespace', name: 'production' },
    ]);
    expect(synthValid(nsChart)).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'production' } }]);
  });

  test('fails when the target route has only Service parents', () => {
    const chart = testChart('production');
    const route = new HttpRoute(chart, 'Outbound', { metadata: { name: 'payments' }, parents: [RouteParent.service('payments', 8080)] });
    expect(() => new AuthorizationPolicy(chart, 'Policy', { target: PolicyTarget.httpRoute(route), allowUnauthenticated: true }))
      .toThrow('[test/Policy] target must be a route with a Server parent, got HTTPRoute "payments" with only Service parents. Linkerd authorizes inbound traffic per Server, and a route attached to a Service describes outbound traffic: attach the route to the Server with RouteParent.server(), or target the Server');
  });

  test('fails when the target route or Namespace object is of another namespace, or not a Namespace', () => {
    const { chart, server } = fixtures('staging');
    const route = new HttpRoute(chart, 'Route', { metadata: { name: 'web' }, parents: [RouteParent.server(server)] });
    expect(() => new AuthorizationPolicy(testChart('production'), 'Policy', { target: PolicyTarget.httpRoute(route), allowUnauthenticated: true }))
      .toThrow('[test/Policy] target must be in the policy\'s namespace "production", got HTTPRoute "staging/web"');
    const ns = new ApiObject(testChart(), 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'staging' } });
    expect(() => new AuthorizationPolicy(testChart('production'), 'Policy', { target: PolicyTarget.namespaceObject(ns), allowUnauthenticated: true }))
      .toThrow('[test/Policy] target must be the policy\'s own namespace "production", got Namespace "staging"');
    const cm = new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => PolicyTarget.namespaceObject(cm)).toThrow('[test/Cm] namespace must be a Namespace ApiObject, got a ConfigMap. Pass the Namespace\'s generated object (ApiObject.of(ns) for a cdk8s-plus Namespace), or name it with PolicyTarget.namespace(name)');
    expect(() => PolicyTarget.namespaceObject('production' as any))
      .toThrow('[PolicyTarget.namespaceObject] namespace must be a Namespace ApiObject, got "production". Pass the Namespace\'s generated object (ApiObject.of(ns) for a cdk8s-plus Namespace), or name it with PolicyTarget.namespace(name)');
  });

  test('fails when its only required authentication is a NetworkAuthentication that admits every address', () => {
    // GIVEN
    const chart = testChart('production');
    const everyone = new NetworkAuthentication(chart, 'Everyone', { metadata: { name: 'everyone' }, networks: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] });

    // WHEN
    new AuthorizationPolicy(chart, 'Policy', { target: PolicyTarget.serverNamed('web'), requiredAuthentications: [AuthenticationRef.network(everyone)] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow('[test/Policy] requiredAuthentications must not be only a NetworkAuthentication that admits every IPv4 and IPv6 address, got "everyone". A source address identifies no client, so the policy authorizes every client, meshed or not: also require a MeshTlsAuthentication or ServiceAccount, narrow the networks, or set allowUnauthenticated: true');
  });

  test('fails when networks that together hold every IPv4 address are the only requirement', () => {
    const chart = testChart('production');
    const halves = new NetworkAuthentication(chart, 'Halves', { metadata: { name: 'halves' }, networks: [{ cidr: '128.0.0.0/1' }, { cidr: '0.0.0.0/1', except: ['10.0.0.0/8'] }, { cidr: '10.0.0.0/8' }] });
    new AuthorizationPolicy(chart, 'Policy', { target: PolicyTarget.serverNamed('web'), requiredAuthentications: [AuthenticationRef.network(halves)] });
    expect(() => Testing.synth(chart)).toThrow('[test/Policy] requiredAuthentications must not be only a NetworkAuthentication that admits every IPv4 address, got "halves"');
  });

  test('accepts a network of every address with an identity, with allowUnauthenticated, or narrowed by an exception', () => {
    // GIVEN
    const { chart, mta } = fixtures();
    const everyone = new NetworkAuthentication(chart, 'Everyone', { metadata: { name: 'everyone' }, networks: [{ cidr: '0.0.0.0/0' }] });
    const external = new NetworkAuthentication(chart, 'External', { metadata: { name: 'external' }, networks: [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }] });

    // WHEN
    new AuthorizationPolicy(chart, 'Meshed', { target: PolicyTarget.serverNamed('web'), requiredAuthentications: [AuthenticationRef.network(everyone), AuthenticationRef.meshTls(mta)] });
    new AuthorizationPolicy(chart, 'Open', { target: PolicyTarget.serverNamed('health'), requiredAuthentications: [AuthenticationRef.network(everyone)], allowUnauthenticated: true });
    new AuthorizationPolicy(chart, 'Outside', { target: PolicyTarget.serverNamed('public'), requiredAuthentications: [AuthenticationRef.network(external)] });

    // THEN
    expect(synthValid(chart).filter(o => o.kind === 'AuthorizationPolicy').map(p => p.spec.requiredAuthenticationRefs.map((r: any) => r.name)))
      .toEqual([['everyone', 'frontend'], ['everyone'], ['external']]);
  });
});
