import { expectSilent, findingsOf } from './support/mesh-rule-fixtures';

function crd(name: string, bundleVersion?: string): any {
  const [plural, ...group] = name.split('.');
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name, ...(bundleVersion ? { annotations: { 'gateway.networking.k8s.io/bundle-version': bundleVersion } } : {}) },
    spec: {
      group: group.join('.'),
      names: { kind: 'TLSRoute', plural, singular: plural.replace(/s$/, ''), listKind: 'TLSRouteList' },
      scope: 'Namespaced',
      versions: [{ name: 'v1alpha2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    },
  };
}

describe('IST0176', () => {
  test('fires on a Gateway API CRD below the bundle version Istio requires', () => {
    expect(findingsOf('IST0176', [crd('tlsroutes.gateway.networking.k8s.io', 'v1.4.1')])).toEqual([
      'metadata.annotations["gateway.networking.k8s.io/bundle-version"]: CustomResourceDefinition tlsroutes.gateway.networking.k8s.io is Gateway API 1.4.1, below 1.5.0 that Istio requires, so istiod does not watch the kind and its resources are never programmed (Gateway API CRD "tlsroutes.gateway.networking.k8s.io" is at version "1.4.1" but Istio requires at least "1.5.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.)',
    ]);
    // a pre-release of the minimum counts as the minimum (istioctl strips it)
    expectSilent('IST0176', [crd('tlsroutes.gateway.networking.k8s.io', 'v1.5.0-rc.1')]);
  });

  test('silent at or above the minimum, on CRDs without a minimum, without the annotation or with a non-version', () => {
    expectSilent('IST0176', [
      crd('tlsroutes.gateway.networking.k8s.io', 'v1.6.0'),
      crd('grpcroutes.gateway.networking.k8s.io', 'v1.1.0'),
      crd('httproutes.gateway.networking.k8s.io', 'v1.0.0'),
      crd('tcproutes.gateway.networking.k8s.io'),
      crd('backendtlspolicies.gateway.networking.k8s.io', 'latest'),
    ]);
  });
});
