import { MeshConfigFile } from '../src/analysis';
import { expectSilent, findingsOf, ruleFindings } from './support/mesh-rule-fixtures';

function virtualService(delay: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'prod' }, spec: { hosts: ['web'], http: [{ fault: { delay }, route: [{ destination: { host: 'web' } }] }] } };
}

function sidecar(outboundTrafficPolicy: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'prod' }, spec: { egress: [{ hosts: ['./*'] }], outboundTrafficPolicy } };
}

const tracing = { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'mesh-default', namespace: 'istio-system' }, spec: { tracing: [{ providers: [{ name: 'lightstep' }] }] } };

describe('IST0002', () => {
  test('fires on fault.delay.percent', () => {
    expect(findingsOf('IST0002', [virtualService({ percent: 50, fixedDelay: '1s' })])).toEqual([
      'spec.http[0].fault.delay.percent: VirtualService prod/web http[0] fault delay uses percent, a deprecated integer field (Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage)',
    ]);
  });

  test('fires on a Sidecar egressProxy and a removed rbac.istio.io CRD', () => {
    const egress = sidecar({ mode: 'ALLOW_ANY', egressProxy: { host: 'example', port: { number: 9080 } } });
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'serviceroles.rbac.istio.io' }, spec: { group: 'rbac.istio.io', names: { kind: 'ServiceRole', plural: 'serviceroles' }, scope: 'Namespaced', versions: [] } };
    // the CRD is not a valid one (no versions): only the rule is under test
    expect(ruleFindings('IST0002', [egress, crd], { valid: false }).map(f => `${f.kind} ${f.path}`)).toEqual([
      'CustomResourceDefinition spec.names.kind',
      'Sidecar spec.outboundTrafficPolicy.egressProxy',
    ]);
  });

  test('fires on tracing through a Lightstep provider of the mesh config', () => {
    const meshConfig = MeshConfigFile.parse('extensionProviders:\n- name: lightstep\n  lightstep: { service: ls.monitoring.svc.cluster.local, port: 443 }\n- name: otel\n  opentelemetry: { service: otel, port: 4317 }\n');
    expect(meshConfig.lightstepProviders).toEqual(['lightstep']);
    expect(findingsOf('IST0002', [tracing], { meshConfig })).toEqual([
      'spec.tracing[0].providers[0]: Telemetry istio-system/mesh-default traces through the mesh config\'s Lightstep provider lightstep (Deprecated: The Lightstep provider lightstep is deprecated, please migrate to OpenTelemetry provider.)',
    ]);
  });

  test('silent on percentage, a Sidecar without egressProxy, and tracing without a Lightstep provider', () => {
    expectSilent('IST0002', [virtualService({ percentage: { value: 50 }, fixedDelay: '1s' }), sidecar({ mode: 'ALLOW_ANY' }), tracing]);
    expectSilent('IST0002', [tracing], { meshConfig: { lightstepProviders: ['other'] } });
  });
});
