/** The payments app through the patterns, on Linkerd: see ../shared/payments-patterns.ts. */
import { App } from 'cdk8s';
import { Mesh } from '../../src';
import { buildPayments } from '../shared/payments-patterns';

/** Builds the example into `app`. */
export function build(app: App): void {
  buildPayments(app, Mesh.linkerd());
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
