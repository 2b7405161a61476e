import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { AnalysisFinding, analyzeManifests } from '../src/analysis';

/**
 * `analyze` on the YAML of ../shared/seeds (the "Mesh Engineer" guide and the service-mesh plugin README), as
 * issue 5 asks: the pack must report the seeds' real problems and nothing else.
 */
const SEEDS = path.join(__dirname, '..', '..', 'shared', 'seeds');

/** Every object in the seeds' ```yaml blocks, read with YAML 1.1 scalars as kubectl reads them. */
function seedManifests(): any[] {
  const manifests: any[] = [];
  for (const file of fs.readdirSync(SEEDS).sort()) {
    const text = fs.readFileSync(path.join(SEEDS, file), 'utf-8');
    for (const block of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
      for (const doc of parseAllDocuments(block[1], { version: '1.1' })) {
        expect(doc.errors).toEqual([]);
        manifests.push(doc.toJS());
      }
    }
  }
  return manifests;
}

const brief = (f: AnalysisFinding) => `${f.ruleId} ${f.severity} ${f.kind}/${f.namespace}/${f.name} ${f.path}`;

describe('analyzeManifests on the seeds', () => {
  const manifests = seedManifests();
  // The plugin README's `outlierDetection:` block is a fragment of a DestinationRule, not a manifest:
  // analyzing it would (rightly) report a document without apiVersion and kind.
  const findings = analyzeManifests(manifests.filter(m => m?.kind));

  test('the seeds hold the objects the guide shows (the README\'s outlierDetection fragment is not an object)', () => {
    expect(manifests.filter(m => m?.kind).map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'PeerAuthentication/default',
      'VirtualService/payment-api',
      'DestinationRule/payment-api',
      'AuthorizationPolicy/deny-all',
      'AuthorizationPolicy/allow-frontend-to-payment',
      'AuthorizationPolicy/allow-prometheus-scrape',
      'ServiceProfile/payment-api.production.svc.cluster.local',
    ]);
  });

  test('reports exactly the seeds\' real problems', () => {
    expect(findings.map(brief)).toEqual([
      // The ServiceProfile's GET route carries retryBudget, a field routes do not have: the API server prunes it
      // (validation engine) and the profile runs on Linkerd's default budget (MESH110 explains the mesh meaning).
      'MESH001 error ServiceProfile/production/payment-api.production.svc.cluster.local spec.routes[1].retryBudget',
      'MESH110 warning ServiceProfile/production/payment-api.production.svc.cluster.local spec.routes[1].retryBudget',
      // The canary header route matches every method and has no retries field: Istio's default policy
      // (2 attempts) retries its POSTs to /api/payments.
      'MESH101 error VirtualService/production/payment-api spec.http[0]',
      // The same route has no timeout, and Istio's default is disabled: a slow canary holds callers forever.
      'MESH103 warning VirtualService/production/payment-api spec.http[0]',
      // `fault:` with its whole body commented out is null: the API server drops it on create
      // (PruneNonNullableNullsWithoutDefaults), so nothing is lost, but the line does nothing.
      'MESH001 warning VirtualService/production/payment-api spec.http[1].fault',
      // The 90/10 route matches every method and retries 3 times on 5xx,reset,connect-failure,retriable-4xx:
      // a payment POST can be applied up to 4 times. (Its tries fit: 5s × 4 = 20s ≤ 30s, so no MESH102.)
      'MESH101 error VirtualService/production/payment-api spec.http[1].retries',
    ]);
  });

  test('reports nothing about what is right: the deny-all plus ALLOW policies, outlier detection at 50%, the profile name', () => {
    // deny-all has no workload in the manifests to strand (MESH105); every ALLOW rule names a source (MESH106);
    // production is not an ambient namespace (MESH107); maxEjectionPercent 50 with minHealthPercent 50 and no
    // Service in the manifests cannot eject every host (MESH104); the profile name is the FQDN (MESH108); its
    // only retryable route is GET (MESH109).
    const quiet = ['MESH102', 'MESH104', 'MESH105', 'MESH106', 'MESH107', 'MESH108', 'MESH109', 'MESH111', 'MESH112'];
    expect(findings.filter(f => quiet.includes(f.ruleId))).toEqual([]);
  });
});
