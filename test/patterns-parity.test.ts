/**
 * Keeps the README's parity tables true: for every row (a pattern, or a CanaryService intent) and every dialect
 * column, the pattern throws (naming the mesh) exactly when the cell says `refused`, and every kind the cell
 * names is among the objects it emits.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpMethod, Identity, IstioDialect, LinkerdRouting, Mesh } from '../src/core';
import { CanaryService, CanaryServiceProps, IngressGateway, RetryableRoute, StrictMtlsNamespace, TrafficMirror, ZeroTrustAuthz } from '../src/patterns';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const COLUMNS = ['Istio classic', 'Istio GAMMA', 'Linkerd (HTTPRoute)', 'Linkerd (ServiceProfile)'];
const MESHES: { [column: string]: Mesh } = {
  'Istio classic': Mesh.istio(),
  'Istio GAMMA': Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true }),
  'Linkerd (HTTPRoute)': Mesh.linkerd(),
  'Linkerd (ServiceProfile)': Mesh.linkerd({ routing: LinkerdRouting.SERVICE_PROFILE }),
};
/** Kinds a cell may name (word-bounded); a cell that names one (before any `refused`) promises it. */
const KINDS = ['VirtualService', 'DestinationRule', 'PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'Gateway', 'HTTPRoute',
  'Server', 'MeshTLSAuthentication', 'ServiceProfile', 'NetworkPolicy', 'Namespace'];

type Build = (scope: Construct, mesh: Mesh) => void;

const CANARY: CanaryServiceProps = {
  mesh: Mesh.istio(),
  service: 'payment-api',
  port: 80,
  targetPort: 8080,
  stableSelector: { app: 'payment-api', version: 'stable' },
  canarySelector: { app: 'payment-api', version: 'canary' },
  canaryWeight: 10,
};
const canary = (extra: Partial<CanaryServiceProps>): Build => (scope, mesh) => new CanaryService(scope, 'canary', { ...CANARY, ...extra, mesh });

/** The first table: CanaryService intents. */
const CANARY_ROWS: { [intent: string]: Build } = {
  'weighted split': canary({}),
  'header override': canary({ headerOverride: { name: 'x-canary', value: 'true' } }),
  'retries, safe methods only': canary({ retries: { attempts: 2, perTryTimeout: Duration.seconds(2), methods: [HttpMethod.GET] } }),
  'POST never retried': canary({}),
  'timeout': canary({ timeout: Duration.seconds(30) }),
  'circuit breaking': canary({ circuitBreaker: { consecutive5xxErrors: 5, maxEjectionPercent: 50 } }),
};

/** The second table: one typical intent per pattern. */
const PATTERN_ROWS: { [pattern: string]: Build } = {
  StrictMtlsNamespace: (scope, mesh) => new StrictMtlsNamespace(scope, 'ns', { mesh, namespace: 'production' }),
  RetryableRoute: (scope, mesh) => new RetryableRoute(scope, 'routes', {
    mesh,
    service: 'payment-api',
    port: 80,
    endpoints: [{ method: HttpMethod.POST, path: '/api/payments' }, { method: HttpMethod.GET, path: '/api/payments/*', retries: 2 }],
    // The budget is a sub-feature Linkerd's HTTPRoutes refuse (their cell says so after the semicolon).
    retryBudget: mesh.dialect === LinkerdRouting.HTTP_ROUTE ? undefined : { ratio: 0.2 },
  }),
  TrafficMirror: (scope, mesh) => new TrafficMirror(scope, 'mirror', { mesh, service: 'payment-api', port: 80, mirrorService: 'payment-api-shadow', percentage: 10 }),
  IngressGateway: (scope, mesh) => new IngressGateway(scope, 'ingress', {
    mesh, name: 'shop', hosts: ['shop.example.com'], tlsSecret: 'shop-tls', routes: [{ service: 'frontend', port: 80 }, { pathPrefix: '/api', service: 'payment-api', port: 80 }],
  }),
  ZeroTrustAuthz: (scope, mesh) => new ZeroTrustAuthz(scope, 'authz', {
    mesh,
    allow: [{ sources: [Identity.serviceAccount('frontend', 'production')], to: { labels: { app: 'payment-api' }, ports: [8080] }, methods: [HttpMethod.GET], paths: ['/api/*'] }],
  }),
};

/** The rows of the README table whose header row starts with `firstHeader`: first cell → the dialect cells. */
function table(firstHeader: string): Map<string, { [column: string]: string }> {
  const lines = README.split('\n');
  const start = lines.findIndex(l => l.startsWith(`| ${firstHeader} |`));
  if (start < 0) throw new Error(`README has no table starting with "${firstHeader}"`);
  const header = lines[start].split('|').slice(1, -1).map(c => c.trim());
  expect(header.slice(1)).toEqual(COLUMNS);
  const rows = new Map<string, { [column: string]: string }>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map(c => c.trim());
    const key = cells[0].startsWith('`') ? cells[0].slice(1, cells[0].indexOf('`', 1)) : cells[0];
    const byColumn: { [column: string]: string } = {};
    COLUMNS.forEach((c, i) => byColumn[c] = cells[i + 1]);
    // "same as GAMMA" / "same as classic" / "same as HTTPRoute" refer to another column of the row.
    for (const c of COLUMNS) {
      const same = /^same as (\w+)/.exec(byColumn[c]);
      if (same) byColumn[c] = byColumn[COLUMNS.find(o => o.includes(same[1]))!];
    }
    rows.set(key, byColumn);
  }
  return rows;
}

function outcome(build: Build, mesh: Mesh): { error?: string; kinds: string[] } {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
  try {
    build(chart, mesh);
  } catch (e) {
    return { error: (e as Error).message, kinds: [] };
  }
  return { kinds: Testing.synth(chart).map((o: any) => o.kind) };
}

function checkCell(build: Build, column: string, cell: string): void {
  const mesh = MESHES[column];
  const result = outcome(build, mesh);
  if (cell.startsWith('refused unless `meshDefaultRetriesDisabled`')) {
    expect(outcome(build, Mesh.istio({ dialect: IstioDialect.GAMMA })).error).toMatch(/is not supported on Istio \(GAMMA\).*meshDefaultRetriesDisabled/);
    expect(result.error).toBeUndefined();
    return;
  }
  if (cell.startsWith('refused')) {
    expect(result.error).toMatch(new RegExp(`is not supported on ${mesh.displayName.replace(/[()]/g, '\\$&')}`));
    return;
  }
  expect(result.error).toBeUndefined();
  // What the cell promises comes before any sub-feature it says is refused.
  const promised = cell.split('refused')[0];
  const named = KINDS.filter(k => new RegExp(`\\b${k}s?\\b`).test(promised.replace(/Gateway API/g, '')) || (k === 'Gateway' && /Gateway API `Gateway`/.test(promised)));
  expect(named.filter(k => !result.kinds.includes(k))).toEqual([]);
}

describe('README parity tables', () => {
  const canaryTable = table('intent');
  const patternTable = table('pattern');

  test('every CanaryService intent and every pattern has a row', () => {
    expect([...canaryTable.keys()]).toEqual(Object.keys(CANARY_ROWS));
    expect([...patternTable.keys()].sort()).toEqual(Object.keys(PATTERN_ROWS).sort());
  });

  for (const [rows, builds] of [[canaryTable, CANARY_ROWS], [patternTable, PATTERN_ROWS]] as const) {
    for (const key of Object.keys(builds)) {
      test.each(COLUMNS)(`${key} on %s is what the README says`, (column) => {
        checkCell(builds[key], column, rows.get(key)![column]);
      });
    }
  }
});
