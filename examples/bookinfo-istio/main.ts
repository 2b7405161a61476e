/** Bookinfo through the patterns, on Istio: see ../shared/bookinfo-patterns.ts. */
import { App } from 'cdk8s';
import { Mesh } from '../../src';
import { buildBookinfo } from '../shared/bookinfo-patterns';

/** Builds the example into `app`. */
export function build(app: App): void {
  buildBookinfo(app, Mesh.istio());
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
