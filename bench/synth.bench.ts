/**
 * `npx projen bench`: synthesis and validation cost at N = 100, 1,000 and 5,000 services.
 *
 * Per service: a VirtualService, a DestinationRule, an AuthorizationPolicy and a Linkerd
 * ServiceProfile; per namespace (50 services each): a PeerAuthentication. Every path builds one App
 * with one Chart (charts per service are quadratic: never).
 *
 * Each measurement runs in a fresh child process (a warm-up, then the median of three runs), so times
 * and memory do not leak between them.
 * Reported as ratios to a plain YAML dump of the same objects, plus per-service cost across N.
 */
import { fork } from 'child_process';
import { stringify } from 'yaml';
import { App, ApiObject, Chart } from 'cdk8s';
import { analyzeManifests, validateManifests } from '../src/analysis';
import { Duration } from 'cdk8s';
import { HttpMethod, istio, linkerd } from '../src';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number);
const PER_NAMESPACE = 50;

/** The manifests of service `i`, as plain JSON. */
export function serviceManifests(i: number): any[] {
  const ns = `team-${Math.floor(i / PER_NAMESPACE)}`;
  const name = `svc-${i}`;
  const meta = { name, namespace: ns };
  const objects: any[] = [
    {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta,
      spec: {
        hosts: [name],
        http: [
          { name: 'reads', match: [{ method: { exact: 'GET' } }], route: [{ destination: { host: name, subset: 'stable' }, weight: 90 }, { destination: { host: name, subset: 'canary' }, weight: 10 }], retries: { attempts: 2, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream,unavailable' }, timeout: '10s' },
          { name: 'writes', route: [{ destination: { host: name, subset: 'stable' }, weight: 100 }], retries: { attempts: 0 }, timeout: '10s' },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta,
      spec: {
        host: name,
        trafficPolicy: { outlierDetection: { consecutive5xxErrors: 10, interval: '60s', baseEjectionTime: '30s', maxEjectionPercent: 50 } },
        subsets: [{ name: 'stable', labels: { version: 'stable' } }, { name: 'canary', labels: { version: 'canary' } }],
      },
    },
    {
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta,
      spec: {
        selector: { matchLabels: { app: name } }, action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/frontend`] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }],
      },
    },
    {
      apiVersion: 'linkerd.io/v1alpha2', kind: 'ServiceProfile', metadata: { name: `${name}.${ns}.svc.cluster.local`, namespace: ns },
      spec: {
        routes: [{ name: 'GET /api/{id}', condition: { method: 'GET', pathRegex: '^/api/[^/]*$' }, isRetryable: true, timeout: '5s' }],
        retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' },
      },
    },
  ];
  if (i % PER_NAMESPACE === 0) {
    objects.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns }, spec: { mtls: { mode: 'STRICT' } } });
  }
  return objects;
}

/** Service `i` through the library's own constructs: the same objects as `serviceManifests(i)`. */
function meshConstructs(chart: Chart, i: number) {
  const ns = `team-${Math.floor(i / PER_NAMESPACE)}`;
  const name = `svc-${i}`;
  const metadata = { name, namespace: ns };
  const vs = new istio.VirtualService(chart, `vs${i}`, { metadata, hosts: [name] });
  const split = [{ host: name, subset: 'stable', weight: 90 }, { host: name, subset: 'canary', weight: 10 }];
  vs.addHttpRoute({
    name: 'reads',
    matches: [{ method: istio.StringMatch.exact('GET') }],
    destinations: split,
    retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: [istio.RetryOn.CONNECT_FAILURE, istio.RetryOn.REFUSED_STREAM, istio.RetryOn.UNAVAILABLE] },
    timeout: Duration.seconds(10),
  });
  vs.addHttpRoute({ name: 'writes', destinations: [{ host: name, subset: 'stable', weight: 100 }], timeout: Duration.seconds(10) });
  new istio.DestinationRule(chart, `dr${i}`, {
    metadata,
    host: name,
    trafficPolicy: { outlierDetection: { consecutive5xxErrors: 10, interval: Duration.seconds(60), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 } },
    subsets: [{ name: 'stable', labels: { version: 'stable' } }, { name: 'canary', labels: { version: 'canary' } }],
  });
  new istio.AuthorizationPolicy(chart, `ap${i}`, {
    metadata,
    selector: { matchLabels: { app: name } },
    action: istio.AuthorizationAction.ALLOW,
    rules: [{ sources: [{ principals: [`cluster.local/ns/${ns}/sa/frontend`] }], operations: [{ methods: ['GET'], paths: ['/api/*'] }] }],
  });
  const profile = new linkerd.ServiceProfile(chart, `sp${i}`, { service: { name, namespace: ns } });
  profile.addRoute({ name: 'GET /api/{id}', condition: linkerd.RequestMatch.methodAndPath(HttpMethod.GET, '^/api/[^/]*$'), timeout: Duration.seconds(5) });
  if (i % PER_NAMESPACE === 0) new istio.PeerAuthentication(chart, `pa${i}`, { metadata: { name: 'default', namespace: ns } });
}

function allManifests(n: number): any[] {
  const out: any[] = [];
  for (let i = 0; i < n; i++) out.push(...serviceManifests(i));
  return out;
}

/** The paths being compared. Each returns the YAML text, so no path skips its printer. */
const PATHS: Record<string, (n: number) => string> = {
  'yaml dump (baseline)': n => allManifests(n).map(o => stringify(o)).join('---\n'),
  'cdk8s ApiObject': n => {
    const app = new App();
    const chart = new Chart(app, 'bench');
    allManifests(n).forEach((o, i) => new ApiObject(chart, `o${i}`, o));
    return app.synthYaml();
  },
  'cdk8s-mesh constructs': n => {
    const app = new App();
    const chart = new Chart(app, 'bench');
    for (let i = 0; i < n; i++) meshConstructs(chart, i);
    return app.synthYaml();
  },
  'analysis pack (rules + schema)': n => {
    const findings = analyzeManifests(allManifests(n));
    return String(findings.length);
  },
  'validation engine': n => {
    const manifests = allManifests(n);
    const findings = validateManifests(manifests).filter(f => f.severity === 'error');
    if (findings.length > 0) throw new Error(`bench manifests are invalid: ${JSON.stringify(findings[0])}`);
    return String(manifests.length);
  },
};

interface Sample { ms: number; heapMb: number; objects: number }

function measure(path: string, n: number): Sample {
  (global as any).gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  PATHS[path](n);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const heapMb = Math.max(0, process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  return { ms, heapMb, objects: allManifests(n).length };
}

function runChild(path: string, n: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', path, String(n)], { execArgv: process.execArgv });
    child.on('message', m => resolve(m as Sample));
    child.on('exit', code => (code === 0 ? undefined : reject(new Error(`${path} at N=${n} exited with ${code}`))));
  });
}

async function main() {
  const rows: string[][] = [['path', 'N', 'objects', 'time ms', 'x baseline', 'ms/service', 'heap MB', 'x baseline heap']];
  const results: Record<string, Record<number, Sample>> = {};
  for (const n of SIZES) {
    for (const path of Object.keys(PATHS)) {
      const sample = await runChild(path, n);
      (results[path] ??= {})[n] = sample;
    }
  }
  for (const path of Object.keys(PATHS)) {
    for (const n of SIZES) {
      const s = results[path][n];
      const base = results['yaml dump (baseline)'][n];
      rows.push([path, String(n), String(s.objects), s.ms.toFixed(0), (s.ms / base.ms).toFixed(2),
        (s.ms / n).toFixed(3), s.heapMb.toFixed(1), base.heapMb > 0 ? (s.heapMb / base.heapMb).toFixed(2) : '-']);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));

  const largest = SIZES[SIZES.length - 1];
  const smallest = SIZES[0];
  console.log('');
  for (const path of Object.keys(PATHS)) {
    const growth = (results[path][largest].ms / largest) / (results[path][smallest].ms / smallest);
    console.log(`${path}: per-service cost at N=${largest} is ${growth.toFixed(2)}x that at N=${smallest} (1.0 = linear)`);
  }
  const v = results['validation engine'][largest];
  console.log(`validation engine throughput: ${Math.round(v.objects / (v.ms / 1000))} objects/s (${v.objects} objects in ${v.ms.toFixed(0)} ms)`);
}

if (process.argv[2] === '--child') {
  const [path, n] = [process.argv[3], Number(process.argv[4])];
  measure(path, Math.min(n, 100)); // warm-up: JIT and lazy schema loading settle
  const runs = [measure(path, n), measure(path, n), measure(path, n)].sort((a, b) => a.ms - b.ms);
  process.send!(runs[1], () => process.exit(0)); // the median of three
} else {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
