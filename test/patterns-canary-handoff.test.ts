import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { analyzeManifests, FindingSeverity, formatAnalysisFinding } from '../src/analysis';
import { HttpMethod } from '../src/core/http-method';
import { IstioDialect, Mesh } from '../src/core/mesh';
import { CanaryHandOff, CanaryService, CanaryServiceProps } from '../src/patterns';
import { configurePropertyTests, expectValid, testChart } from './support/synth';

configurePropertyTests(fc);

const BASE: Omit<CanaryServiceProps, 'mesh' | 'handOff'> = {
  service: 'payment-api',
  port: 80,
  targetPort: 8080,
  timeout: Duration.seconds(30),
};

const POD = { podSelector: { app: 'payment-api' } };

const GAMMA = Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true });

/** Synthesizes the pattern; every object passes the validation engine (schema, CEL, no pruned field) and the pack. */
function synth(props: CanaryServiceProps): { manifests: any[]; canary: CanaryService } {
  const chart = testChart('production');
  const canary = new CanaryService(chart, 'canary', props);
  const manifests = Testing.synth(chart);
  expectValid(manifests);
  const errors = analyzeManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatAnalysisFinding);
  expect(errors).toEqual([]);
  return { manifests, canary };
}

/** A Rollout that uses the pattern's traffic routing, as a user would write it. */
function rollout(canary: CanaryService, steps?: any[]): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'payment-api', namespace: 'production' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'payment-api' } },
      template: {
        metadata: { labels: { app: 'payment-api' } },
        spec: { containers: [{ name: 'api', image: 'example.com/payment-api:2.0.0', ports: [{ containerPort: 8080 }] }] },
      },
      strategy: { canary: { trafficRouting: canary.argoTrafficRouting(), ...(steps ? { steps } : {}) } },
    },
  };
}

describe('CanaryService hand-off', () => {
  describe('Flagger', () => {
    test('Istio classic: one Canary, provider istio, stages as stepWeights, no retries on any method', () => {
      // WHEN
      const { manifests, canary } = synth({
        ...BASE,
        mesh: Mesh.istio(),
        stages: [5, 25, 50],
        circuitBreaker: { consecutive5xxErrors: 5 },
        handOff: CanaryHandOff.flagger({ deployment: 'payment-api-v2', interval: Duration.seconds(30), threshold: 3 }),
      });

      // THEN only the Canary: Flagger owns the Services and routing objects
      expect(manifests.map(m => `${m.apiVersion}/${m.kind}`)).toEqual(['flagger.app/v1beta1/Canary']);
      const spec = manifests[0].spec;
      expect(spec.provider).toBe('istio');
      expect(spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'payment-api-v2' });
      expect(spec.service).toMatchObject({ name: 'payment-api', port: 80, targetPort: 8080, timeout: '30s', retries: { attempts: 0 } });
      expect(spec.service.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 5, interval: '60s', baseEjectionTime: '30s', maxEjectionPercent: 50 });
      expect(spec.service.gatewayRefs).toBeUndefined();
      expect(spec.analysis).toMatchObject({ interval: '30s', threshold: 3, stepWeights: [5, 25, 50] });
      expect(spec.analysis.stepWeight).toBeUndefined();
      expect(spec.analysis.maxWeight).toBeUndefined();
      expect(spec.analysis.metrics.map((m: any) => [m.name, m.thresholdRange])).toEqual([
        ['request-success-rate', { min: 99 }], ['request-duration', { max: 500 }],
      ]);
      expect(canary.resources.map(r => r.name)).toEqual(['payment-api']);
      expect([canary.stableWeight, canary.canaryWeight]).toEqual([100, 0]);
      expect(manifests).toMatchSnapshot();
    });

    test('without stages: stepWeight 10 up to maxWeight 50, or the given ones', () => {
      const defaults = synth({ ...BASE, mesh: Mesh.istio(), handOff: CanaryHandOff.flagger() }).manifests[0].spec;
      expect(defaults.analysis).toMatchObject({ interval: '1m', threshold: 5, stepWeight: 10, maxWeight: 50 });
      expect(defaults.targetRef.name).toBe('payment-api');
      const given = synth({ ...BASE, mesh: Mesh.istio(), handOff: CanaryHandOff.flagger({ stepWeight: 20, maxWeight: 80 }) }).manifests[0].spec;
      expect(given.analysis).toMatchObject({ stepWeight: 20, maxWeight: 80 });
    });

    test.each([
      ['Istio GAMMA', GAMMA],
      ['Linkerd', Mesh.linkerd()],
    ])('%s: provider gatewayapi:v1 with the Service as the HTTPRoute parent', (_, mesh) => {
      // WHEN
      const { manifests } = synth({ ...BASE, mesh, stages: [10, 50], handOff: CanaryHandOff.flagger() });

      // THEN
      expect(manifests).toHaveLength(1);
      const spec = manifests[0].spec;
      expect(spec.provider).toBe('gatewayapi:v1');
      expect(spec.service.gatewayRefs).toEqual([{ name: 'payment-api', group: '', kind: 'Service', port: 80 }]);
      expect(spec.service.timeout).toBe('30s');
      // Flagger's Gateway API router renders no retries: none are emitted for it to ignore
      expect(spec.service.retries).toBeUndefined();
      expect(spec.analysis.stepWeights).toEqual([10, 50]);
      if (mesh.isLinkerd) expect(manifests).toMatchSnapshot();
    });

    test('A/B testing: the header override becomes analysis.match with iterations', () => {
      // WHEN
      const { manifests } = synth({
        ...BASE,
        mesh: Mesh.istio(),
        headerOverride: { name: 'X-Canary', value: 'true' },
        handOff: CanaryHandOff.flagger({ iterations: 10 }),
      });

      // THEN
      const analysis = manifests[0].spec.analysis;
      expect(analysis.iterations).toBe(10);
      expect(analysis.match).toEqual([{ headers: { 'x-canary': { exact: 'true' } } }]);
      expect(analysis.stepWeight).toBeUndefined();
      expect(analysis.stepWeights).toBeUndefined();
    });

    test('custom metrics from MetricTemplates', () => {
      const { manifests } = synth({
        ...BASE,
        mesh: Mesh.linkerd(),
        handOff: CanaryHandOff.flagger({
          metrics: [{ name: 'success-rate', templateName: 'success-rate', templateNamespace: 'linkerd-viz', min: 99, interval: Duration.seconds(90) }],
          progressDeadline: Duration.minutes(5),
        }),
      });
      const spec = manifests[0].spec;
      expect(spec.analysis.metrics).toEqual([
        { name: 'success-rate', interval: '90s', thresholdRange: { min: 99 }, templateRef: { name: 'success-rate', namespace: 'linkerd-viz' } },
      ]);
      expect(spec.progressDeadlineSeconds).toBe(300);
    });

    describe('refusals', () => {
      const make = (props: Partial<CanaryServiceProps>) => () => new CanaryService(testChart('production'), 'canary',
        { ...BASE, mesh: Mesh.istio(), handOff: CanaryHandOff.flagger(), ...props } as CanaryServiceProps);

      test('fails when retries are given: Flagger retries every method', () => {
        expect(make({ retries: { attempts: 2, methods: [HttpMethod.GET] } })).toThrow(
          "[test/canary] retries is not supported with CanaryHandOff.flagger(): Flagger's service.retries applies to every method of the one route it generates, POST and PATCH included");
      });
      test('fails on a header override with weight steps, naming A/B testing', () => {
        expect(make({ headerOverride: { name: 'x-canary', value: 'true' } })).toThrow(
          /\[test\/canary\] headerOverride is not supported with Flagger weight steps: .*A\/B testing.*CanaryHandOff.flagger\(\{ iterations \}\)/);
      });
      test('fails on iterations without a header override', () => {
        expect(make({ handOff: CanaryHandOff.flagger({ iterations: 5 }) })).toThrow('[test/canary] handOff.iterations needs headerOverride');
      });
      test('fails when canaryWeight or stage is set: Flagger owns the weight', () => {
        expect(make({ canaryWeight: 10 })).toThrow('[test/canary] canaryWeight must not be set with handOff: Flagger owns the weight (it starts the canary at 0), got 10');
        expect(make({ stages: [5, 50], stage: 1 })).toThrow('[test/canary] stage must not be set with handOff: Flagger owns the weight');
      });
      test('fails when selectors are set: Flagger selects its Deployment\'s pods', () => {
        expect(make({ stableSelector: { version: 'stable' } })).toThrow(
          '[test/canary] stableSelector must not be set with handOff: Flagger tells the versions apart itself, got {"version":"stable"}. Flagger selects the pods of its Deployment');
      });
      test('fails on stages with stepWeight', () => {
        expect(make({ stages: [5, 50], handOff: CanaryHandOff.flagger({ stepWeight: 5 }) })).toThrow(
          '[test/canary] handOff.stepWeight must not be set with stages (they are the steps, rendered as analysis.stepWeights), got 5');
      });
      test('fails on a 0 stage', () => {
        expect(make({ stages: [0, 50] })).toThrow('[test/canary] stages must start above 0 with CanaryHandOff.flagger()');
      });
      test('fails on Istio GAMMA unless the mesh default retry policy is stated off', () => {
        expect(make({ mesh: Mesh.istio({ dialect: IstioDialect.GAMMA }) })).toThrow(/Istio applies its default retry policy .* to HTTPRoute rules, POST included/);
      });
      test('fails on a circuit breaker on Gateway API providers', () => {
        expect(make({ mesh: Mesh.linkerd(), circuitBreaker: {} })).toThrow(/circuitBreaker is not supported on Linkerd \(HTTPRoute\): Flagger's Gateway API provider/);
      });
      test('fails on an interval that is not whole seconds', () => {
        expect(make({ handOff: CanaryHandOff.flagger({ interval: Duration.millis(1500) }) })).toThrow(
          '[test/canary/Canary] analysis.interval must be a positive whole number of seconds, got 1500ms');
      });
    });
  });

  describe('Argo Rollouts', () => {
    test('Istio classic: stable/canary subsets, weighted routes at 100/0, the trafficRouting a Rollout accepts', () => {
      // WHEN
      const { manifests, canary } = synth({
        ...BASE,
        mesh: Mesh.istio(),
        stages: [5, 25, 50],
        headerOverride: { name: 'x-canary', value: 'true' },
        retries: { attempts: 2, methods: [HttpMethod.GET] },
        handOff: CanaryHandOff.argoRollouts({ podSelector: { app: 'payment-api' } }),
      });

      // THEN
      expect(manifests.map(m => m.kind)).toEqual(['DestinationRule', 'VirtualService']);
      const [dr, vs] = manifests;
      expect(dr.spec.subsets).toEqual([
        { name: 'stable', labels: { app: 'payment-api' } },
        { name: 'canary', labels: { app: 'payment-api' } },
      ]);
      expect(vs.spec.http.map((r: any) => [r.name, r.retries.attempts, r.route.map((d: any) => `${d.destination.subset}=${d.weight}`)])).toEqual([
        ['canary-override-retried', 2, ['canary=100']],
        ['canary-override', 0, ['canary=100']],
        ['retried', 2, ['stable=100', 'canary=0']],
        ['split', 0, ['stable=100', 'canary=0']],
      ]);
      const routing = canary.argoTrafficRouting();
      expect(routing).toEqual({
        istio: {
          virtualService: { name: 'payment-api', routes: ['retried', 'split'] },
          destinationRule: { name: 'payment-api', canarySubsetName: 'canary', stableSubsetName: 'stable' },
        },
      });
      // The routes Argo edits exist, and each names both subsets
      for (const name of routing.istio.virtualService.routes) {
        expect(vs.spec.http.find((r: any) => r.name === name).route.map((d: any) => d.destination.subset)).toEqual(['stable', 'canary']);
      }
      expect([canary.stableWeight, canary.canaryWeight]).toEqual([100, 0]);
      const steps = canary.argoSteps();
      expect(steps).toEqual([
        { setWeight: 5 }, { pause: {} }, { setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} },
      ]);
      // The Rollout the user writes with them is valid against Argo's CRD
      expectValid([rollout(canary, steps)]);
      // Not even a warning: the subsets carry the pod labels, and every route a timeout
      expect(analyzeManifests(manifests).map(formatAnalysisFinding)).toEqual([]);
      expect(manifests).toMatchSnapshot();
    });

    test('a timed pause; only the split route without retries', () => {
      const handOff = CanaryHandOff.argoRollouts({ ...POD, pause: Duration.minutes(2) });
      const { canary } = synth({ ...BASE, mesh: Mesh.istio(), stages: [20, 100], handOff });
      expect(canary.argoSteps()).toEqual([{ setWeight: 20 }, { pause: { duration: '120s' } }, { setWeight: 100 }, { pause: { duration: '120s' } }]);
      expect(canary.argoTrafficRouting().istio.virtualService.routes).toEqual(['split']);
      expectValid([rollout(canary, canary.argoSteps())]);
    });

    test('a Rollout with a misspelt traffic routing field is caught by the validation engine', () => {
      // GIVEN a check that the Rollout schema is really applied (not an unknown kind passing through)
      const { canary } = synth({ ...BASE, mesh: Mesh.istio(), handOff: CanaryHandOff.argoRollouts(POD) });
      const bad = rollout(canary);
      bad.spec.strategy.canary.trafficRouting.istio.virtualService.routez = ['split'];
      expect(() => expectValid([bad])).toThrow();
    });

    describe('refusals', () => {
      const make = (props: Partial<CanaryServiceProps>) => () => new CanaryService(testChart('production'), 'canary',
        { ...BASE, mesh: Mesh.istio(), handOff: CanaryHandOff.argoRollouts(POD), ...props } as CanaryServiceProps);

      test.each([
        ['Istio (GAMMA)', GAMMA],
        ['Linkerd (HTTPRoute)', Mesh.linkerd()],
      ])('fails on %s, naming the alternatives', (name, mesh) => {
        expect(make({ mesh })).toThrow(`[test/canary] handOff is not supported on ${name}: Argo Rollouts' built-in traffic routing edits Istio VirtualServices`);
        expect(make({ mesh })).toThrow(/Use Mesh.istio\(\) \(classic dialect\) with CanaryHandOff.argoRollouts\(\), or CanaryHandOff.flagger\(\)/);
      });
      test('fails on a pause that is not whole seconds', () => {
        expect(() => CanaryHandOff.argoRollouts({ ...POD, pause: Duration.millis(2500) })).toThrow(
          '[CanaryHandOff.argoRollouts] pause must be a Duration of a positive whole number of seconds, got 2500ms');
      });
      test('fails without the Rollout\'s pod labels', () => {
        expect(() => CanaryHandOff.argoRollouts({ podSelector: {} })).toThrow(
          '[CanaryHandOff.argoRollouts] podSelector must be a non-empty map of the Rollout\'s pod labels, got {}');
      });
      test('fails when canaryWeight is set: Argo owns the weight', () => {
        expect(make({ canaryWeight: 10 })).toThrow('[test/canary] canaryWeight must not be set with handOff: Argo Rollouts owns the weight');
      });
      test('fails when selectors are set, naming podSelector', () => {
        expect(make({ canarySelector: { version: 'canary' } })).toThrow(/canarySelector must not be set with handOff: .*CanaryHandOff.argoRollouts\(\{ podSelector \}\)/);
      });
      test('fails to give argoTrafficRouting() without the Argo hand-off', () => {
        const chart = testChart('production');
        const c = new CanaryService(chart, 'plain', { ...BASE, mesh: Mesh.istio(), stableSelector: { v: '1' }, canarySelector: { v: '2' } });
        expect(() => c.argoTrafficRouting()).toThrow('[test/plain] argoTrafficRouting() needs handOff: CanaryHandOff.argoRollouts(), got no handOff');
      });
      test('fails to give argoSteps() without stages', () => {
        const chart = testChart('production');
        const c = new CanaryService(chart, 'argo', { ...BASE, mesh: Mesh.istio(), handOff: CanaryHandOff.argoRollouts(POD) });
        expect(() => c.argoSteps()).toThrow('[test/argo] stages must be set for argoSteps(), got undefined');
      });
    });
  });

  test('fails on a handOff that is not a CanaryHandOff (untyped callers)', () => {
    expect(() => new CanaryService(testChart('production'), 'canary', { ...BASE, mesh: Mesh.istio(), handOff: 'flagger' } as any)).toThrow(/handOff/);
  });

  test('fails on an unknown option from untyped callers, naming the nearest known one', () => {
    expect(() => CanaryHandOff.flagger({ stepWieght: 5 } as any)).toThrow(/stepWieght .*stepWeight/);
    expect(() => CanaryHandOff.argoRollouts({ podSelectr: {} } as any)).toThrow(/podSelectr .*podSelector/);
  });

  test('fails without selectors when there is no hand-off', () => {
    expect(() => new CanaryService(testChart('production'), 'canary', { ...BASE, mesh: Mesh.istio() })).toThrow(
      '[test/canary] stableSelector must be a non-empty map of pod labels, got undefined');
  });

  test('the README example synthesizes valid objects', () => {
    // GIVEN the README's hand-off example, importing this checkout
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### Hand-off to Flagger or Argo Rollouts')))![1];
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-handoff-'));
    const source = code
      .replace(/from 'cdk8s-mesh'/g, `from ${JSON.stringify(path.join(__dirname, '..', 'src'))}`)
      .replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)} })`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    // WHEN
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', js)(require, {});
    // THEN
    const read = (f: string) => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map(d => d.toJS());
    expect(fs.readdirSync(outdir).sort()).toEqual(['argo.k8s.yaml', 'flagger.k8s.yaml']);
    const [flagger, argo] = [read('flagger.k8s.yaml'), read('argo.k8s.yaml')];
    expectValid([...flagger, ...argo]);
    expect(flagger.map(m => m.kind)).toEqual(['Canary']);
    expect(flagger[0].spec.provider).toBe('gatewayapi:v1');
    expect(argo.map(m => m.kind)).toEqual(['DestinationRule', 'VirtualService']);
  });

  test('any stages become the controller\'s steps, valid against its CRD, on every mesh it supports', () => {
    const stagesArb = fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }).map(a => [...a].sort((x, y) => x - y));
    fc.assert(fc.property(stagesArb, fc.constantFrom(Mesh.istio(), GAMMA, Mesh.linkerd()), (stages, mesh) => {
      // Flagger: analysis.stepWeights are the stages
      const flagger = synth({ ...BASE, mesh, stages, handOff: CanaryHandOff.flagger() }).manifests;
      expect(flagger[0].spec.analysis.stepWeights).toEqual(stages);
      // Argo Rollouts (Istio classic): one setWeight per stage, and the Rollout validates
      if (mesh.usesGatewayApi) return;
      const { canary } = synth({ ...BASE, mesh, stages, handOff: CanaryHandOff.argoRollouts(POD) });
      const steps = canary.argoSteps();
      expect(steps.filter(st => st.setWeight !== undefined).map(st => st.setWeight)).toEqual(stages);
      expectValid([rollout(canary, steps)]);
    }), { numRuns: 25 });
  });

  test('is deterministic', () => {
    const once = () => {
      const c = testChart('production');
      new CanaryService(c, 'canary', { ...BASE, mesh: Mesh.istio(), stages: [5, 50], handOff: CanaryHandOff.flagger() });
      return JSON.stringify(Testing.synth(c));
    };
    expect(once()).toEqual(once());
  });
});
