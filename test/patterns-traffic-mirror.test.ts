import { Chart, Testing } from 'cdk8s';
import { analyzeManifests, FindingSeverity, formatAnalysisFinding } from '../src/analysis';
import { IstioDialect, Mesh } from '../src/core/mesh';
import { TrafficMirror, TrafficMirrorProps } from '../src/patterns';
import { synthValid } from './support/synth';

const BASE = { service: 'payment-api', port: 80, mirrorService: 'payment-api-shadow', percentage: 10 };

function synth(props: TrafficMirrorProps): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
  new TrafficMirror(chart, 'mirror', props);
  const manifests = synthValid(chart);
  expect(analyzeManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatAnalysisFinding)).toEqual([]);
  return manifests;
}

describe('TrafficMirror', () => {
  test('Istio classic: mirror and mirrorPercentage on a route that is never retried', () => {
    const [vs] = synth({ ...BASE, mesh: Mesh.istio() });
    expect(vs.spec.http).toEqual([{
      name: 'mirrored',
      route: [{ destination: { host: 'payment-api', port: { number: 80 } } }],
      mirror: { host: 'payment-api-shadow', port: { number: 80 } },
      mirrorPercentage: { value: 10 },
      timeout: '15s',
      retries: { attempts: 0 },
    }]);
  });

  test('Istio GAMMA: a RequestMirror filter with percent', () => {
    const [route] = synth({ ...BASE, mesh: Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true }) });
    expect(route.spec.rules).toEqual([{
      filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'payment-api-shadow', port: 80 }, percent: 10 } }],
      backendRefs: [{ name: 'payment-api', port: 80 }],
      timeouts: { request: '15s' },
    }]);
  });

  test('fails on Linkerd, naming the alternative', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
    expect(() => new TrafficMirror(chart, 'mirror', { ...BASE, mesh: Mesh.linkerd() })).toThrow(
      /\[test\/mirror\] mesh is not supported on Linkerd \(HTTPRoute\): Linkerd implements no request mirroring.*CanaryService/);
  });

  test('fails on a percentage out of range', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'production' });
    expect(() => new TrafficMirror(chart, 'mirror', { ...BASE, percentage: 0, mesh: Mesh.istio() })).toThrow(
      '[test/mirror] percentage must be an integer from 1 to 100, got 0. To stop mirroring, remove the TrafficMirror');
  });
});
