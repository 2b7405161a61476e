import { Duration, Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { Telemetry, IstioApiVersion } = istio;

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
});
