import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { analyzeManifests, FindingSeverity, formatAnalysisFinding } from '../src/analysis';
import { HttpMethod } from '../src/core/http-method';
import { IstioDialect, LinkerdRouting, Mesh } from '../src/core/mesh';
import { CanaryService, CanaryServiceProps } from '../src/patterns';
import { configurePropertyTests, synthValid, testChart } from './support/synth';

configurePropertyTests(fc);

const SEED: Omit<CanaryServiceProps, 'mesh'> = {
  service: 'payment-api',
  port: 80,
  targetPort: 8080,
  stableSelector: { app: 'payment-api', version: 'stable' },
  canarySelector: { app: 'payment-api', version: 'canary' },
  canaryWeight: 10,
  headerOverride: { name: 'x-canary', value: 'true' },
  timeout: Duration.seconds(30),
  retries: { attempts: 3, perTryTimeout: Duration.seconds(5), methods: [HttpMethod.GET] },
};

const DIALECTS: Array<[string, Mesh]> = [
  ['Istio classic', Mesh.istio()],
  ['Istio GAMMA', Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true })],
  ['Linkerd', Mesh.linkerd()],
];

function synth(props: CanaryServiceProps): any[] {
  const chart = testChart('production');
  new CanaryService(chart, 'canary', props);
  const manifests = synthValid(chart);
  const errors = analyzeManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatAnalysisFinding);
  expect(errors).toEqual([]);
  return manifests;
}

/** Where a request goes, read from the emitted objects as the mesh reads them. */
interface Decision {
  /** Percent per version. */
  readonly weights: { stable: number; canary: number };
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Request timeout. */
  readonly timeout: string;
}

function decideIstio(manifests: any[], method: string, headers: Record<string, string>): Decision {
  const vs = manifests.find(m => m.kind === 'VirtualService');
  const matches = (m: any) => (!m.method || m.method.exact === method)
    && Object.entries(m.headers ?? {}).every(([k, v]: [string, any]) => headers[k] === v.exact);
  const route = vs.spec.http.find((r: any) => !r.match || r.match.some(matches));
  const weights = { stable: 0, canary: 0 };
  for (const d of route.route) (weights as any)[d.destination.subset] = d.weight ?? 100;
  // With no `retries`, Istio's default policy would retry: the pattern must always render them.
  expect(route.retries).toBeDefined();
  return { weights, retries: route.retries.attempts, timeout: route.timeout };
}

function decideGateway(manifests: any[], method: string, headers: Record<string, string>): Decision {
  const candidates: Array<{ route: any; rule: any; match: any }> = [];
  for (const route of manifests.filter(m => m.kind === 'HTTPRoute')) {
    for (const rule of route.spec.rules) {
      for (const match of rule.matches ?? [{}]) {
        if (match.method && match.method !== method) continue;
        if (!(match.headers ?? []).every((h: any) => headers[h.name] === h.value)) continue;
        candidates.push({ route, rule, match });
      }
    }
  }
  // Gateway API precedence: a method match first, then the most header matches.
  candidates.sort((a, b) => (b.match.method ? 1 : 0) - (a.match.method ? 1 : 0) || (b.match.headers?.length ?? 0) - (a.match.headers?.length ?? 0));
  const { route, rule } = candidates[0];
  const total = rule.backendRefs.reduce((s: number, b: any) => s + (b.weight ?? 1), 0);
  const weights = { stable: 0, canary: 0 };
  for (const b of rule.backendRefs) (weights as any)[b.name.endsWith('-canary') ? 'canary' : 'stable'] = Math.round(100 * (b.weight ?? 1) / total);
  const limit = route.metadata.annotations?.['retry.linkerd.io/limit'];
  return { weights, retries: limit === undefined ? 0 : Number(limit), timeout: rule.timeouts.request };
}

const decide = (mesh: Mesh, manifests: any[], method: string, headers: Record<string, string>) =>
  (mesh.usesGatewayApi ? decideGateway : decideIstio)(manifests, method, headers);

describe('CanaryService', () => {
  test('Istio classic: one VirtualService and one DestinationRule, POST never retried', () => {
    // WHEN
    const manifests = synth({ ...SEED, mesh: Mesh.istio(), circuitBreaker: { consecutive5xxErrors: 10 } });

    // THEN
    expect(manifests.map(m => m.kind)).toEqual(['DestinationRule', 'VirtualService']);
    const [dr, vs] = manifests;
    expect(dr.spec.subsets).toEqual([
      { name: 'stable', labels: { app: 'payment-api', version: 'stable' } },
      { name: 'canary', labels: { app: 'payment-api', version: 'canary' } },
    ]);
    expect(dr.spec.trafficPolicy.outlierDetection.maxEjectionPercent).toBe(50);
    expect(vs.spec.http.map((r: any) => [r.name, r.retries.attempts])).toEqual([
      ['canary-override-retried', 3], ['canary-override', 0], ['retried', 3], ['split', 0],
    ]);
    expect(vs.spec.http[3].route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['stable', 90], ['canary', 10]]);
    expect(manifests).toMatchSnapshot();
  });

  test('Linkerd: per-version Services, a weighted HTTPRoute and a retried one for GET only', () => {
    // WHEN
    const manifests = synth({ ...SEED, mesh: Mesh.linkerd() });

    // THEN
    expect(manifests.map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/payment-api-stable', 'Service/payment-api-canary', 'HTTPRoute/payment-api', 'HTTPRoute/payment-api-retried',
    ]);
    const [stable, , main, retried] = manifests;
    expect(stable.spec.selector).toEqual({ app: 'payment-api', version: 'stable' });
    expect(main.metadata.annotations).toBeUndefined();
    expect(main.spec.rules[1].backendRefs).toEqual([{ name: 'payment-api-stable', port: 80, weight: 90 }, { name: 'payment-api-canary', port: 80, weight: 10 }]);
    expect(retried.metadata.annotations).toEqual({ 'retry.linkerd.io/http': '5xx', 'retry.linkerd.io/limit': '3', 'retry.linkerd.io/timeout': '5s' });
    expect(retried.spec.rules.flatMap((r: any) => r.matches.map((m: any) => m.method))).toEqual(['GET', 'GET']);
    expect(manifests).toMatchSnapshot();
  });

  test('Istio GAMMA: the same routes without Linkerd annotations', () => {
    const manifests = synth({ ...SEED, retries: undefined, mesh: Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true }) });
    expect(manifests.map(m => m.kind)).toEqual(['Service', 'Service', 'HTTPRoute']);
    expect(manifests[2].spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'payment-api', port: 80 }]);
  });

  test('stages: the pipeline promotes by changing one value', () => {
    const weights = [0, 1, 2, 3].map(stage => {
      const manifests = synth({ ...SEED, canaryWeight: undefined, stages: [5, 25, 50, 100], stage, mesh: Mesh.istio() });
      return decideIstio(manifests, 'POST', {}).weights.canary;
    });
    expect(weights).toEqual([5, 25, 50, 100]);
  });

  test('one intent decides every request the same way on every dialect', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 100 }),
      fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'),
      fc.boolean(),
      fc.subarray([HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT], { minLength: 1 }),
      (canaryWeight, method, withHeader, methods) => {
        const headers: Record<string, string> = withHeader ? { 'x-canary': 'true' } : {};
        const decisions = DIALECTS.map(([, mesh]) => {
          const retries = mesh.isIstio && mesh.usesGatewayApi ? undefined : { attempts: 2, methods };
          const d = decide(mesh, synth({ ...SEED, canaryWeight, retries, mesh }), method, headers);
          return { ...d, retries: retries === undefined ? undefined : d.retries };
        });
        const expected = withHeader ? { stable: 0, canary: 100 } : { stable: 100 - canaryWeight, canary: canaryWeight };
        for (const d of decisions) {
          expect(d.weights).toEqual(expected);
          expect(d.timeout).toBe('30s');
          if (d.retries !== undefined) expect(d.retries).toBe((methods as string[]).includes(method) ? 2 : 0);
        }
      }), { numRuns: 25 });
  });

  describe('refusals', () => {
    const make = (props: Partial<CanaryServiceProps>) => () => new CanaryService(testChart('production'), 'canary', { ...SEED, mesh: Mesh.istio(), ...props } as CanaryServiceProps);

    test('fails when a non-idempotent method is retried', () => {
      expect(make({ retries: { attempts: 2, methods: [HttpMethod.POST] } })).toThrow(
        '[test/canary] retries.methods[0] must be a safe or idempotent method (GET, HEAD, OPTIONS, TRACE, PUT, DELETE), got "POST"');
    });
    test('fails when the weight is out of range', () => {
      expect(make({ canaryWeight: 120 })).toThrow('[test/canary] canaryWeight must be an integer from 0 to 100, got 120');
    });
    test('fails on Linkerd ServiceProfiles, naming the alternative', () => {
      expect(make({ mesh: Mesh.linkerd({ routing: LinkerdRouting.SERVICE_PROFILE }) })).toThrow(
        /mesh is not supported on Linkerd \(ServiceProfile\): ServiceProfiles cannot split traffic.*Use Mesh.linkerd\(\)/);
    });
    test('fails on Istio GAMMA with retries', () => {
      expect(make({ mesh: Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true }) })).toThrow(
        /retries is not supported on Istio \(GAMMA\): the standard Gateway API channel/);
    });
    test('fails on Istio GAMMA unless the mesh default retry policy is stated off', () => {
      expect(make({ retries: undefined, mesh: Mesh.istio({ dialect: IstioDialect.GAMMA }) })).toThrow(
        /Istio applies its default retry policy .* to HTTPRoute rules, POST included/);
    });
    test('fails when stable and canary select the same pods', () => {
      expect(make({ canarySelector: { version: 'stable', app: 'payment-api' } })).toThrow('[test/canary] canarySelector must differ from stableSelector');
    });
    test('fails on an unknown key from untyped callers, naming the nearest known one', () => {
      expect(make({ canaryWieght: 10 } as any)).toThrow(/\[test\/canary\] canaryWieght .*canaryWeight/);
    });
    test('fails on a stage out of range', () => {
      expect(make({ canaryWeight: undefined, stages: [5, 50], stage: 2 })).toThrow('[test/canary] stage must be an index into stages, from 0 to 1, got 2');
    });
  });

  test('is deterministic', () => {
    const a = Testing.synth((() => { const c = testChart('production'); new CanaryService(c, 'canary', { ...SEED, mesh: Mesh.linkerd() }); return c; })());
    const b = Testing.synth((() => { const c = testChart('production'); new CanaryService(c, 'canary', { ...SEED, mesh: Mesh.linkerd() }); return c; })());
    expect(JSON.stringify(a)).toEqual(JSON.stringify(b));
  });
});
