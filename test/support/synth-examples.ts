/**
 * Prints the YAML of the payments and Bookinfo examples on both meshes (a child process of
 * `test/determinism.test.ts`, so that a second process can be compared byte for byte).
 */
import { App, Yaml } from 'cdk8s';
import { buildBookinfo } from '../../examples/shared/bookinfo-patterns';
import { buildPayments } from '../../examples/shared/payments-patterns';
import { Mesh } from '../../src';

/** The YAML of every chart of the examples, in order. */
export function synthExamples(): string {
  const out: string[] = [];
  for (const mesh of [Mesh.istio(), Mesh.linkerd()]) {
    for (const build of [buildPayments, buildBookinfo]) {
      const app = new App({ outdir: '/nonexistent' });
      build(app, mesh);
      for (const chart of app.charts) out.push(Yaml.stringify(...chart.toJson()));
    }
  }
  return out.join('---\n');
}

if (require.main === module) process.stdout.write(synthExamples());
