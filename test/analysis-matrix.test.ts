import * as path from 'path';
import { AccessDecision, AccessMatrix, MatrixFormat } from '../src/analysis/explain';
import { ManifestReader } from '../src/analysis/yaml-reader';

const PAYMENTS = ManifestReader.readPaths([path.join(__dirname, 'fixtures', 'payments')]).map(l => l.manifest);

function ap(name: string, spec: any, namespace = 'shop'): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec };
}
function deployment(name: string, sa: string, namespace = 'shop'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: sa, containers: [{ name, image: 'x' }] } } },
  };
}

describe('AccessMatrix', () => {
  describe('payments (the seed manifests)', () => {
    const matrix = AccessMatrix.compute(PAYMENTS);

    test('rows are the workloads\' service accounts, columns the workloads, cells summarise the L7 conditions', () => {
      expect(AccessMatrix.render(matrix, MatrixFormat.TABLE)).toEqual([
        'caller \\ workload      | monitoring/prometheus | production/frontend                                                   | production/payment-api-canary                                             | production/payment-api-stable',
        '-----------------------+-----------------------+-----------------------------------------------------------------------+---------------------------------------------------------------------------+--------------------------------------------------------------------------',
        'monitoring/prometheus  | allow                 | /metrics,/health ports 8080,9090 (production/allow-prometheus-scrape) | /metrics,/health ports 8080,9090 (production/allow-prometheus-scrape)     | /metrics,/health ports 8080,9090 (production/allow-prometheus-scrape)',
        'production/frontend    | allow                 | deny                                                                  | POST /api/payments,/api/payments/* (production/allow-frontend-to-payment) | POST /api/payments,/api/payments/* (production/allow-frontend-to-payment)',
        'production/payment-api | allow                 | deny                                                                  | deny                                                                      | deny',
        '',
      ].join('\n'));
      expect(matrix.cells.filter(c => c.decision === AccessDecision.CONDITIONAL).map(c => `${c.caller} -> ${c.workload}`)).toEqual([
        'monitoring/prometheus -> production/frontend',
        'monitoring/prometheus -> production/payment-api-canary',
        'monitoring/prometheus -> production/payment-api-stable',
        'production/frontend -> production/payment-api-canary',
        'production/frontend -> production/payment-api-stable',
      ]);
    });

    test('as Mermaid: allowed edges solid, conditional edges dotted and labelled, denied edges left out', () => {
      expect(AccessMatrix.render(matrix, MatrixFormat.MERMAID)).toEqual(`flowchart LR
  c0(["monitoring/prometheus"])
  c1(["production/frontend"])
  c2(["production/payment-api"])
  w0["monitoring/prometheus"]
  w1["production/frontend"]
  w2["production/payment-api-canary"]
  w3["production/payment-api-stable"]
  c0 --> w0
  c0 -.->|"/metrics,/health ports 8080,9090 (production/allow-prometheus-scrape)"| w1
  c0 -.->|"/metrics,/health ports 8080,9090 (production/allow-prometheus-scrape)"| w2
  c0 -.->|"/metrics,/health ports 8080,9090 (production/allow-prometheus-scrape)"| w3
  c1 --> w0
  c1 -.->|"POST /api/payments,/api/payments/* (production/allow-frontend-to-payment)"| w2
  c1 -.->|"POST /api/payments,/api/payments/* (production/allow-frontend-to-payment)"| w3
  c2 --> w0
`);
    });

    test('as DOT', () => {
      expect(AccessMatrix.render(matrix, MatrixFormat.DOT)).toEqual(`digraph access {
  rankdir=LR;
  "sa:monitoring/prometheus" [shape=ellipse, label="monitoring/prometheus"];
  "sa:production/frontend" [shape=ellipse, label="production/frontend"];
  "sa:production/payment-api" [shape=ellipse, label="production/payment-api"];
  "monitoring/prometheus" [shape=box];
  "production/frontend" [shape=box];
  "production/payment-api-canary" [shape=box];
  "production/payment-api-stable" [shape=box];
  "sa:monitoring/prometheus" -> "monitoring/prometheus";
  "sa:monitoring/prometheus" -> "production/frontend" [style=dashed, label="/metrics,/health ports 8080,9090 (production/allow-prometheus-scrape)"];
  "sa:monitoring/prometheus" -> "production/payment-api-canary" [style=dashed, label="/metrics,/health ports 8080,9090 (production/allow-prometheus-scrape)"];
  "sa:monitoring/prometheus" -> "production/payment-api-stable" [style=dashed, label="/metrics,/health ports 8080,9090 (production/allow-prometheus-scrape)"];
  "sa:production/frontend" -> "monitoring/prometheus";
  "sa:production/frontend" -> "production/payment-api-canary" [style=dashed, label="POST /api/payments,/api/payments/* (production/allow-frontend-to-payment)"];
  "sa:production/frontend" -> "production/payment-api-stable" [style=dashed, label="POST /api/payments,/api/payments/* (production/allow-frontend-to-payment)"];
  "sa:production/payment-api" -> "monitoring/prometheus";
}
`);
    });

    test('is deterministic: the same manifests in another order give the same bytes', () => {
      const reversed = AccessMatrix.compute([...PAYMENTS].reverse());
      for (const f of [MatrixFormat.TABLE, MatrixFormat.MERMAID, MatrixFormat.DOT]) {
        expect(AccessMatrix.render(reversed, f)).toEqual(AccessMatrix.render(matrix, f));
      }
    });
  });

  test('namespaces and principals named in policies become callers; unconditional DENY wins', () => {
    // GIVEN a workload, a policy naming namespace "batch" (no workloads) and principal ops/sa/admin, and a DENY
    const manifests = [
      deployment('cart', 'cart'),
      ap('allow', { rules: [{ from: [{ source: { namespaces: ['batch'] } }, { source: { principals: ['cluster.local/ns/ops/sa/admin'] } }] }] }),
      ap('deny-ops', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['ops'] } }] }] }),
    ];

    // WHEN
    const m = AccessMatrix.compute(manifests);

    // THEN
    expect(m.callers).toEqual(['batch/*', 'ops/admin', 'shop/cart']);
    expect(m.cells.map(c => `${c.caller}: ${c.decision} ${c.summary}`)).toEqual([
      'batch/*: allow allow (shop/allow)',
      'ops/admin: deny deny (shop/deny-ops)',
      'shop/cart: deny deny',
    ]);
  });

  test('a conditional DENY makes an allow conditional; JWT requirements become conditions', () => {
    // GIVEN
    const manifests = [
      deployment('cart', 'cart'),
      ap('jwt', { rules: [{ from: [{ source: { requestPrincipals: ['https://idp/*'] } }], to: [{ operation: { methods: ['GET'] } }] }] }),
      ap('no-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] }),
    ];

    // WHEN
    const [cell] = AccessMatrix.compute(manifests).cells;

    // THEN
    expect(cell).toEqual({ caller: 'shop/cart', workload: 'shop/cart', decision: AccessDecision.CONDITIONAL, summary: 'requestPrincipals https://idp/* GET; except /admin* (shop/jwt)' });
  });

  test('when conditions on the caller\'s identity (source.namespace, source.principal) are decided per caller; others stay as text', () => {
    // GIVEN cart allows GET from namespace web with a tenant header, and /health from its own principal
    const manifests = [
      deployment('cart', 'cart'),
      deployment('frontend', 'frontend', 'web'),
      ap('allow-cart', {
        selector: { matchLabels: { app: 'cart' } },
        rules: [
          { to: [{ operation: { methods: ['GET'] } }], when: [{ key: 'source.namespace', values: ['web'] }, { key: 'request.headers[x-tenant]', values: ['a'] }] },
          { to: [{ operation: { paths: ['/health'] } }], when: [{ key: 'source.principal', notValues: ['cluster.local/ns/web/*'] }] },
        ],
      }),
    ];

    // WHEN
    const m = AccessMatrix.compute(manifests);

    // THEN
    expect(m.cells.filter(c => c.workload === 'shop/cart').map(c => `${c.caller}: ${c.decision} ${c.summary}`)).toEqual([
      'shop/cart: conditional /health (shop/allow-cart)',
      'web/frontend: conditional GET when request.headers[x-tenant] in a (shop/allow-cart)',
    ]);
  });

  test('root-namespace policies apply to every namespace\'s workloads; targetRefs policies to none', () => {
    const manifests = [
      deployment('cart', 'cart'),
      deployment('ledger', 'ledger', 'billing'),
      ap('deny-batch', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['batch'] } }] }] }, 'istio-system'),
      ap('waypoint-only', { targetRefs: [{ kind: 'Service', group: '', name: 'cart' }], action: 'DENY', rules: [{}] }),
    ];
    const m = AccessMatrix.compute(manifests);
    expect(m.cells.map(c => `${c.caller} -> ${c.workload}: ${c.summary}`)).toEqual([
      'batch/* -> billing/ledger: deny (istio-system/deny-batch)',
      'batch/* -> shop/cart: deny (istio-system/deny-batch)',
      'billing/ledger -> billing/ledger: allow',
      'billing/ledger -> shop/cart: allow',
      'shop/cart -> billing/ledger: allow',
      'shop/cart -> shop/cart: allow',
    ]);
  });
});

describe('AccessMatrix on Linkerd', () => {
  const ns = (name: string, policy?: string): any => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, annotations: { 'linkerd.io/inject': 'enabled', ...(policy ? { 'config.linkerd.io/default-inbound-policy': policy } : {}) } },
  });
  const web = (name: string, sa: string, namespace: string): any => {
    const d = deployment(name, sa, namespace);
    d.spec.template.spec.containers[0].ports = [{ name: 'http', containerPort: 8080 }];
    return d;
  };

  test('a default-deny namespace denies every caller; the cluster default admits them', () => {
    // GIVEN
    const manifests = [ns('locked', 'deny'), ns('open'), web('api', 'api', 'locked'), web('web', 'web', 'open')];
    // WHEN
    const m = AccessMatrix.compute(manifests);
    // THEN
    const byCell = Object.fromEntries(m.cells.map(c => [`${c.caller} -> ${c.workload}`, `${c.decision}: ${c.summary}`]));
    expect(byCell).toEqual({
      'locked/api -> locked/api': 'deny: deny (Linkerd: default inbound policy deny (namespace locked annotation))',
      'locked/api -> open/web': 'allow: allow (Linkerd: default inbound policy all-unauthenticated (cluster default))',
      'open/web -> locked/api': 'deny: deny (Linkerd: default inbound policy deny (namespace locked annotation))',
      'open/web -> open/web': 'allow: allow (Linkerd: default inbound policy all-unauthenticated (cluster default))',
    });
  });

  test('a Server with an AuthorizationPolicy on a MeshTLSAuthentication admits only the named identity', () => {
    // GIVEN
    const manifests = [
      ns('shop', 'deny'), web('api', 'api', 'shop'), web('web', 'web', 'shop'), web('batch', 'batch', 'shop'),
      { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'api-http', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'api' } }, port: 'http' } },
      { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: 'web', namespace: 'shop' }, spec: { identities: ['web.shop.serviceaccount.identity.linkerd.cluster.local'] } },
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'api-from-web', namespace: 'shop' },
        spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'web' }] },
      },
    ];
    // WHEN
    const m = AccessMatrix.compute(manifests);
    // THEN
    const toApi = m.cells.filter(c => c.workload === 'shop/api').map(c => `${c.caller}: ${c.decision} ${c.summary}`);
    expect(toApi).toEqual([
      'shop/api: deny deny (Linkerd: Server shop/api-http)',
      'shop/batch: deny deny (Linkerd: Server shop/api-http)',
      'shop/web: allow allow (Linkerd: AuthorizationPolicy shop/api-from-web)',
    ]);
  });

  test('identities only MeshTLSAuthentications and AuthorizationPolicies name get rows (a caller outside the files)', () => {
    // GIVEN the only workload is api; the policies name callers whose workloads are not in the files
    const manifests = [
      ns('shop', 'deny'), web('api', 'api', 'shop'),
      { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'api-http', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'api' } }, port: 'http' } },
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'MeshTLSAuthentication',
        metadata: { name: 'callers', namespace: 'shop' },
        spec: { identities: ['web.shop.serviceaccount.identity.linkerd.cluster.local', '*.batch.serviceaccount.identity.linkerd.cluster.local'] },
      },
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'api-from-callers', namespace: 'shop' },
        spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'callers' }] },
      },
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'api-from-ops', namespace: 'shop' },
        spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }, requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: 'ops', namespace: 'tools' }] },
      },
    ];
    // WHEN
    const m = AccessMatrix.compute(manifests);
    // THEN each named identity is a row, decided by the policy that names it
    expect(m.callers).toEqual(['batch/*', 'shop/api', 'shop/web', 'tools/ops']);
    expect(m.cells.map(c => `${c.caller}: ${c.decision}`)).toEqual(['batch/*: allow', 'shop/api: deny', 'shop/web: allow', 'tools/ops: allow']);
  });

  test('Istio workloads beside Linkerd ones keep the Istio evaluation', () => {
    // GIVEN an Istio allow-nothing policy in shop, a Linkerd namespace elsewhere
    const manifests = [ap('deny-all', {}), deployment('cart', 'cart'), ns('edge'), web('proxy', 'proxy', 'edge')];
    // WHEN
    const m = AccessMatrix.compute(manifests);
    // THEN
    expect(m.cells.filter(c => c.caller === 'edge/proxy').map(c => `${c.workload}: ${c.summary}`)).toEqual([
      'edge/proxy: allow (Linkerd: default inbound policy all-unauthenticated (cluster default))',
      'shop/cart: deny',
    ]);
  });
});
