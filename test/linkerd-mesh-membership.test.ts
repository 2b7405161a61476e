import { ApiObject } from 'cdk8s';
import { DefaultInboundPolicy, MeshMembership } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('MeshMembership', () => {
  test('annotates a Namespace for injection and a default-deny inbound policy', () => {
    // GIVEN
    const chart = testChart();
    const ns = new ApiObject(chart, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'production' } });

    // WHEN
    MeshMembership.inject(ns);
    MeshMembership.defaultInboundPolicy(ns, DefaultInboundPolicy.DENY);

    // THEN
    const [obj] = synthValid(chart);
    expect(obj.metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'deny' });
    expect(obj).toMatchSnapshot();
  });

  test('annotates the pod template of a Deployment, keeping its annotations', () => {
    const chart = testChart('production');
    const deployment = new ApiObject(chart, 'Deploy', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'mysql' },
      spec: {
        selector: { matchLabels: { app: 'mysql' } },
        template: { metadata: { labels: { app: 'mysql' }, annotations: { team: 'db' } }, spec: { containers: [{ name: 'mysql', image: 'mysql:8' }] } },
      },
    });
    MeshMembership.inject(deployment);
    MeshMembership.opaquePorts(deployment, [3306, 33060, 3306]);
    const [obj] = synthValid(chart);
    expect(obj.spec.template.metadata.annotations).toEqual({ 'team': 'db', 'linkerd.io/inject': 'enabled', 'config.linkerd.io/opaque-ports': '3306,33060' });
    expect(obj.metadata.annotations).toBeUndefined();
  });

  test('creates the template annotations when absent', () => {
    const chart = testChart('production');
    const job = new ApiObject(chart, 'Job', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'migrate:1' }] } } },
    });
    MeshMembership.inject(job, false);
    expect(synthValid(chart)[0].spec.template.metadata).toEqual({ annotations: { 'linkerd.io/inject': 'disabled' } });
  });

  test('sets opaque ports on a Service', () => {
    const chart = testChart('production');
    const svc = new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mysql' }, spec: { ports: [{ port: 3306 }] } });
    MeshMembership.opaquePorts(svc, [3306]);
    expect(synthValid(chart)[0].metadata.annotations).toEqual({ 'config.linkerd.io/opaque-ports': '3306' });
  });

  test('fails when injection is set on a Service', () => {
    const chart = testChart('production');
    const svc = new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    expect(() => MeshMembership.inject(svc))
      .toThrow('[test/Svc] linkerd.io/inject cannot be set on a Service: Linkerd reads it on Namespace, Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob');
  });

  test('fails when given something other than an ApiObject', () => {
    const chart = testChart('production');
    expect(() => MeshMembership.inject(chart as any))
      .toThrow('[test] obj must be an ApiObject, got the construct Chart. Pass the generated Kubernetes object: ApiObject.of(x) for a construct (such as a cdk8s-plus Deployment), or the ApiObject itself');
    expect(() => MeshMembership.opaquePorts({ kind: 'Service' } as any, [80]))
      .toThrow('[MeshMembership.opaquePorts] obj must be an ApiObject, got {"kind":"Service"}. Pass the generated Kubernetes object');
  });

  test('fails when an opaque port is out of range', () => {
    const chart = testChart('production');
    const svc = new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    expect(() => MeshMembership.opaquePorts(svc, [0])).toThrow('[test/Svc] ports must be a non-empty list of ports from 1 to 65535, got [0]');
  });
});
