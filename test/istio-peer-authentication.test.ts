import { Yaml } from 'cdk8s';
import { IstioApiVersion } from '../src/core/istio-api-version';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { PeerAuthentication, MtlsMode } = istio;

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

  test('renders DISABLE, for the policy or a port, with allowUnsafeDisable', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    new PeerAuthentication(chart, 'legacy', { mode: MtlsMode.DISABLE, allowUnsafeDisable: true, selector: { matchLabels: { app: 'legacy' } } });
    new PeerAuthentication(chart, 'health', {
      selector: { matchLabels: { app: 'payments' } },
      portLevelMtls: [{ port: 8081, mode: MtlsMode.DISABLE }],
      allowUnsafeDisable: true,
    });

    // THEN
    const [legacy, health] = synthValid(chart);
    expect(legacy.spec).toEqual({ selector: { matchLabels: { app: 'legacy' } }, mtls: { mode: 'DISABLE' } });
    expect(health.spec).toEqual({ selector: { matchLabels: { app: 'payments' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8081: { mode: 'DISABLE' } } });
  });

  test('renders PERMISSIVE without an opt-in (migrations)', () => {
    const chart = testChart('production');
    new PeerAuthentication(chart, 'migrating', { mode: MtlsMode.PERMISSIVE });
    expect(synthValid(chart)[0].spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
  });

  test('fails when mode is DISABLE without allowUnsafeDisable', () => {
    expect(() => new PeerAuthentication(testChart(), 'pa', { mode: MtlsMode.DISABLE })).toThrow(
      '[test/pa] mode must not be DISABLE without allowUnsafeDisable: true (mTLS off: the workload accepts plain text from anyone who can reach it, and authorization policies see no peer identity), got "DISABLE". '
      + 'Use STRICT (or PERMISSIVE while migrating clients into the mesh), or set allowUnsafeDisable: true');
  });

  test('fails when a port is DISABLE without allowUnsafeDisable', () => {
    expect(() => new PeerAuthentication(testChart(), 'pa', {
      selector: { matchLabels: { app: 'payments' } },
      portLevelMtls: [{ port: 8080, mode: MtlsMode.STRICT }, { port: 8081, mode: MtlsMode.DISABLE }],
    })).toThrow(
      '[test/pa] portLevelMtls[1].mode must not be DISABLE without allowUnsafeDisable: true (mTLS off: the workload accepts plain text from anyone who can reach it, and authorization policies see no peer identity), got "DISABLE". '
      + 'Use STRICT (or PERMISSIVE while migrating clients into the mesh), or set allowUnsafeDisable: true');
  });

  test('fails when portLevelMtls has no selector', () => {
    expect(() => new PeerAuthentication(testChart(), 'pa', { portLevelMtls: [{ port: 8080, mode: MtlsMode.PERMISSIVE }] })).toThrow(
      '[test/pa] portLevelMtls requires a selector (Istio rejects port-level mTLS in a namespace- or mesh-wide policy). Add selector: { matchLabels: { app: ... } }');
  });

  test('fails when a port is out of range or listed twice', () => {
    const selector = { matchLabels: { app: 'a' } };
    expect(() => new PeerAuthentication(testChart(), 'pa', { selector, portLevelMtls: [{ port: 0, mode: MtlsMode.STRICT }] })).toThrow('portLevelMtls[0].port must be an integer from 1 to 65535, got 0');
    expect(() => new PeerAuthentication(testChart(), 'pa', { selector, portLevelMtls: [{ port: 80, mode: MtlsMode.STRICT }, { port: 80, mode: MtlsMode.PERMISSIVE }] })).toThrow(
      '[test/pa] portLevelMtls[1].port is listed twice, got 80 again. Give each port one entry');
  });

  test('fails when the selector is empty', () => {
    expect(() => new PeerAuthentication(testChart(), 'pa', { selector: { matchLabels: {} } })).toThrow('[test/pa] selector.matchLabels must have at least one label');
  });
});
