import { Duration } from 'cdk8s';
import { AuthzExplainer, MeshConfigFile, OutboundTrafficPolicyMode, RouteExplainer } from '../src/analysis';
import { findingsOf } from './support/mesh-rule-fixtures';

const tcpEntry = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'ServiceEntry',
  metadata: { name: 'db', namespace: 'prod' },
  spec: { hosts: ['db.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }] },
};
const postRoute = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'payments', namespace: 'prod' },
  spec: { hosts: ['payments'], http: [{ match: [{ method: { exact: 'POST' } }], route: [{ destination: { host: 'payments' } }], timeout: '5s' }] },
};

describe('MeshConfigFile', () => {
  test('reads a MeshConfig document: DNS auto-allocation needs DNS capture too', () => {
    const mesh = MeshConfigFile.parse([
      'rootNamespace: mesh-root',
      'trustDomain: example.org',
      'trustDomainAliases: [old.example.org]',
      'outboundTrafficPolicy: {mode: REGISTRY_ONLY}',
      'defaultHttpRetryPolicy: {attempts: 0, perTryTimeout: 2s}',
      'defaultConfig:',
      '  proxyMetadata: {ISTIO_META_DNS_CAPTURE: "true", ISTIO_META_DNS_AUTO_ALLOCATE: "true"}',
    ].join('\n'));
    expect(mesh).toMatchObject({ rootNamespace: 'mesh-root', trustDomain: 'example.org', trustDomainAliases: ['old.example.org'], dnsAutoAllocate: true, outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY, defaultHttpRetryPolicy: { attempts: 0 } });
    expect(mesh.defaultHttpRetryPolicy?.perTryTimeout?.toMilliseconds()).toBe(2000);
    expect(MeshConfigFile.parse('defaultConfig: {proxyMetadata: {ISTIO_META_DNS_AUTO_ALLOCATE: "true"}}').dnsAutoAllocate).toBe(false);
  });

  test('reads the istio ConfigMap\'s data.mesh', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |\n    rootNamespace: mesh-root\n';
    expect(MeshConfigFile.parse(cm).rootNamespace).toBe('mesh-root');
  });

  test('fails when a field the analysis uses has the wrong type', () => {
    expect(() => MeshConfigFile.parse('outboundTrafficPolicy: {mode: DENY}', 'mesh.yaml')).toThrow('mesh.yaml: outboundTrafficPolicy.mode must be ALLOW_ANY or REGISTRY_ONLY, got "DENY"');
    expect(() => MeshConfigFile.parse('defaultHttpRetryPolicy: {attempts: -1}', 'mesh.yaml')).toThrow('mesh.yaml: defaultHttpRetryPolicy.attempts must be a non-negative integer, got -1');
    expect(() => MeshConfigFile.parse('- a', 'mesh.yaml')).toThrow('mesh.yaml: a mesh config must be a mapping, got a list');
  });
});

describe('AnalyzeOptions.meshConfig', () => {
  test('DNS auto-allocation silences IST0134', () => {
    expect(findingsOf('IST0134', [tcpEntry])).toHaveLength(1);
    expect(findingsOf('IST0134', [tcpEntry], { meshConfig: { dnsAutoAllocate: true } })).toEqual([]);
  });

  test('the default retry policy decides MESH101 for a route without retries', () => {
    expect(findingsOf('MESH101', [postRoute])).toHaveLength(1);
    expect(findingsOf('MESH101', [postRoute], { meshConfig: { defaultHttpRetryPolicy: { attempts: 0 } } })).toEqual([]);
    expect(findingsOf('MESH101', [postRoute], { meshConfig: { defaultHttpRetryPolicy: { attempts: 3, retryOn: '5xx', perTryTimeout: Duration.seconds(1) } } })[0]).toContain('3 attempts on 5xx');
  });

  test('the root namespace moves where DestinationRules are the fallback', () => {
    const dr = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'all', namespace: 'mesh-root' }, spec: { host: '*.example.com', subsets: [{ name: 'eu', labels: { region: 'eu' } }] } };
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'api', namespace: 'web' }, spec: { hosts: ['api.example.com'], http: [{ route: [{ destination: { host: 'api.example.com', subset: 'eu' } }] }] } };
    const other = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'x', namespace: 'other' }, spec: { host: 'api.example.com' } };
    expect(findingsOf('IST0101', [dr, vs, other], { meshConfig: { rootNamespace: 'mesh-root' } })).toEqual([]);
    // with the default root namespace, the exported rule of namespace other (no subsets) is as good as mesh-root's
    expect(findingsOf('IST0101', [other, dr, vs])).toHaveLength(1);
    expect(() => findingsOf('IST0101', [dr, vs], { istioRootNamespace: 'istio-system', meshConfig: { rootNamespace: 'mesh-root' } })).toThrow('istioRootNamespace (istio-system) and meshConfig.rootNamespace (mesh-root) disagree');
  });

  test('the trust domain and its aliases decide principals in explain authz', () => {
    const allow = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow', namespace: 'shop' }, spec: { rules: [{ from: [{ source: { principals: ['old.example.org/ns/web/sa/frontend'] } }] }] } };
    const request = { sourceNamespace: 'web', sourceServiceAccount: 'frontend', targetNamespace: 'shop', method: 'GET', path: '/', port: 8080 };
    expect(AuthzExplainer.explain([allow], request).istio.decision).toBe('DENY');
    const e = AuthzExplainer.explain([allow], request, { meshConfig: { trustDomain: 'example.org', trustDomainAliases: ['old.example.org'] } });
    expect(e.principal).toBe('example.org/ns/web/sa/frontend');
    expect(e.istio.decision).toBe('ALLOW');
  });

  test('the outbound traffic policy decides what explain route says of an unregistered external host', () => {
    const req = { namespace: 'shop', host: 'api.example.com', method: 'GET', path: '/' };
    expect(RouteExplainer.explain([], req).istio.notes.join('\n')).toContain('ALLOW_ANY the sidecar passes the request through');
    expect(RouteExplainer.explain([], req, { meshConfig: { outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY } }).istio.notes.join('\n')).toContain('REGISTRY_ONLY the sidecar answers 502 (BlackHoleCluster)');
  });
});
