/** IST0163 and IST0164: istioctl's externalcontrolplane analyzer, whose two codes share one reading of the webhooks. */
import { expectSilent, findingsOf, ruleFindings } from './support/mesh-rule-fixtures';

function injector(name: string, clientConfigs: any[]): any {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name },
    webhooks: clientConfigs.map((clientConfig, i) => ({ name: `hook${i}.sidecar-injector.istio.io`, clientConfig, admissionReviewVersions: ['v1'], sideEffects: 'None' })),
  };
}

describe('IST0163', () => {
  test('fires on a webhook with neither url nor service, and on a url that does not parse', () => {
    expect(findingsOf('IST0163', [injector('istio-sidecar-injector-external-istiod', [{}, { url: 'https://istiod.example.com:port/inject' }])])).toEqual([
      'webhooks[0].clientConfig: MutatingWebhookConfiguration istio-sidecar-injector-external-istiod webhook hook0.sidecar-injector.istio.io has neither clientConfig.url nor clientConfig.service, so the API server cannot call istiod (The hostname () that was provided for the webhook (hook0.sidecar-injector.istio.io) to reach the ingress gateway on the external control plane cluster is blank. Traffic may not flow properly.)',
      'webhooks[1].clientConfig: MutatingWebhookConfiguration istio-sidecar-injector-external-istiod webhook hook1.sidecar-injector.istio.io has clientConfig.url "https://istiod.example.com:port/inject", which does not parse, so the API server cannot call istiod (The hostname (https://istiod.example.com:port/inject) that was provided for the webhook (hook1.sidecar-injector.istio.io) to reach the ingress gateway on the external control plane cluster was provided in an invalid format. Traffic may not flow properly.)',
    ]);
  });

  test('silent on a url or a service, and on webhook configurations that are not Istio\'s', () => {
    expectSilent('IST0163', [
      injector('istio-sidecar-injector', [{ url: 'https://istiod.example.com:15017/inject' }, { service: { name: 'istiod', namespace: 'istio-system', path: '/inject' } }]),
      injector('linkerd-proxy-injector-webhook-config', [{}]),
    ]);
  });
});

describe('IST0164', () => {
  test('fires on a url whose host is an IP address', () => {
    expect(ruleFindings('IST0164', [injector('istio-sidecar-injector', [{ url: 'https://1.1.1.1:5100/inject' }, { url: 'https://[fd00::1]/inject' }])]).map(f => f.path))
      .toEqual(['webhooks[0].clientConfig.url', 'webhooks[1].clientConfig.url']);
  });

  test('silent on host names', () => {
    expectSilent('IST0164', [injector('istio-sidecar-injector', [{ url: 'https://istiod.example.com/inject' }, { url: 'https://1.1.1.1.nip.io/inject' }])]);
  });
});
