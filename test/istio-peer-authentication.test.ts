import { Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { PeerAuthentication, MtlsMode, IstioApiVersion } = istio;

describe('PeerAuthentication', () => {
  test('renders STRICT explicitly by default', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    const pa = new PeerAuthentication(chart, 'default', { metadata: { name: 'default' } });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(pa.mode).toEqual('STRICT');
    expect(obj.apiVersion).toEqual('security.istio.io/v1');
    expect(obj.spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  test('renders port-level modes keyed by workload port with a selector', () => {
    const chart = testChart('production');
    new PeerAuthentication(chart, 'metrics', {
      selector: { matchLabels: { app: 'payments' } },
      portLevelMtls: [{ port: 9090, mode: MtlsMode.PERMISSIVE }],
    });
    const [obj] = synthValid(chart);
    expect(obj.spec).toEqual({ selector: { matchLabels: { app: 'payments' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } });
  });

  test('emits v1beta1 on request', () => {
    const chart = testChart();
    new PeerAuthentication(chart, 'pa', { apiVersion: IstioApiVersion.V1BETA1 });
    expect(synthValid(chart)[0].apiVersion).toEqual('security.istio.io/v1beta1');
  });

  test('fails when portLevelMtls has no selector', () => {
    expect(() => new PeerAuthentication(testChart(), 'pa', { portLevelMtls: [{ port: 8080, mode: MtlsMode.DISABLE }] })).toThrow(
      '[test/pa] portLevelMtls requires a selector (Istio rejects port-level mTLS in a namespace- or mesh-wide policy). Add selector: { matchLabels: { app: ... } }');
  });

  test('fails when a port is out of range or listed twice', () => {
    const selector = { matchLabels: { app: 'a' } };
    expect(() => new PeerAuthentication(testChart(), 'pa', { selector, portLevelMtls: [{ port: 0, mode: MtlsMode.STRICT }] })).toThrow('portLevelMtls[0].port must be an integer from 1 to 65535, got 0');
    expect(() => new PeerAuthentication(testChart(), 'pa', { selector, portLevelMtls: [{ port: 80, mode: MtlsMode.STRICT }, { port: 80, mode: MtlsMode.DISABLE }] })).toThrow('portLevelMtls[1].port 80 is listed twice');
  });

  test('fails when the selector is empty', () => {
    expect(() => new PeerAuthentication(testChart(), 'pa', { selector: { matchLabels: {} } })).toThrow('[test/pa] selector.matchLabels must have at least one label');
  });
});
