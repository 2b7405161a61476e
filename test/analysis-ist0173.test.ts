import { ruleFindings } from './support/mesh-rule-fixtures';

const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'prod' }, spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] } };
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'reviews-v1', namespace: 'prod', labels: { app: 'reviews', version: 'v1' } }, spec: { nodeName: 'node-a', containers: [{ name: 'app', image: 'reviews:1' }] } };
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', labels: { 'topology.kubernetes.io/region': 'eu', 'topology.kubernetes.io/zone': 'eu-1a' } } };
const dr = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews', namespace: 'prod' },
  spec: {
    host: 'reviews',
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
      { name: 'eu', labels: { 'topology.kubernetes.io/zone': 'eu-1a' } },
    ],
  },
};
const whole = { wholeCluster: true, valid: false };

describe('IST0173', () => {
  test('fires with wholeCluster on a subset that selects no pod; node topology labels count, as istiod adds them', () => {
    // (valid: false: Node is not a kind the validation engine knows)
    expect(ruleFindings('IST0173', [service, pod, node, dr], whole).map(f => `${f.path}: ${f.message}`)).toEqual([
      'spec.subsets[1].labels: DestinationRule prod/reviews subset v2 selects no Pod or workload in the files, so requests routed to it get 503 (UH) (The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).)',
    ]);
  });

  test('silent without wholeCluster', () => {
    expect(ruleFindings('IST0173', [service, dr], { valid: false })).toEqual([]);
  });
});
