import { App, Chart, Testing } from 'cdk8s';
import { analyzeManifests, FindingSeverity, formatAnalysisFinding } from '../src/analysis';
import { Mesh } from '../src/core/mesh';
import { MtlsMigrationStage, StrictMtlsNamespace, StrictMtlsNamespaceProps } from '../src/patterns';
import { synthValid } from './support/synth';

function synth(props: StrictMtlsNamespaceProps): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new StrictMtlsNamespace(chart, 'ns', props);
  const manifests = synthValid(chart);
  expect(analyzeManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatAnalysisFinding)).toEqual([]);
  return manifests;
}

describe('StrictMtlsNamespace', () => {
  test('Istio: injection and a STRICT PeerAuthentication named default', () => {
    const [ns, pa] = synth({ mesh: Mesh.istio(), namespace: 'production' });
    expect(ns).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'production', labels: { 'istio-injection': 'enabled' } } });
    expect(pa.metadata).toEqual({ name: 'default', namespace: 'production' });
    expect(pa.spec.mtls.mode).toBe('STRICT');
  });

  test('Linkerd: injection and all-authenticated as the default inbound policy', () => {
    const [ns] = synth({ mesh: Mesh.linkerd(), namespace: 'production' });
    expect(ns.metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'all-authenticated' });
  });

  test('migration as code: one value selects each stage', () => {
    const stages = [MtlsMigrationStage.PERMISSIVE, MtlsMigrationStage.STRICT];
    expect(stages.map(stage => synth({ mesh: Mesh.istio(), namespace: 'production', stage })[1].spec.mtls.mode)).toEqual(['PERMISSIVE', 'STRICT']);
    expect(stages.map(stage => synth({ mesh: Mesh.linkerd(), namespace: 'production', stage })[0].metadata.annotations['config.linkerd.io/default-inbound-policy']))
      .toEqual(['all-unauthenticated', 'all-authenticated']);
  });

  test('Istio: a port exception is explicit and per workload', () => {
    const manifests = synth({ mesh: Mesh.istio(), namespace: 'production', portExceptions: [{ workloadLabels: { app: 'legacy' }, port: 9090 }] });
    expect(manifests[2].spec).toEqual({ selector: { matchLabels: { app: 'legacy' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } });
    expect(manifests).toMatchSnapshot();
  });

  test('fails on Linkerd port exceptions, naming the alternative', () => {
    const chart = new Chart(new App(), 'test');
    expect(() => new StrictMtlsNamespace(chart, 'ns', { mesh: Mesh.linkerd(), namespace: 'production', portExceptions: [{ workloadLabels: { app: 'x' }, port: 1 }] }))
      .toThrow(/\[test\/ns\] portExceptions is not supported on Linkerd \(HTTPRoute\): Linkerd has no per-port mTLS mode\. Describe the port with a linkerd.Server/);
  });

  test('fails on a namespace that is not a DNS label', () => {
    expect(() => new StrictMtlsNamespace(new Chart(new App(), 'test'), 'ns', { mesh: Mesh.istio(), namespace: 'Prod' }))
      .toThrow('[test/ns] namespace must be a namespace name (a DNS-1123 label), got "Prod"');
  });
});
