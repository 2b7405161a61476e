import * as path from 'path';
import { MtlsExplainer } from '../src/analysis/explain';
import { ManifestReader } from '../src/analysis/yaml-reader';

const PAYMENTS = ManifestReader.readPaths([path.join(__dirname, 'fixtures', 'payments')]).map(l => l.manifest);

function pa(name: string, namespace: string, spec: any): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec };
}
function deployment(name: string, namespace: string, ports: number[]): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x', ports: ports.map(p => ({ name: `p${p}`, containerPort: p })) }] } } },
  };
}
function service(name: string, namespace: string, ports: any[]): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports } };
}
function dr(name: string, namespace: string, spec: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec };
}

describe('MtlsExplainer', () => {
  test('payments: production is STRICT through its namespace PeerAuthentication, monitoring PERMISSIVE by default', () => {
    expect(MtlsExplainer.format(MtlsExplainer.explain(PAYMENTS))).toEqual(`mesh-wide: PERMISSIVE (Istio default, no mesh-wide PeerAuthentication in istio-system)
namespace monitoring: PERMISSIVE (inherits mesh-wide)
namespace production: STRICT (PeerAuthentication production/default)
workload monitoring/prometheus: PERMISSIVE (inherits namespace monitoring)
  port 9090: PERMISSIVE (inherits workload)
workload production/frontend: STRICT (inherits namespace production)
  port 8080: STRICT (inherits workload)
workload production/payment-api-canary: STRICT (inherits namespace production)
  port 8080: STRICT (inherits workload)
  port 9090: STRICT (inherits workload)
workload production/payment-api-stable: STRICT (inherits namespace production)
  port 8080: STRICT (inherits workload)
  port 9090: STRICT (inherits workload)
DestinationRule TLS overrides:
  none
`);
  });

  test('precedence: workload selector over namespace over mesh-wide; UNSET inherits; port-level overrides', () => {
    // GIVEN mesh STRICT, namespace "legacy" UNSET, a workload policy PERMISSIVE with port 9090 DISABLE and 8080 UNSET
    const manifests = [
      pa('default', 'istio-system', { mtls: { mode: 'STRICT' } }),
      pa('default', 'legacy', { mtls: { mode: 'UNSET' } }),
      pa('old-app', 'legacy', { selector: { matchLabels: { app: 'old' } }, mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { 9090: { mode: 'DISABLE' }, 8080: { mode: 'UNSET' } } }),
      deployment('old', 'legacy', [8080, 9090]),
      deployment('new', 'legacy', [8080]),
    ];

    // WHEN
    const r = MtlsExplainer.explain(manifests);

    // THEN
    expect(r.mesh).toEqual({ mode: 'STRICT', source: 'PeerAuthentication istio-system/default' });
    expect(r.namespaces).toEqual([
      { namespace: 'istio-system', mode: 'STRICT', source: 'PeerAuthentication istio-system/default' },
      { namespace: 'legacy', mode: 'STRICT', source: 'PeerAuthentication legacy/default is UNSET: inherits mesh-wide' },
    ]);
    expect(r.workloads).toEqual([
      { workload: 'legacy/new', mode: 'STRICT', source: 'inherits namespace legacy', ports: [{ port: 8080, mode: 'STRICT', source: 'inherits workload' }] },
      {
        workload: 'legacy/old',
        mode: 'PERMISSIVE',
        source: 'PeerAuthentication legacy/old-app',
        ports: [
          { port: 8080, mode: 'PERMISSIVE', source: 'PeerAuthentication legacy/old-app portLevelMtls[8080] UNSET: inherits workload' },
          { port: 9090, mode: 'DISABLE', source: 'PeerAuthentication legacy/old-app portLevelMtls[9090]' },
        ],
      },
    ]);
  });

  test('portLevelMtls without a selector is ignored, and said so', () => {
    const r = MtlsExplainer.explain([pa('default', 'shop', { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }), deployment('cart', 'shop', [8080])]);
    expect(r.workloads[0].ports).toEqual([{ port: 8080, mode: 'STRICT', source: 'inherits workload' }]);
    expect(r.notes).toEqual(['PeerAuthentication shop/default: portLevelMtls without a selector is ignored']);
  });

  test('DestinationRule tls DISABLE towards a STRICT port breaks; towards a PERMISSIVE port it is a downgrade', () => {
    // GIVEN cart STRICT on 8080 (Service port 80 -> named target port p8080), PERMISSIVE on 9090
    const manifests = [
      pa('default', 'shop', { mtls: { mode: 'STRICT' } }),
      pa('cart-metrics', 'shop', { selector: { matchLabels: { app: 'cart' } }, portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } }),
      deployment('cart', 'shop', [8080, 9090]),
      service('cart', 'shop', [{ port: 80, targetPort: 'p8080' }, { port: 9090 }]),
      dr('cart-plain', 'web', { host: 'cart.shop.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } }),
    ];

    // WHEN
    const r = MtlsExplainer.explain(manifests);

    // THEN
    expect(r.overrides.map(o => [o.breaks, o.workload, o.port, o.serverMode])).toEqual([[true, 'shop/cart', 8080, 'STRICT'], [false, 'shop/cart', 9090, 'PERMISSIVE']]);
    expect(MtlsExplainer.format(r).split('\n').filter(l => l.startsWith('  BREAKS') || l.startsWith('  note'))).toEqual([
      '  BREAKS: DestinationRule web/cart-plain spec.trafficPolicy.tls.mode DISABLE -> shop/cart port 8080 (STRICT): clients send plaintext to a STRICT port: the server refuses it (connection reset, 503 UF/URX)',
      '  note: DestinationRule web/cart-plain spec.trafficPolicy.tls.mode DISABLE -> shop/cart port 9090 (PERMISSIVE): clients send plaintext, overriding auto mTLS; it works only while the port is PERMISSIVE, and breaks once it is STRICT',
    ]);
  });

  test('subset and port-level TLS settings apply only to their subset and port', () => {
    // GIVEN a SIMPLE TLS only for subset v2 on Service port 80
    const manifests = [
      pa('default', 'shop', { mtls: { mode: 'STRICT' } }),
      deployment('cart', 'shop', [8080]),
      service('cart', 'shop', [{ port: 80, targetPort: 8080 }]),
      dr('cart', 'shop', { host: 'cart', subsets: [{ name: 'v2', labels: { version: 'v2' }, trafficPolicy: { tls: { mode: 'SIMPLE' } } }] }),
    ];

    // THEN the only workload has no version label: nothing to report
    expect(MtlsExplainer.explain(manifests).overrides).toEqual([]);
  });

  test('DestinationRules reach the Services their host covers: exact, short, wildcard and `*`, and only those', () => {
    // GIVEN cart in shop (STRICT) and ledger in billing (PERMISSIVE by default), and four DestinationRules
    const manifests = [
      pa('default', 'shop', { mtls: { mode: 'STRICT' } }),
      deployment('cart', 'shop', [8080]),
      service('cart', 'shop', [{ port: 80, targetPort: 8080 }]),
      deployment('ledger', 'billing', [8080]),
      service('ledger', 'billing', [{ port: 80, targetPort: 8080 }]),
      dr('shop-plain', 'shop', { host: '*.shop.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } }),
      dr('everything', 'istio-system', { host: '*', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
      dr('ledger-short', 'shop', { host: 'ledger', trafficPolicy: { tls: { mode: 'DISABLE' } } }),
      dr('ledger-fqdn', 'web', { host: 'ledger.billing.svc.cluster.local', trafficPolicy: { tls: { mode: 'SIMPLE' } } }),
    ];

    // WHEN
    const r = MtlsExplainer.explain(manifests);

    // THEN "ledger" in shop names ledger.shop.svc.cluster.local, which is no Service here
    expect(r.overrides.map(o => `${o.breaks ? 'BREAKS' : 'ok'} ${o.destinationRule} ${o.clientMode} -> ${o.workload}:${o.port} (${o.serverMode})`)).toEqual([
      'BREAKS shop/shop-plain DISABLE -> shop/cart:8080 (STRICT)',
      'ok istio-system/everything ISTIO_MUTUAL -> billing/ledger:8080 (PERMISSIVE)',
      'ok istio-system/everything ISTIO_MUTUAL -> shop/cart:8080 (STRICT)',
      'ok web/ledger-fqdn SIMPLE -> billing/ledger:8080 (PERMISSIVE)',
    ]);
  });
});

describe('MtlsExplainer on Linkerd', () => {
  const ns = (name: string, policy?: string): any => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, annotations: { 'linkerd.io/inject': 'enabled', ...(policy ? { 'config.linkerd.io/default-inbound-policy': policy } : {}) } },
  });

  test('reads the default inbound policy, not PeerAuthentication, and says so', () => {
    // GIVEN a Linkerd-only app: one namespace all-authenticated, one on the cluster default
    const manifests = [ns('secure', 'all-authenticated'), ns('open'), deployment('api', 'secure', [8080]), deployment('web', 'open', [8080])];
    // WHEN
    const text = MtlsExplainer.format(MtlsExplainer.explain(manifests));
    // THEN
    expect(text).toEqual([
      'mesh-wide: PERMISSIVE (Linkerd cluster default inbound policy all-unauthenticated: plaintext admitted)',
      'namespace open: PERMISSIVE (Linkerd default inbound policy all-unauthenticated (cluster default): plaintext admitted)',
      'namespace secure: STRICT (Linkerd default inbound policy all-authenticated (namespace secure annotation, config.linkerd.io/default-inbound-policy): plaintext refused)',
      'workload open/web: PERMISSIVE (Linkerd default inbound policy all-unauthenticated (cluster default): plaintext admitted)',
      '  port 8080: PERMISSIVE (Linkerd default inbound policy all-unauthenticated (cluster default): plaintext admitted)',
      'workload secure/api: STRICT (Linkerd default inbound policy all-authenticated (namespace secure annotation, config.linkerd.io/default-inbound-policy): plaintext refused)',
      '  port 8080: STRICT (Linkerd default inbound policy all-authenticated (namespace secure annotation): plaintext refused)',
      'DestinationRule TLS overrides:',
      '  none',
      'note: Linkerd-only manifests: modes are Linkerd\'s inbound policy (STRICT: plaintext refused, PERMISSIVE: plaintext admitted); the cluster default all-unauthenticated is assumed (an install may set proxy.defaultInboundPolicy)',
      '',
    ].join('\n'));
  });

  test('a port whose Server admits only MeshTLS identities is STRICT; one with an unauthenticated policy PERMISSIVE', () => {
    // GIVEN
    const server = (name: string, port: number, accessPolicy?: string): any => ({
      apiVersion: 'policy.linkerd.io/v1beta3',
      kind: 'Server',
      metadata: { name, namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'api' } }, port, ...(accessPolicy ? { accessPolicy } : {}) },
    });
    const manifests = [
      ns('shop'), deployment('api', 'shop', [8080, 9090, 9990]),
      server('api-http', 8080), server('api-admin', 9090, 'all-unauthenticated'),
      { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: 'web', namespace: 'shop' }, spec: { identities: ['*'] } },
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'api-http', namespace: 'shop' },
        spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'web' }] },
      },
    ];
    // WHEN
    const ports = MtlsExplainer.explain(manifests).workloads[0].ports.map(p => `${p.port} ${p.mode} ${p.source}`);
    // THEN
    expect(ports).toEqual([
      '8080 STRICT Linkerd Server shop/api-http: plaintext refused',
      '9090 PERMISSIVE Linkerd Server shop/api-admin accessPolicy all-unauthenticated: plaintext admitted',
      '9990 PERMISSIVE Linkerd default inbound policy all-unauthenticated (cluster default): plaintext admitted',
    ]);
  });
});
