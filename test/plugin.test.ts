import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { FindingSeverity } from '../src/analysis';
import { IPluginValidationContext, MeshValidation } from '../src/plugin';

const PAYMENTS = path.join(__dirname, 'fixtures', 'payments');
const payments = fs.readdirSync(PAYMENTS).sort().map(f => path.join(PAYMENTS, f));

/** cdk8s-cli's PluginManager, which `cdk8s synth` uses to load `validations:` (not in its package exports). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PluginManager } = require(path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'plugins', '_manager'));

/** cdk8s-cli types `manifests` as `readonly string[]`, which jsii cannot express; the shapes match otherwise. */
const asContext = (c: ValidationContext) => c as unknown as IPluginValidationContext;

function writeManifest(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-plugin-'));
  const file = path.join(dir, 'chart.k8s.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('MeshValidation', () => {
  test('reports every finding with its manifest path and fails on errors', async () => {
    // GIVEN cdk8s-cli's own ValidationContext over the seed manifests
    const context = new ValidationContext(payments, 'cdk8s-mesh', '0.0.0', { 'payment-api': { path: 'app/Payments/VirtualService' } }, false);

    // WHEN
    await new MeshValidation().validate(asContext(context));

    // THEN
    const report = context.report.toJson();
    expect(report.summary.status).toBe('failure');
    expect(report.summary.metadata).toMatchObject({ failureThreshold: 'error' });
    const retried = report.violations.find(v => v.ruleName === 'MESH101 (error)' && v.violatingConstructs[0].locations[0] === 'spec.http[0]');
    expect(retried).toMatchObject({
      recommendation: expect.stringMatching(/^VirtualService production\/payment-api: route can match POST, PATCH and CONNECT/),
      violatingConstructs: [{ resourceName: 'payment-api', locations: ['spec.http[0]'], manifestPath: path.join(PAYMENTS, 'virtual-service.yaml'), constructPath: 'app/Payments/VirtualService' }],
    });
    const budget = report.violations.find(v => v.ruleName === 'MESH001 (error)');
    expect(budget?.violatingConstructs[0].manifestPath).toBe(path.join(PAYMENTS, 'service-profile.yaml'));
  });

  test('succeeds when no finding reaches the failure threshold, and honours suppressions', async () => {
    // GIVEN a VirtualService whose route retries POST (an error), suppressed with a reason
    const file = writeManifest([
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: cart, namespace: shop}',
      'spec:',
      '  hosts: [cart]',
      '  http:',
      '    - route: [{destination: {host: cart}}]',
      '      timeout: 5s',
    ].join('\n'));
    const errors = async (props: any) => {
      const context = new ValidationContext([file], 'cdk8s-mesh', '0.0.0', {}, false);
      await new MeshValidation(props).validate(asContext(context));
      return context.report.toJson();
    };

    // WHEN / THEN
    expect((await errors({})).summary.status).toBe('failure');
    const suppressed = await errors({ suppressions: [{ ruleId: 'MESH101', reason: 'cart dedupes by idempotency key' }] });
    expect(suppressed.violations.filter(v => v.ruleName.endsWith('(error)'))).toEqual([]);
    expect(suppressed.summary.status).toBe('success');
  });

  test('loads through cdk8s-cli\'s plugin manager from a local path, with properties from cdk8s.yaml', () => {
    // WHEN (the published package is loaded the same way from ./node_modules/cdk8s-mesh/lib/plugin)
    const plugin = new PluginManager(os.tmpdir()).load({
      pkg: path.join(__dirname, '..', 'src', 'plugin'),
      version: '0.0.0',
      class: 'MeshValidation',
      properties: { failureThreshold: 'warning' },
    });

    // THEN
    expect(plugin.class).toBe('MeshValidation');
    expect(typeof (plugin.instance as any).validate).toBe('function');
  });

  test('fails when the failure threshold is not a severity', () => {
    expect(() => new MeshValidation({ failureThreshold: 'fatal' as FindingSeverity })).toThrow('[MeshValidation] failureThreshold must be one of error, warning, info, got "fatal"');
  });

  test('fails at once on a suppression without a reason', () => {
    expect(() => new MeshValidation({ suppressions: [{ ruleId: 'MESH101', reason: '' }] })).toThrow('suppression of MESH101 needs a reason');
  });
});
