/**
 * Determinism: the same program synthesizes byte-identical YAML in one process and across processes (another
 * process has another hash seed, start time and module load order: nothing may depend on them).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const PROGRAM = `
const { App, Chart, Duration, Testing, Yaml } = require('cdk8s');
const m = require(${JSON.stringify(path.join(ROOT, 'lib'))});
const out = [];
for (const [name, mesh] of [['istio', m.Mesh.istio()], ['gamma', m.Mesh.istio({ dialect: m.IstioDialect.GAMMA, meshDefaultRetriesDisabled: true })], ['linkerd', m.Mesh.linkerd()]]) {
  const app = Testing.app();
  const chart = new Chart(app, name, { namespace: 'production' });
  new m.StrictMtlsNamespace(chart, 'ns', { mesh, namespace: 'production' });
  new m.CanaryService(chart, 'canary', {
    mesh, service: 'payment-api', port: 80, targetPort: 8080, canaryWeight: 10,
    stableSelector: { app: 'payment-api', version: 'stable' }, canarySelector: { app: 'payment-api', version: 'canary' },
    headerOverride: { name: 'x-canary', value: 'true' }, timeout: Duration.seconds(30),
  });
  const authz = new m.ZeroTrustAuthz(chart, 'authz', { mesh, allow: [
    { sources: [m.Identity.serviceAccount('frontend', 'production')], to: { labels: { app: 'payment-api' }, ports: [8080] }, methods: [m.HttpMethod.GET, m.HttpMethod.POST], paths: ['/api/payments', '/api/payments/*'] },
    { sources: [m.Identity.namespace('batch')], to: { labels: { app: 'payment-api' }, ports: [8080] }, methods: [m.HttpMethod.GET] },
  ] });
  authz.allowMonitoring({ ports: [9090] });
  if (mesh.isIstio) new m.IngressGateway(chart, 'ingress', { mesh, name: 'shop', hosts: ['shop.example.com'], tlsSecret: 'tls', routes: [{ service: 'frontend', port: 80 }, { pathPrefix: '/api', service: 'payment-api', port: 80 }] });
  out.push(Yaml.stringify(...chart.toJson()));
}
process.stdout.write(out.join('\\n---\\n'));
`;

function run(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-determinism-'));
  const file = path.join(dir, 'program.js');
  fs.writeFileSync(file, PROGRAM);
  return execFileSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
}

describe('determinism', () => {
  test('two processes synthesize byte-identical YAML', () => {
    const first = run();
    const second = run();
    expect(first.length).toBeGreaterThan(1000);
    expect(second).toBe(first);
  });
});
