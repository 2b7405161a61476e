import { Duration, Yaml } from 'cdk8s';
import { IstioApiVersion } from '../src/core/istio-api-version';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { Telemetry, IstioMetric, MetricTagOverride, TracingTag, WorkloadMode } = istio;

describe('Telemetry', () => {
  test('renders tracing, access logging and metrics', () => {
    // GIVEN
    const chart = testChart('shop');

    // WHEN
    new Telemetry(chart, 'default', {
      metadata: { name: 'default' },
      tracing: [{ providers: ['otel'], randomSamplingPercentage: 10 }],
      accessLogging: [{ providers: ['envoy'], filterExpression: 'response.code >= 400' }],
      metrics: [{ providers: ['prometheus'], reportingInterval: Duration.seconds(15) }],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.apiVersion).toEqual('telemetry.istio.io/v1');
    expect(obj.spec.accessLogging).toEqual([{ providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } }]);
  });

  test('emits v1alpha1 when targeting v1beta1 control planes', () => {
    const chart = testChart();
    new Telemetry(chart, 't', { apiVersion: IstioApiVersion.V1BETA1, tracing: [{ randomSamplingPercentage: 1 }] });
    expect(synthValid(chart)[0].apiVersion).toEqual('telemetry.istio.io/v1alpha1');
  });

  test('fails when nothing is configured or sampling is out of range', () => {
    expect(() => new Telemetry(testChart(), 't')).toThrow('[test/t] tracing, accessLogging and metrics are all absent, so the Telemetry changes nothing. Set at least one of them');
    expect(() => new Telemetry(testChart(), 't', { tracing: [{ randomSamplingPercentage: 101 }] })).toThrow('tracing[0].randomSamplingPercentage must be a number from 0 to 100, got 101');
  });

  test('renders metric overrides with tag upserts and removals, and custom tracing tags', () => {
    // GIVEN
    const chart = testChart('shop');

    // WHEN
    new Telemetry(chart, 'metrics', {
      metadata: { name: 'metrics' },
      selector: { matchLabels: { app: 'payments' } },
      metrics: [{
        providers: ['prometheus'],
        overrides: [
          { metric: IstioMetric.REQUEST_COUNT, mode: WorkloadMode.CLIENT, tagOverrides: { request_host: MetricTagOverride.upsert('request.host'), request_protocol: MetricTagOverride.remove() } },
          { metric: IstioMetric.REQUEST_SIZE, disabled: true },
          { customMetric: 'requests_total', tagOverrides: { build: MetricTagOverride.upsert('\'v1\'') } },
        ],
      }],
      tracing: [{
        mode: WorkloadMode.SERVER,
        customTags: {
          cluster: TracingTag.literal('east'),
          pod: TracingTag.environment('POD_NAME', 'unknown'),
          user: TracingTag.header('x-user'),
          upstream: TracingTag.formatter('%UPSTREAM_HOST%'),
        },
      }],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.metrics[0].overrides).toEqual([
      { match: { metric: 'REQUEST_COUNT', mode: 'CLIENT' }, tagOverrides: { request_host: { operation: 'UPSERT', value: 'request.host' }, request_protocol: { operation: 'REMOVE' } } },
      { match: { metric: 'REQUEST_SIZE' }, disabled: true },
      { match: { customMetric: 'requests_total' }, tagOverrides: { build: { operation: 'UPSERT', value: '\'v1\'' } } },
    ]);
    expect(obj.spec.tracing[0]).toEqual({
      match: { mode: 'SERVER' },
      customTags: {
        cluster: { literal: { value: 'east' } },
        pod: { environment: { name: 'POD_NAME', defaultValue: 'unknown' } },
        user: { header: { name: 'x-user' } },
        upstream: { formatter: { value: '%UPSTREAM_HOST%' } },
      },
    });
  });

  test('fails when a tag upsert is not a CEL expression, or a plain object replaces MetricTagOverride', () => {
    const t = (tagOverrides: any) => () => new Telemetry(testChart(), 't', { metrics: [{ overrides: [{ metric: IstioMetric.ALL_METRICS, tagOverrides }] }] });
    expect(t({ build: MetricTagOverride.upsert('string(destination.port') })).toThrow(
      '[test/t] metrics[0].overrides[0].tagOverrides.build.value "string(destination.port" is not a valid CEL expression');
    expect(t({ build: MetricTagOverride.upsert(' ') })).toThrow(
      '[test/t] metrics[0].overrides[0].tagOverrides.build.value must be a non-empty CEL expression for UPSERT, got " "');
    expect(t({ build: { operation: 'REMOVE', value: 'x' } })).toThrow(
      '[test/t] metrics[0].overrides[0].tagOverrides.build must be a MetricTagOverride, got {"operation":"REMOVE","value":"x"}. Use MetricTagOverride.remove(), MetricTagOverride.upsert()');
    expect(t({ build: { operation: 'DELETE' } })).toThrow(
      '[test/t] metrics[0].overrides[0].tagOverrides.build must be a MetricTagOverride, got {"operation":"DELETE"}. Use MetricTagOverride.remove(), MetricTagOverride.upsert()');
  });

  test('fails when an override selects two metrics or changes nothing', () => {
    expect(() => new Telemetry(testChart(), 't', { metrics: [{ overrides: [{ metric: IstioMetric.REQUEST_COUNT, customMetric: 'x', disabled: true }] }] })).toThrow(
      '[test/t] metrics[0].overrides[0] must have at most one of metric and customMetric, got both. Keep one of them');
    expect(() => new Telemetry(testChart(), 't', { metrics: [{ overrides: [{ metric: IstioMetric.REQUEST_COUNT }] }] })).toThrow(
      '[test/t] metrics[0].overrides[0] changes nothing: it has neither disabled nor tagOverrides. Set disabled: true or tagOverrides');
  });

  test('fails when a custom tag has no value', () => {
    expect(() => new Telemetry(testChart(), 't', { tracing: [{ customTags: { pod: TracingTag.environment('') } }] })).toThrow(
      '[test/t] tracing[0].customTags.pod environment needs a non-empty name, got ""');
  });
});
