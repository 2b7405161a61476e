import { App, Chart, Testing } from 'cdk8s';
import { formatFinding, FindingSeverity, validateManifests } from '../../src/analysis';

/**
 * Synthesizes a chart and runs the validation engine on every object: a test that synthesizes
 * something the API server would reject or prune fails here, whatever else it asserts.
 */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectValid(manifests);
  return manifests;
}

/** Asserts that the validation engine finds no error in `manifests`. */
export function expectValid(manifests: any[]): void {
  const errors = validateManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatFinding);
  expect(errors).toEqual([]);
}

/** A fresh chart in a fresh test app. */
export function testChart(namespace?: string): Chart {
  const app: App = Testing.app();
  return new Chart(app, 'test', namespace ? { namespace } : {});
}

/**
 * fast-check settings for property tests: in CI a fixed seed, so a red run is reproducible and a green
 * one cannot turn red by chance; locally a fresh seed each run, to keep finding new counterexamples.
 */
export function configurePropertyTests(fc: { configureGlobal(parameters: object): void }): void {
  fc.configureGlobal(process.env.CI ? { seed: 20261122, numRuns: 100 } : { numRuns: 100 });
}
