/** IST0107, IST0108, IST0125 and IST0135: istioctl's annotations.K8sAnalyzer, one test file for the four codes it emits. */
import { expectSilent, findingsOf, ruleFindings } from './support/mesh-rule-fixtures';
import { ISTIO_ANNOTATIONS } from '../src/analysis/rules/istioctl/istio-annotations';

function pod(annotations: Record<string, string>, labels: Record<string, string> = {}): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod', labels, annotations }, spec: { containers: [{ name: 'web', image: 'web:1' }] } };
}

function deployment(annotations: Record<string, string>, podAnnotations: Record<string, string> = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'prod', annotations },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, annotations: podAnnotations }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
  };
}

describe('Istio annotation catalogue', () => {
  test('is generated from istio/api with the kinds each annotation attaches to', () => {
    const byName = new Map(ISTIO_ANNOTATIONS.map(a => [a[0], a]));
    expect(byName.get('sidecar.istio.io/inject')).toEqual(['sidecar.istio.io/inject', 'Beta', true, ['Pod']]);
    expect(byName.get('networking.istio.io/exportTo')?.[3]).toEqual(['Service']);
    expect(ISTIO_ANNOTATIONS.length).toBeGreaterThan(60);
  });
});

describe('IST0108', () => {
  test('fires on an istio.io annotation Istio does not know', () => {
    expect(findingsOf('IST0108', [pod({ 'networking.istio.io/exportThree': 'bar' })])).toEqual([
      'metadata.annotations["networking.istio.io/exportThree"]: Unknown annotation: networking.istio.io/exportThree',
    ]);
  });

  test('silent on other prefixes, known annotations and the ones istiod sets', () => {
    expectSilent('IST0108', [pod({ 'kubernetes.io/psp': 'x', 'example.com/istio.io': 'y', 'sidecar.istio.io/status': '{}', 'istio.io/rev': 'canary' })]);
  });
});

describe('IST0107', () => {
  test('fires on an annotation on a kind it does not attach to, a Deployment\'s own metadata included', () => {
    expect(findingsOf('IST0107', [deployment({ 'sidecar.istio.io/proxyCPU': '100m' })])).toEqual([
      'metadata.annotations["sidecar.istio.io/proxyCPU"]: Misplaced annotation: sidecar.istio.io/proxyCPU can only be applied to Pod',
    ]);
    expect(ruleFindings('IST0107', [deployment({ 'sidecar.istio.io/proxyCPU': '100m' })])[0].fix)
      .toBe('move the annotation to a Pod (for pods: the pod template, spec.template.metadata.annotations), or remove it');
  });

  test('silent on the pod template, on the right kind and on annotations that attach to any kind', () => {
    expectSilent('IST0107', [deployment({ 'gateway.istio.io/controller-version': '5' }, { 'sidecar.istio.io/proxyCPU': '100m' }), pod({ 'sidecar.istio.io/proxyCPU': '100m' })]);
  });
});

describe('IST0125', () => {
  test('fires on values the injector refuses', () => {
    const findings = findingsOf('IST0125', [pod({
      'readiness.status.sidecar.istio.io/initialDelaySeconds': 'bar',
      'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8,10.1.0.0',
      'traffic.sidecar.istio.io/excludeInboundPorts': '15020,abc',
      'sidecar.istio.io/interceptionMode': 'redirect',
      'sidecar.istio.io/proxyMemory': '1Gb',
      'traffic.sidecar.istio.io/excludeInterfaces': '1eth',
      'prometheus.istio.io/merge-metrics': 'yes',
    })]);
    expect(findings).toEqual([
      'metadata.annotations["prometheus.istio.io/merge-metrics"]: Invalid annotation prometheus.istio.io/merge-metrics: strconv.ParseBool: parsing "yes": invalid syntax',
      'metadata.annotations["readiness.status.sidecar.istio.io/initialDelaySeconds"]: Invalid annotation readiness.status.sidecar.istio.io/initialDelaySeconds: strconv.ParseUint: parsing "bar": invalid syntax',
      'metadata.annotations["sidecar.istio.io/interceptionMode"]: Invalid annotation sidecar.istio.io/interceptionMode: interceptionMode invalid, use REDIRECT,TPROXY,NONE: redirect',
      'metadata.annotations["sidecar.istio.io/proxyMemory"]: Invalid annotation sidecar.istio.io/proxyMemory: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      'metadata.annotations["traffic.sidecar.istio.io/excludeInboundPorts"]: Invalid annotation traffic.sidecar.istio.io/excludeInboundPorts: excludeInboundPorts invalid: failed parsing port \'abc\'',
      'metadata.annotations["traffic.sidecar.istio.io/excludeInterfaces"]: Invalid annotation traffic.sidecar.istio.io/excludeInterfaces: interface name "1eth" contains invalid characters',
      'metadata.annotations["traffic.sidecar.istio.io/excludeOutboundIPRanges"]: Invalid annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: excludeIPRanges invalid: failed parsing cidr \'10.1.0.0\'',
    ]);
  });

  test('silent on valid values', () => {
    expectSilent('IST0125', [pod({
      'readiness.status.sidecar.istio.io/periodSeconds': '10',
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '*',
      'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8,fd00::/8,::ffff:10.0.0.1/128',
      'traffic.sidecar.istio.io/includeInboundPorts': '*',
      'traffic.sidecar.istio.io/excludeInboundPorts': '15020, 8080',
      'sidecar.istio.io/interceptionMode': 'TPROXY',
      'sidecar.istio.io/proxyCPU': '0.5',
      'sidecar.istio.io/proxyMemoryLimit': '1Gi',
      'traffic.sidecar.istio.io/excludeInterfaces': 'eth0,net1.100',
      'prometheus.istio.io/merge-metrics': 'false',
    })]);
  });
});

describe('IST0135', () => {
  test('fires on a deprecated annotation, with the replacement for sidecar.istio.io/inject', () => {
    expect(findingsOf('IST0135', [pod({ 'sidecar.istio.io/inject': 'true' })])).toEqual([
      'metadata.annotations["sidecar.istio.io/inject"]: Annotation "sidecar.istio.io/inject" has been deprecated in favor of the "sidecar.istio.io/inject" label and may not work in future Istio versions.',
    ]);
  });

  test('silent on sidecar.istio.io/inject beside the label of that name, and on annotations not deprecated', () => {
    expectSilent('IST0135', [pod({ 'sidecar.istio.io/inject': 'true' }, { 'sidecar.istio.io/inject': 'true' }), pod({ 'sidecar.istio.io/proxyCPU': '1' })]);
  });
});
