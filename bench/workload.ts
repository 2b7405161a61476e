/**
 * One benchmark workload, run as a whole process by `synth.bench.ts` (transpiled to `.bench/workload.js`, so
 * it loads the compiled library from `lib/` as a user's app does, without ts-node in the measurement):
 *
 *   node .bench/workload.js <path> <services> <outdir>
 *
 * Per service: a VirtualService with two weighted routes, a DestinationRule with subsets and outlier detection,
 * an AuthorizationPolicy and a Linkerd ServiceProfile; per namespace (50 services): a PeerAuthentication.
 * Every path builds one App with one Chart (a chart per service is quadratic in cdk8s: never).
 */
import * as fs from 'fs';
import * as path from 'path';

const PER_NAMESPACE = 50;

/** The manifests of service `i`, as plain JSON. */
export function serviceManifests(i: number): any[] {
  const ns = `team-${Math.floor(i / PER_NAMESPACE)}`;
  const name = `svc-${i}`;
  const meta = { name, namespace: ns };
  const objects: any[] = [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: meta,
      spec: {
        hosts: [name],
        http: [
          {
            name: 'reads',
            match: [{ method: { exact: 'GET' } }],
            route: [{ destination: { host: name, subset: 'stable' }, weight: 90 }, { destination: { host: name, subset: 'canary' }, weight: 10 }],
            retries: { attempts: 2, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream,unavailable' },
            timeout: '10s',
          },
          { name: 'writes', route: [{ destination: { host: name, subset: 'stable' }, weight: 100 }], retries: { attempts: 0 }, timeout: '10s' },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: meta,
      spec: {
        host: name,
        trafficPolicy: { outlierDetection: { consecutive5xxErrors: 10, interval: '60s', baseEjectionTime: '30s', maxEjectionPercent: 50 } },
        subsets: [{ name: 'stable', labels: { version: 'stable' } }, { name: 'canary', labels: { version: 'canary' } }],
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta,
      spec: {
        selector: { matchLabels: { app: name } },
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/frontend`] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }],
      },
    },
    {
      apiVersion: 'linkerd.io/v1alpha2',
      kind: 'ServiceProfile',
      metadata: { name: `${name}.${ns}.svc.cluster.local`, namespace: ns },
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

export function allManifests(n: number): any[] {
  const out: any[] = [];
  for (let i = 0; i < n; i++) out.push(...serviceManifests(i));
  return out;
}

/* eslint-disable @typescript-eslint/no-require-imports */
type Lib = typeof import('../lib');
// Loaded when a workload first needs them (the floor loads neither), then held: `require` is no free lookup.
let libModule: Lib | undefined;
let cdk8sModule: typeof import('cdk8s') | undefined;
const lib = (): Lib => (libModule ??= require(path.join(__dirname, '..', 'lib')));
const cdk8s = (): typeof import('cdk8s') => (cdk8sModule ??= require('cdk8s'));
/* eslint-enable @typescript-eslint/no-require-imports */

/** Service `i` through the library's constructs: the same objects as `serviceManifests(i)`. */
export function meshConstructs(m: Lib, chart: import('constructs').Construct, i: number) {
  const { Duration } = cdk8s();
  const { istio, linkerd, HttpMethod } = m;
  const ns = `team-${Math.floor(i / PER_NAMESPACE)}`;
  const name = `svc-${i}`;
  const metadata = { name, namespace: ns };
  const vs = new istio.VirtualService(chart, `vs${i}`, { metadata, hosts: [name] });
  vs.addHttpRoute({
    name: 'reads',
    matches: [{ method: istio.StringMatch.exact('GET') }],
    destinations: [{ host: name, subset: 'stable', weight: 90 }, { host: name, subset: 'canary', weight: 10 }],
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

function constructsApp(n: number, outdir: string, app?: import('cdk8s').App) {
  const m = lib();
  const a = app ?? new (cdk8s().App)({ outdir });
  const chart = new (cdk8s().Chart)(a, 'bench');
  for (let i = 0; i < n; i++) meshConstructs(m, chart, i);
  return a;
}

function requireClean(findings: { severity: string }[], what: string) {
  const errors = findings.filter(f => f.severity === 'error');
  if (errors.length > 0) throw new Error(`${what}: the bench objects have errors: ${JSON.stringify(errors[0])}`);
}

/** The workloads, by name. Each writes what a user's run would write (YAML files) or checks what it would check. */
export const WORKLOADS: Record<string, (n: number, outdir: string) => void> = {
  'floor': (n, outdir) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dump } = require('js-yaml') as typeof import('js-yaml');
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'floor.yaml'), allManifests(n).map(o => dump(o)).join('---\n'));
  },
  'cdk8s-apiobjects-synth': (n, outdir) => {
    const { App, Chart, ApiObject } = cdk8s();
    const app = new App({ outdir });
    const chart = new Chart(app, 'bench');
    allManifests(n).forEach((o, i) => new ApiObject(chart, `o${i}`, o));
    app.synth();
  },
  'cdk8s-apiobjects-meshapp': (n, outdir) => {
    const { Chart, ApiObject } = cdk8s();
    const app = new (lib().MeshApp)({ outdir, progress: false });
    const chart = new Chart(app, 'bench');
    allManifests(n).forEach((o, i) => new ApiObject(chart, `o${i}`, o));
    app.synth();
  },
  'constructs-synth': (n, outdir) => constructsApp(n, outdir).synth(),
  'constructs-addtoscope-synth': (n, outdir) => {
    const app = constructsApp(n, outdir);
    lib().analysis.MeshAnalyzer.addToScope(app);
    app.synth();
  },
  'constructs-meshapp': (n, outdir) => constructsApp(n, outdir, new (lib().MeshApp)({ outdir, progress: false })).synth(),
  'analyze-manifests': n => requireClean(lib().analysis.analyzeManifests(allManifests(n)), 'analyzeManifests'),
  'validate-manifests': n => requireClean(lib().analysis.validateManifests(allManifests(n)), 'validateManifests'),
  'require': () => {
    lib();
  },
};

if (require.main === module) {
  const [name, n, outdir] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
  const workload = WORKLOADS[name];
  if (!workload) throw new Error(`unknown workload ${name}: one of ${Object.keys(WORKLOADS).join(', ')}`);
  workload(n, outdir);
}
