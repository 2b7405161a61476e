import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { formatFinding, validateManifests } from '../src/analysis';
import * as flagger from '../src/flagger';
import { synthValid, testChart } from './support/synth';

const BASE: flagger.CanaryProps = {
  provider: flagger.CanaryProvider.ISTIO,
  targetDeployment: 'podinfo',
  port: 9898,
  analysis: { interval: Duration.seconds(30), threshold: 5, stepWeight: 10, maxWeight: 50 },
};

describe('flagger.Canary', () => {
  test('renders a Canary that passes the Flagger CRD schema', () => {
    // GIVEN
    const chart = testChart('test');

    // WHEN
    const canary = new flagger.Canary(chart, 'podinfo', {
      ...BASE,
      metadata: { name: 'podinfo' },
      timeout: Duration.millis(1500),
      retries: { attempts: 2, perTryTimeout: Duration.millis(500), retryOn: 'gateway-error' },
      progressDeadline: Duration.seconds(60),
      analysis: { ...BASE.analysis, metrics: [{ name: 'request-success-rate', min: 99, interval: Duration.minutes(1) }] },
    });

    // THEN
    const [m] = synthValid(chart);
    expect(m.apiVersion).toBe('flagger.app/v1beta1');
    expect(m.spec).toEqual({
      provider: 'istio',
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      progressDeadlineSeconds: 60,
      service: { port: 9898, timeout: '1.5s', retries: { attempts: 2, perTryTimeout: '0.5s', retryOn: 'gateway-error' } },
      analysis: { interval: '30s', threshold: 5, stepWeight: 10, maxWeight: 50, metrics: [{ name: 'request-success-rate', interval: '1m', thresholdRange: { min: 99 } }] },
    });
    expect(canary.name).toBe('podinfo');
    expect(ApiObject.of(canary)).toBe(canary.apiObject);
  });

  test('Gateway API provider: Gateway API durations and parents', () => {
    const chart = testChart('test');
    new flagger.Canary(chart, 'podinfo', {
      ...BASE,
      provider: flagger.CanaryProvider.GATEWAY_API_V1,
      timeout: Duration.seconds(90),
      gatewayRefs: [{ name: 'podinfo', group: '', kind: 'Service', port: 9898 }],
    });
    const [m] = synthValid(chart);
    expect(m.spec.provider).toBe('gatewayapi:v1');
    expect(m.spec.service.timeout).toBe('1m30s');
    expect(m.spec.service.gatewayRefs).toEqual([{ name: 'podinfo', group: '', kind: 'Service', port: 9898 }]);
  });

  test('the validation engine knows the kind: a field the CRD does not declare is reported', () => {
    // GIVEN a Canary with a misspelt field added through the escape hatch
    const chart = testChart('test');
    const canary = new flagger.Canary(chart, 'podinfo', BASE);
    canary.apiObject.addJsonPatch(JsonPatch.add('/spec/analysis/stepWieght', 5));

    // THEN
    const findings = validateManifests(Testing.synth(chart)).map(formatFinding);
    expect(findings.join('\n')).toMatch(/spec\.analysis\.stepWieght/);
  });

  describe('refusals', () => {
    const make = (props: Partial<flagger.CanaryProps>) => () => new flagger.Canary(testChart('test'), 'c', { ...BASE, ...props } as flagger.CanaryProps);

    test('fails unless exactly one of stepWeight, stepWeights and iterations is set (the CRD\'s oneOf)', () => {
      expect(make({ analysis: { interval: Duration.minutes(1), threshold: 5 } })).toThrow(
        '[test/c] analysis must set exactly one of stepWeight, stepWeights and iterations, got none');
      expect(make({ analysis: { interval: Duration.minutes(1), threshold: 5, stepWeight: 5, stepWeights: [5, 10] } })).toThrow(
        'got stepWeight and stepWeights');
    });
    test('fails on steps that do not increase', () => {
      expect(make({ analysis: { interval: Duration.minutes(1), threshold: 5, stepWeights: [10, 5] } })).toThrow(
        '[test/c] analysis.stepWeights must be a non-empty list of increasing integers from 1 to 100, got [10,5]');
    });
    test('fails on header matches with weight steps', () => {
      expect(make({ analysis: { ...BASE.analysis, matchHeaders: { 'x-canary': 'true' } } })).toThrow('[test/c] analysis.matchHeaders needs iterations (A/B testing)');
    });
    test('fails on a Gateway API provider without parents', () => {
      expect(make({ provider: flagger.CanaryProvider.GATEWAY_API_V1 })).toThrow('[test/c] gatewayRefs must list at least one parent with a Gateway API provider');
    });
    test('fails on retries with a provider that ignores them', () => {
      expect(make({ provider: flagger.CanaryProvider.LINKERD, retries: { attempts: 1 } })).toThrow("[test/c] retries is only read by Flagger's Istio provider, got provider linkerd");
    });
    test('fails on a metric without a threshold', () => {
      expect(make({ analysis: { ...BASE.analysis, metrics: [{ name: 'request-duration' }] } })).toThrow('[test/c] analysis.metrics[0] must set min or max');
    });
    test('fails on an unknown key from untyped callers', () => {
      expect(make({ targetDeploymnet: 'x' } as any)).toThrow(/targetDeploymnet .*targetDeployment/);
    });
  });
});
