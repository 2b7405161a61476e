import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { analyzeManifests, FindingSeverity, ManifestValidator, MeshAnalyzer } from '../src/analysis';
import * as istio from '../src/istio';

function app(): { app: App; chart: Chart } {
  const a = Testing.app();
  return { app: a, chart: new Chart(a, 'test', { namespace: 'shop' }) };
}

/** A VirtualService whose catch-all comes before the canary route: IST0130 (a warning). */
function unreachableCanary(chart: Chart): istio.VirtualService {
  const vs = new istio.VirtualService(chart, 'vs', { metadata: { name: 'payments' }, hosts: ['payments'] });
  vs.addHttpRoute({ destinations: [{ host: 'payments' }], retries: { attempts: 0 } });
  vs.addHttpRoute({ matches: [{ headers: { 'x-canary': istio.StringMatch.exact('1') } }], destinations: [{ host: 'payments-canary' }], retries: { attempts: 0 } });
  return vs;
}

describe('MeshAnalyzer', () => {
  test('addToScope on an App fails synthesis with each error once, naming the construct, never under "[]"', () => {
    // GIVEN a DestinationRule whose subset selects nothing a route needs, and a raw object with an error
    const { app: a, chart } = app();
    new ApiObject(chart, 'raw', { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'raw' }, spec: { hosts: 'x' } });

    // WHEN
    MeshAnalyzer.addToScope(a);

    // THEN
    let message = '';
    try {
      a.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n').slice(1).map(l => l.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\[MeshAnalyzer\] (MESH|IST|KIA)\d{3,4} error /);
    expect(message).not.toContain('[] ');
    expect(lines).toContainEqual(expect.stringMatching(/^\[MeshAnalyzer\] MESH001 error VirtualService\/shop\/raw: spec\.hosts: must be of type array.* \[construct test\/raw\]$/));
  });

  test('addToScope prints warnings (IST0130 here) without failing synthesis', () => {
    // GIVEN
    const { app: a, chart } = app();
    unreachableCanary(chart);
    MeshAnalyzer.addToScope(chart);
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      written.push(String(chunk));
      return true;
    });

    // WHEN
    try {
      a.synth();
    } finally {
      spy.mockRestore();
    }

    // THEN
    expect(written.filter(w => w.startsWith('cdk8s-mesh: IST0130 warning VirtualService/shop/payments: spec.http[1]'))).toHaveLength(1);
    expect(written.join('')).toContain('[construct test/vs]');
  });

  test('addToScope with failOnWarnings fails on the warning, attributed to the chart', () => {
    const { chart } = app();
    unreachableCanary(chart);
    MeshAnalyzer.addToScope(chart, { failOnWarnings: true });
    expect(() => Testing.synth(chart)).toThrow(/\n {2}\[test\] IST0130 warning VirtualService\/shop\/payments: spec\.http\[1\]/);
  });

  test('allowUnsafeEjectionPercent also opts out of MESH104 for that object, through an annotation that names the opt-in', () => {
    // GIVEN
    const { chart } = app();
    new istio.DestinationRule(chart, 'dr', {
      metadata: { name: 'payments' },
      host: 'payments',
      trafficPolicy: { outlierDetection: { maxEjectionPercent: 100, allowUnsafeEjectionPercent: true } },
    });

    // WHEN
    const [obj] = Testing.synth(chart);

    // THEN
    expect(obj.metadata.annotations).toEqual({
      'ignore-check.cdk8s-mesh.io/MESH104': 'allowUnsafeEjectionPercent: true at trafficPolicy.outlierDetection (maxEjectionPercent 100)',
    });
    expect(analyzeManifests([obj]).filter(f => f.ruleId === 'MESH104')).toEqual([]);
    const { 'ignore-check.cdk8s-mesh.io/MESH104': _, ...rest } = obj.metadata.annotations;
    const bare = { ...obj, metadata: { ...obj.metadata, annotations: rest } };
    expect(analyzeManifests([bare]).filter(f => f.ruleId === 'MESH104').map(f => f.severity)).toEqual([FindingSeverity.ERROR]);
    // An empty reason suppresses nothing.
    const empty = { ...obj, metadata: { ...obj.metadata, annotations: { 'ignore-check.cdk8s-mesh.io/MESH104': ' ' } } };
    expect(analyzeManifests([empty]).filter(f => f.ruleId === 'MESH104')).toHaveLength(1);
  });

  test('a subset\'s opt-in is suppressed on the object too, with each reason once', () => {
    const { chart } = app();
    const dr = new istio.DestinationRule(chart, 'dr', { host: 'payments' });
    const outlier = { trafficPolicy: { outlierDetection: { maxEjectionPercent: 80, allowUnsafeEjectionPercent: true } } };
    dr.addSubset({ name: 'v1', labels: { version: 'v1' }, ...outlier });
    dr.addSubset({ name: 'v2', labels: { version: 'v2' }, ...outlier });
    expect(Testing.synth(chart)[0].metadata.annotations['ignore-check.cdk8s-mesh.io/MESH104']).toBe(
      'allowUnsafeEjectionPercent: true at subsets[0].trafficPolicy.outlierDetection (maxEjectionPercent 80); allowUnsafeEjectionPercent: true at subsets[1].trafficPolicy.outlierDetection (maxEjectionPercent 80)');
  });

  test('fails at once on a suppression without a reason', () => {
    expect(() => MeshAnalyzer.addToScope(app().app, { suppressions: [{ ruleId: 'MESH104', reason: '' }] }))
      .toThrow('suppression of MESH104 needs a reason: say why the finding does not apply');
  });
});

describe('ManifestValidator', () => {
  test('addToScope on an App names itself instead of "[]"', () => {
    const { app: a, chart } = app();
    new ApiObject(chart, 'raw', { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'raw' }, spec: { hosts: 'x' } });
    ManifestValidator.addToScope(a);
    expect(() => a.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[ManifestValidator\] VirtualService\/raw: spec\.hosts: must be of type array/);
  });
});
