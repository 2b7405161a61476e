import * as fs from 'fs';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { expectValid } from './support/synth';

const EXAMPLES = path.resolve(__dirname, '..', 'examples');
const apps = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'main.ts'))).sort();

describe('examples', () => {
  test('there are examples to synthesize', () => {
    expect(apps.length).toBeGreaterThan(0);
  });

  test.each(apps)('%s synthesizes objects the validation engine accepts, deterministically', (name) => {
    // GIVEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(path.join(EXAMPLES, name, 'main.ts'));
    const synth = () => {
      const app = Testing.app();
      build(app);
      return app.charts.map(c => ({ chart: c.node.id, yaml: Yaml.stringify(...c.toJson()) }));
    };
    // WHEN
    const first = synth();
    const second = synth();
    // THEN
    expect(second).toEqual(first);
    const app = Testing.app();
    build(app);
    const manifests = app.charts.flatMap(c => c.toJson());
    expect(manifests.length).toBeGreaterThan(0);
    expectValid(manifests);
    expect(first).toMatchSnapshot();
  });
});
