import { Chart, Duration, Testing, Yaml } from 'cdk8s';
import { IstioApiVersion } from '../src/core/istio-api-version';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { DestinationRule, ClientTlsMode, LoadBalancerAlgorithm } = istio;

function dr(props: Partial<istio.DestinationRuleProps>) {
  const chart = testChart('shop');
  const rule = new DestinationRule(chart, 'payments', { metadata: { name: 'payments' }, host: 'payments', ...props });
  return { chart, rule };
}

describe('DestinationRule', () => {
  test('renders subsets, a connection pool and conservative outlier defaults', () => {
    // GIVEN
    const { chart, rule } = dr({
      trafficPolicy: {
        connectionPool: {
          tcp: { maxConnections: 100, connectTimeout: Duration.millis(500) },
          http: { http2MaxRequests: 1000, maxRequestsPerConnection: 10 },
        },
        outlierDetection: {},
      },
    });

    // WHEN
    const stable = rule.addSubset({ name: 'stable', labels: { version: 'stable' } });
    rule.addSubset({ name: 'canary', labels: { version: 'canary' }, trafficPolicy: { connectionPool: { http: { maxRequestsPerConnection: 1 } } } });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(stable.host).toEqual('payments');
    expect(obj.apiVersion).toEqual('networking.istio.io/v1');
    expect(obj.spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 10, interval: '60s', baseEjectionTime: '30s' });
    expect(obj.spec.trafficPolicy.connectionPool.tcp.connectTimeout).toEqual('0.5s');
    expect(obj.spec.subsets.map((s: any) => s.name)).toEqual(['stable', 'canary']);
  });

  test('renders load balancing, TLS, port-level settings, proxy protocol and a retry budget', () => {
    // GIVEN / WHEN
    const { chart } = dr({
      exportTo: ['.'],
      workloadSelector: { matchLabels: { app: 'frontend' } },
      trafficPolicy: {
        loadBalancer: { consistentHash: { httpCookieName: 'session', cookieTtl: Duration.hours(1) } },
        tls: { mode: ClientTlsMode.ISTIO_MUTUAL },
        portLevelSettings: [{
          port: 9080,
          loadBalancer: { simple: LoadBalancerAlgorithm.ROUND_ROBIN },
          outlierDetection: { maxEjectionPercent: 50, replicaCount: 2 },
        }],
        proxyProtocolVersion: istio.ProxyProtocolVersion.V2,
        retryBudget: { percent: 20, minRetryConcurrency: 3 },
      },
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.trafficPolicy.retryBudget).toEqual({ percent: 20, minRetryConcurrency: 3 });
    expect(obj.spec.trafficPolicy.portLevelSettings[0].port).toEqual({ number: 9080 });
    expect(obj.spec.trafficPolicy.loadBalancer).toEqual({ consistentHash: { httpCookie: { name: 'session', ttl: '3600s' } } });
  });

  test('allowUnsafeEjectionPercent permits a cap above 50', () => {
    const { chart } = dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 100, allowUnsafeEjectionPercent: true } } });
    expect(synthValid(chart)[0].spec.trafficPolicy.outlierDetection.maxEjectionPercent).toEqual(100);
  });

  test('allowUnsafeDisable permits tls mode DISABLE', () => {
    const { chart } = dr({ trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE, allowUnsafeDisable: true } } });
    expect(synthValid(chart)[0].spec.trafficPolicy.tls).toEqual({ mode: 'DISABLE' });
  });

  test('fails when maxEjectionPercent is above 50 without opt-in', () => {
    expect(() => dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 100 } } })).toThrow(
      '[test/payments] trafficPolicy.outlierDetection.maxEjectionPercent must be at most 50, got 100: above half the pool, one bad deploy can eject most hosts (istio/istio#20135). Keep it at 50 or less, or set allowUnsafeEjectionPercent: true');
  });

  test('fails when outlier detection could eject every replica', () => {
    expect(() => dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 50, replicaCount: 1 } } })).toThrow(
      '[test/payments] trafficPolicy.outlierDetection.maxEjectionPercent of 50% with replicaCount 1 lets Envoy eject 1 of 1 hosts (it ejects while fewer than 50% are out, ceil(50 × 1 / 100) = 1, and always at least one: envoyproxy/envoy#26877), leaving none to serve. Run more replicas, lower maxEjectionPercent, or remove outlierDetection');
    expect(() => dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 100, allowUnsafeEjectionPercent: true, replicaCount: 3 } } })).toThrow('lets Envoy eject 3 of 3 hosts');
  });

  test('fails when replicaCount 1 meets Istio\'s default 10% cap, which still ejects the only host', () => {
    expect(() => dr({ trafficPolicy: { outlierDetection: { replicaCount: 1 } } })).toThrow(
      '[test/payments] trafficPolicy.outlierDetection.maxEjectionPercent of 10% with replicaCount 1 lets Envoy eject 1 of 1 hosts (it ejects while fewer than 10% are out, ceil(10 × 1 / 100) = 1, and always at least one: envoyproxy/envoy#26877), leaving none to serve. Run more replicas, lower maxEjectionPercent, or remove outlierDetection');
  });

  test('accepts replicaCount 2 with Istio\'s default 10% cap, and renders no maxEjectionPercent', () => {
    const { chart } = dr({ trafficPolicy: { outlierDetection: { replicaCount: 2 } } });
    expect(synthValid(chart)[0].spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 10, interval: '60s', baseEjectionTime: '30s' });
  });

  test('renders consecutive5xxErrors: 0, which turns off 5xx-based ejection, next to consecutiveGatewayErrors', () => {
    // GIVEN / WHEN
    const { chart } = dr({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 0, consecutiveGatewayErrors: 5 } } });

    // THEN
    expect(synthValid(chart)[0].spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 0, consecutiveGatewayErrors: 5, interval: '60s', baseEjectionTime: '30s' });
  });

  test('fails when consecutive5xxErrors is negative or fractional', () => {
    expect(() => dr({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: -1 } } })).toThrow(
      '[test/payments] trafficPolicy.outlierDetection.consecutive5xxErrors must be an integer from 0 to 4294967295, got -1');
    expect(() => dr({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1.5 } } })).toThrow(
      '[test/payments] trafficPolicy.outlierDetection.consecutive5xxErrors must be an integer from 0 to 4294967295, got 1.5');
  });

  test('fails when consecutiveLocalOriginFailures comes without splitExternalLocalOriginErrors', () => {
    expect(() => dr({ trafficPolicy: { outlierDetection: { consecutiveLocalOriginFailures: 5 } } })).toThrow(
      '[test/payments] trafficPolicy.outlierDetection.consecutiveLocalOriginFailures has no effect without splitExternalLocalOriginErrors: true, got 5 with splitExternalLocalOriginErrors false. '
      + 'Set splitExternalLocalOriginErrors: true, or remove consecutiveLocalOriginFailures');
  });

  test('fails when tls mode is DISABLE without opt-in', () => {
    expect(() => dr({ trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } })).toThrow(
      '[test/payments] trafficPolicy.tls.mode DISABLE overrides Istio\'s auto-mTLS and breaks as soon as the destination\'s namespace is STRICT. Omit tls to keep auto-mTLS, or set allowUnsafeDisable: true for a destination outside the mesh');
  });

  test('fails when a subset is defined twice or badly named', () => {
    const { rule } = dr({ subsets: [{ name: 'v1' }] });
    expect(() => rule.addSubset({ name: 'v1' })).toThrow('[test/payments] subsets[1].name "v1" is already a subset of payments');
    expect(() => rule.addSubset({ name: 'V_2' })).toThrow('subsets[1].name must be a DNS-1123 label');
  });

  test('fails when a duration is under 1ms or a port is out of range', () => {
    expect(() => dr({ trafficPolicy: { outlierDetection: { interval: Duration.millis(0) } } })).toThrow('trafficPolicy.outlierDetection.interval must be a whole number of milliseconds and at least 1ms, got 0ms');
    expect(() => dr({ trafficPolicy: { portLevelSettings: [{ port: 0 }] } })).toThrow('trafficPolicy.portLevelSettings[0].port must be an integer from 1 to 65535, got 0');
  });

  test('fails when a load balancer sets two algorithms', () => {
    expect(() => dr({ trafficPolicy: { loadBalancer: { simple: LoadBalancerAlgorithm.RANDOM, consistentHash: { useSourceIp: true } } } })).toThrow('[test/payments] trafficPolicy.loadBalancer must have at most one of simple and consistentHash, got both. Keep one of them');
  });

  test('fails when the selector has a wildcard', () => {
    expect(() => dr({ workloadSelector: { matchLabels: { app: '*' } } })).toThrow('workloadSelector.matchLabels.app must be a string without wildcards, got "*"');
  });

  test('fails when retryBudget targets v1beta1', () => {
    expect(() => dr({ apiVersion: IstioApiVersion.V1BETA1, trafficPolicy: { retryBudget: { percent: 20 } } })).toThrow(
      '[test/payments] trafficPolicy.retryBudget is not understood by control planes older than Istio 1.22, which is why v1beta1 is targeted (the field exists since Istio 1.27)');
  });

  test('emits v1beta1 on request', () => {
    const { chart } = dr({ apiVersion: IstioApiVersion.V1BETA1, subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    expect(synthValid(chart)[0].apiVersion).toEqual('networking.istio.io/v1beta1');
  });

  test('renders client TLS with sni, subjectAltNames and a CA bundle', () => {
    // GIVEN / WHEN
    const { chart } = dr({
      host: 'api.partner.com',
      trafficPolicy: {
        tls: { mode: ClientTlsMode.SIMPLE, sni: 'api.partner.com', subjectAltNames: ['api.partner.com'], caCertificates: '/etc/certs/partner-ca.pem', caCrl: '/etc/certs/partner.crl' },
      },
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.trafficPolicy.tls).toEqual({
      mode: 'SIMPLE', caCertificates: '/etc/certs/partner-ca.pem', caCrl: '/etc/certs/partner.crl', subjectAltNames: ['api.partner.com'], sni: 'api.partner.com',
    });
  });

  test('allowUnsafeInsecureSkipVerify permits insecureSkipVerify, and MUTUAL takes a credentialName', () => {
    const { chart } = dr({
      host: 'legacy.internal',
      trafficPolicy: {
        tls: { mode: ClientTlsMode.SIMPLE, insecureSkipVerify: true, allowUnsafeInsecureSkipVerify: true },
        portLevelSettings: [{ port: 8443, tls: { mode: ClientTlsMode.MUTUAL, credentialName: 'legacy-client' } }],
      },
    });
    const [obj] = synthValid(chart);
    expect(obj.spec.trafficPolicy.tls).toEqual({ mode: 'SIMPLE', insecureSkipVerify: true });
    expect(obj.spec.trafficPolicy.portLevelSettings[0].tls).toEqual({ mode: 'MUTUAL', credentialName: 'legacy-client' });
  });

  test('renders a tunnel', () => {
    const { chart } = dr({ host: 'external.example.com', trafficPolicy: { tunnel: { targetHost: 'proxy.corp.example.com', targetPort: 3128, protocol: istio.TunnelProtocol.POST } } });
    expect(synthValid(chart)[0].spec.trafficPolicy.tunnel).toEqual({ protocol: 'POST', targetHost: 'proxy.corp.example.com', targetPort: 3128 });
  });

  test('fails when insecureSkipVerify has no unsafe opt-in', () => {
    expect(() => dr({ trafficPolicy: { tls: { mode: ClientTlsMode.SIMPLE, insecureSkipVerify: true } } })).toThrow(
      '[test/payments] trafficPolicy.tls.insecureSkipVerify turns off verification of the upstream certificate, so anyone on the path can impersonate the upstream. Give caCertificates or credentialName to verify it, or set allowUnsafeInsecureSkipVerify: true');
  });

  test('fails when insecureSkipVerify comes with something to verify against', () => {
    expect(() => dr({ trafficPolicy: { tls: { mode: ClientTlsMode.SIMPLE, insecureSkipVerify: true, allowUnsafeInsecureSkipVerify: true, subjectAltNames: ['a'] } } })).toThrow(
      '[test/payments] trafficPolicy.tls.subjectAltNames cannot be combined with insecureSkipVerify: true (Istio rejects it: nothing would be verified). Remove subjectAltNames');
  });

  test('fails when credentialName is combined with certificate files', () => {
    expect(() => dr({ trafficPolicy: { tls: { mode: ClientTlsMode.SIMPLE, credentialName: 'partner', caCertificates: '/etc/ca.pem' } } })).toThrow(
      '[test/payments] trafficPolicy.tls.caCertificates cannot be combined with credentialName: the Secret holds the certificates (Istio rejects both). Remove caCertificates, or remove credentialName and use files');
  });

  test('fails when DISABLE or ISTIO_MUTUAL carry certificates', () => {
    expect(() => dr({ trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE, allowUnsafeDisable: true, sni: 'a' } } })).toThrow(
      '[test/payments] trafficPolicy.tls.sni has no effect with mode DISABLE (plain text). Remove sni');
    expect(() => dr({ trafficPolicy: { tls: { mode: ClientTlsMode.ISTIO_MUTUAL, caCrl: '/crl' } } })).toThrow(
      'trafficPolicy.tls mode ISTIO_MUTUAL uses Istio\'s certificates and takes no credentialName, clientCertificate, privateKey, caCertificates, caCrl or insecureSkipVerify');
  });

  test('fails when a tunnel is combined with PROXY protocol or has a bad target', () => {
    expect(() => dr({ trafficPolicy: { tunnel: { targetHost: 'proxy', targetPort: 3128 }, proxyProtocolVersion: istio.ProxyProtocolVersion.V1 } })).toThrow(
      '[test/payments] trafficPolicy.tunnel cannot be combined with proxyProtocolVersion (Istio rejects the pair). Keep one of them');
    expect(() => dr({ trafficPolicy: { tunnel: { targetHost: 'Proxy_1', targetPort: 3128 } } })).toThrow(
      '[test/payments] trafficPolicy.tunnel.targetHost must be an FQDN or IP address, got "Proxy_1"');
    expect(() => dr({ trafficPolicy: { tunnel: { targetHost: '10.0.0.1', targetPort: 0 } } })).toThrow(
      '[test/payments] trafficPolicy.tunnel.targetPort must be an integer from 1 to 65535, got 0');
  });
});

describe('typed subset references', () => {
  test('Subset.destination() routes to a subset that exists; subset() refuses one that does not', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const reviews = new istio.DestinationRule(chart, 'reviews', { metadata: { name: 'reviews' }, host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    const v2 = reviews.addSubset({ name: 'v2', labels: { version: 'v2' } });
    const vs = new istio.VirtualService(chart, 'vs', { metadata: { name: 'reviews' }, hosts: ['reviews'] });
    vs.addHttpRoute({ destinations: [reviews.subset('v1').destination({ weight: 80 }), v2.destination({ weight: 20, port: 9080 })] });
    const route = Testing.synth(chart).find((o: any) => o.kind === 'VirtualService').spec.http[0].route;
    expect(route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
      { destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } }, weight: 20 },
    ]);
    expect(() => reviews.subset('v3')).toThrow('[test/reviews] subset() "v3" is not a subset of reviews. Its subsets: v1, v2; add it with addSubset()');
  });
});
