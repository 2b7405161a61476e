import { deployment, expectSilent, findingsOf, service, severitiesOf } from './support/mesh-rule-fixtures';

function destinationRule(spec: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'payments', namespace: 'prod' }, spec: { host: 'payments', ...spec } };
}
const backend = (replicas: number) => [service('payments', { app: 'payments' }), deployment('payments', { app: 'payments' }, { replicas })];

describe('MESH104', () => {
  test('fires (error) when maxEjectionPercent 100 can eject every pod behind the host', () => {
    const manifests = [destinationRule({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 100 } } }), ...backend(3)];
    expect(findingsOf('MESH104', manifests)).toEqual([
      'spec.trafficPolicy.outlierDetection.maxEjectionPercent: host payments: maxEjectionPercent 100 lets Envoy eject every host of its 3 pods (Deployment payments); with minHealthPercent 0 (panic routing off) the pool then has no host and requests fail with 503 "no healthy upstream"',
    ]);
    expect(severitiesOf('MESH104', manifests)).toEqual(['error']);
  });

  test('fires (error) on maxEjectionPercent 100 even when the replicas are unknown', () => {
    expect(severitiesOf('MESH104', [destinationRule({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 100 } } })])).toEqual(['error']);
  });

  test('fires (warning) on a single replica: Envoy\'s old "at least one host" rule ejects it', () => {
    const manifests = [destinationRule({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } } }), ...backend(1)];
    expect(findingsOf('MESH104', manifests)).toEqual([
      'spec.trafficPolicy.outlierDetection: host payments: maxEjectionPercent unset (Envoy\'s default 10) with 1 pod (Deployment payments): Envoy before 1.27, or with always_eject_one_host, ejects at least one host and checks the share before ejecting, so ceil(1 × 10%) = 1 of 1 hosts can go, leaving none healthy (envoyproxy/envoy#26877); current Envoy ejects at most floor(1 × 10%) = 0, so outlier detection never ejects here; with minHealthPercent 0 (panic routing off) the pool then has no host and requests fail with 503 "no healthy upstream"',
    ]);
    expect(severitiesOf('MESH104', manifests)).toEqual(['warning']);
  });

  test('counts an HPA\'s minReplicas, not spec.replicas (ceil math: 2 pods at 60% lose both)', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'payments', namespace: 'prod' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments' }, minReplicas: 2, maxReplicas: 10 },
    };
    const findings = findingsOf('MESH104', [destinationRule({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 60 } } }), ...backend(4), hpa]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^spec\.trafficPolicy\.outlierDetection\.maxEjectionPercent: host payments: maxEjectionPercent 60 with 2 pods \(Deployment payments\): .* ceil\(2 × 60%\) = 2 of 2 hosts can go/);
  });

  test('judges a subset that inherits the top-level setting by the subset\'s own pods', () => {
    const manifests = [
      destinationRule({
        trafficPolicy: { outlierDetection: { maxEjectionPercent: 50 } },
        subsets: [{ name: 'stable', labels: { version: 'stable' } }, { name: 'canary', labels: { version: 'canary' } }],
      }),
      service('payments', { app: 'payments' }),
      deployment('payments-stable', { app: 'payments', version: 'stable' }, { replicas: 3 }),
      deployment('payments-canary', { app: 'payments', version: 'canary' }, { replicas: 1 }),
    ];
    const findings = findingsOf('MESH104', manifests);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^spec\.trafficPolicy\.outlierDetection\.maxEjectionPercent: host payments subset canary \(inherits this setting\): maxEjectionPercent 50 with 1 pod \(Deployment payments-canary\)/);
  });

  test('warns on maxEjectionPercent over 50', () => {
    expect(findingsOf('MESH104', [destinationRule({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 70 } } })])).toEqual([
      'spec.trafficPolicy.outlierDetection.maxEjectionPercent: host payments: maxEjectionPercent 70 lets outlier detection eject more than half the hosts; one bad deploy or a shared dependency failing can take most of the pool out at once',
    ]);
  });

  test('silent when enough pods stay healthy, when ejection is off, and without outlier detection', () => {
    expectSilent('MESH104', [destinationRule({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 50 } } }), ...backend(3)]);
    expectSilent('MESH104', [destinationRule({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 0 } } }), ...backend(1)]);
    expectSilent('MESH104', [destinationRule({ trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } }), ...backend(1)]);
  });
});
