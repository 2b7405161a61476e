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
      // The seeds have a DestinationRule named payment-api too: cdk8s-cli's name-keyed metadata cannot tell them apart.
      violatingConstructs: [{ resourceName: 'VirtualService/payment-api', locations: ['spec.http[0]'], manifestPath: path.join(PAYMENTS, 'virtual-service.yaml'), constructPath: undefined }],
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

  test('never attributes a finding to another object of the same name (a VirtualService and a DestinationRule "payment-api")', async () => {
    // GIVEN a VirtualService naming a subset its DestinationRule of the same name lacks (IST0101), and the
    // construct metadata cdk8s writes, which keys paths by name only (the last object of a name wins)
    const file = writeManifest([
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: payment-api, namespace: shop}',
      'spec:',
      '  hosts: [payment-api]',
      '  http:',
      '    - route: [{destination: {host: payment-api, subset: v2}}]',
      '      timeout: 5s',
      '      retries: {attempts: 0}',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: DestinationRule',
      'metadata: {name: payment-api, namespace: shop}',
      'spec:',
      '  host: payment-api',
      '  subsets: [{name: v1, labels: {version: v1}}]',
    ].join('\n'));
    const context = new ValidationContext([file], 'cdk8s-mesh', '0.0.0', { 'payment-api': { path: 'payments/payment-api-dr/Resource' } }, false);

    // WHEN
    await new MeshValidation().validate(asContext(context));

    // THEN
    const missing = context.report.toJson().violations.find(v => v.ruleName === 'IST0101 (error)');
    expect(missing?.recommendation).toMatch(/^VirtualService shop\/payment-api: /);
    expect(missing?.violatingConstructs).toEqual([expect.objectContaining({ resourceName: 'VirtualService/payment-api', constructPath: undefined, manifestPath: file })]);
  });

  test('reads a file of 150,000 documents without overflowing the stack (push(...documents) did)', async () => {
    const file = writeManifest(Array(150_000).fill('{}\n').join('---\n'));
    const context = new ValidationContext([file], 'cdk8s-mesh', '0.0.0', {}, false);
    await new MeshValidation({ schemaValidation: false }).validate(asContext(context));
    expect(context.report.toJson().summary.status).toBe('success');
  }, 60_000);

  test('adds the YAML 1.1 hint to a finding on a field an unquoted OFF turned into false', async () => {
    const file = writeManifest('apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec:\n  mtls: {mode: OFF}\n');
    const context = new ValidationContext([file], 'cdk8s-mesh', '0.0.0', {}, false);
    await new MeshValidation().validate(asContext(context));
    const mode = context.report.toJson().violations.find(v => v.violatingConstructs[0].locations[0] === 'spec.mtls.mode');
    expect(mode?.recommendation).toMatch(/ \(hint: spec\.mtls\.mode is an unquoted YAML 1\.1 boolean such as OFF, on or yes, which kubectl reads as true or false: quote it, e\.g\. "OFF"\)$/);
  });

  test('fails when the failure threshold is not a severity', () => {
    expect(() => new MeshValidation({ failureThreshold: 'fatal' as FindingSeverity })).toThrow('[MeshValidation] failureThreshold must be one of error, warning, info, got "fatal"');
  });

  test('fails at once on a suppression without a reason', () => {
    expect(() => new MeshValidation({ suppressions: [{ ruleId: 'MESH101', reason: '' }] })).toThrow('suppression of MESH101 needs a reason');
  });
});
