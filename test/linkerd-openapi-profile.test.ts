import * as path from 'path';
import { Duration } from 'cdk8s';
import * as linkerd from '../src/linkerd';
import { IdempotencyLevel, ServiceProfile } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

const FIXTURES = path.join(__dirname, 'fixtures', 'linkerd');
const OPENAPI3 = path.join(FIXTURES, 'payments-openapi3.yaml');
const SWAGGER2 = path.join(FIXTURES, 'payments-swagger2.json');

function fromDocument(document: any, extra: object = {}): any {
  const chart = testChart('production');
  ServiceProfile.fromOpenApi(chart, 'Profile', { service: { name: 'payments' }, document, ...extra });
  return synthValid(chart)[0];
}

describe('ServiceProfile.fromOpenApi', () => {
  test('generates one route per path and method from an OpenAPI 3 document', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    ServiceProfile.fromOpenApi(chart, 'Profile', { service: { name: 'payments' }, file: OPENAPI3 });

    // THEN
    const [profile] = synthValid(chart);
    expect(profile.metadata.name).toBe('payments.production.svc.cluster.local');
    expect(profile.spec.routes.map((r: any) => [r.name, r.condition.pathRegex, r.isRetryable, r.timeout])).toEqual([
      ['GET /api/payments', '^/api/payments$', true, '2s'],
      ['POST /api/payments', '^/api/payments$', false, '10s'],
      ['DELETE /api/payments/{paymentId}', '^/api/payments/[^/]*$', false, undefined],
      ['GET /api/payments/{paymentId}', '^/api/payments/[^/]*$', true, '0.5s'],
      ['PUT /api/payments/{paymentId}', '^/api/payments/[^/]*$', true, undefined],
      ['GET /api/payments/{paymentId}/refunds/{refundId}', '^/api/payments/[^/]*/refunds/[^/]*$', true, undefined],
    ]);
    expect(profile.spec.retryBudget).toEqual({ retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' });
    expect(profile).toMatchSnapshot();
  });

  test('classifies declared statuses, 5xx as failures, and skips default', () => {
    const chart = testChart('production');
    ServiceProfile.fromOpenApi(chart, 'Profile', { service: { name: 'payments' }, file: OPENAPI3 });
    const routes = synthValid(chart)[0].spec.routes;
    expect(routes[1].responseClasses).toEqual([
      { condition: { status: { min: 201, max: 201 } }, isFailure: false },
      { condition: { status: { min: 409, max: 409 } }, isFailure: false },
      { condition: { status: { min: 500, max: 500 } }, isFailure: true },
    ]);
    expect(routes[2].responseClasses).toHaveLength(2);
  });

  test('produces the same profile from the equivalent Swagger 2.0 document', () => {
    const build = (file: string) => {
      const chart = testChart('production');
      ServiceProfile.fromOpenApi(chart, 'Profile', { service: { name: 'payments' }, file });
      return synthValid(chart);
    };
    expect(build(SWAGGER2)).toEqual(build(OPENAPI3));
  });

  test('reads 5XX ranges of OpenAPI 3', () => {
    const profile = fromDocument({ openapi: '3.1.0', paths: { '/x': { get: { responses: { '5XX': {}, '200': {} } } } } });
    expect(profile.spec.routes[0].responseClasses).toEqual([
      { condition: { status: { min: 200, max: 200 } }, isFailure: false },
      { condition: { status: { min: 500, max: 599 } }, isFailure: true },
    ]);
  });

  test('retries POST marked x-linkerd-retryable with allowUnsafeRetries', () => {
    const profile = fromDocument({ swagger: '2.0', paths: { '/x': { post: { 'x-linkerd-retryable': true, 'responses': {} } } } }, { allowUnsafeRetries: true });
    expect(profile.spec.routes[0].isRetryable).toBe(true);
  });

  test('escapes regex characters in literal path segments', () => {
    const profile = fromDocument({ openapi: '3.0.0', paths: { '/v1.0/items/{id}.json': { get: {} } } });
    expect(profile.spec.routes[0].condition).toEqual({ method: 'GET', pathRegex: '^/v1\\.0/items/[^/]*\\.json$' });
  });

  test('fails when a POST operation is marked retryable without the opt-in', () => {
    expect(() => fromDocument({ swagger: '2.0', paths: { '/payments': { post: { 'x-linkerd-retryable': true, 'responses': {} } } } }))
      .toThrow('[test/Profile] document#/paths/~1payments/post/x-linkerd-retryable must not be true on a POST operation, got true. Retrying a non-idempotent request can repeat its side effect: remove the extension, or set allowUnsafeRetries: true if the handler deduplicates');
  });

  test('fails when x-linkerd-timeout is not a duration, naming the file and the pointer', () => {
    const file = path.join(FIXTURES, 'malformed-timeout.yaml');
    expect(() => ServiceProfile.fromOpenApi(testChart('production'), 'Profile', { service: { name: 'payments' }, file }))
      .toThrow(`[test/Profile] ${file}#/paths/~1payments~1{id}/get/x-linkerd-timeout must be a duration of at least 1ms such as "5s" or "250ms", got 5`);
  });

  test('fails when the document is neither OpenAPI 3 nor Swagger 2.0', () => {
    expect(() => fromDocument({ openapi: '2.5', paths: {} }))
      .toThrow('[test/Profile] document#/openapi must be an OpenAPI version 3.0.x or 3.1.x (or the document a Swagger 2.0 one with swagger: "2.0"), got "2.5"');
  });

  test('fails when paths is missing or a status is not HTTP', () => {
    expect(() => fromDocument({ openapi: '3.0.0' })).toThrow('[test/Profile] document#/paths must be an object, got undefined');
    expect(() => fromDocument({ openapi: '3.0.0', paths: { '/a': { get: { responses: { ok: {} } } } } }))
      .toThrow('[test/Profile] document#/paths/~1a/get/responses/ok must be an HTTP status code, a range such as "5XX", or "default", got "ok"');
  });

  test('fails when a path template is unbalanced', () => {
    expect(() => fromDocument({ openapi: '3.0.0', paths: { '/a/{id': { get: {} } } }))
      .toThrow('[test/Profile] document#/paths/~1a~1{id must have balanced, named {parameters}, got "/a/{id"');
  });

  test('fails when the YAML does not parse, naming the file', () => {
    const file = path.join(FIXTURES, 'malformed-syntax.yaml');
    expect(() => ServiceProfile.fromOpenApi(testChart('production'), 'Profile', { service: { name: 'payments' }, file }))
      .toThrow(`[test/Profile] ${file}# must be valid YAML: `);
  });

  test('fails when neither file nor document is given', () => {
    expect(() => ServiceProfile.fromOpenApi(testChart('production'), 'Profile', { service: { name: 'payments' } }))
      .toThrow('[test/Profile] file or document must be set, and not both. Pass the path of the document as file, or the parsed document as document');
  });
});

describe('ServiceProfile.fromGrpc', () => {
  test('generates one POST route per rpc, retryable when the rpc declares idempotency', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    ServiceProfile.fromGrpc(chart, 'Profile', {
      service: { name: 'ledger' },
      grpcServices: [{
        packageName: 'payments.v1',
        name: 'Ledger',
        methods: [
          { name: 'Post', timeout: Duration.seconds(3) },
          { name: 'Get', idempotencyLevel: IdempotencyLevel.NO_SIDE_EFFECTS },
          { name: 'Void', idempotencyLevel: IdempotencyLevel.IDEMPOTENT },
        ],
      }],
    });

    // THEN
    const [profile] = synthValid(chart);
    expect(profile.spec.routes).toEqual([
      { name: 'payments.v1.Ledger/Get', condition: { method: 'POST', pathRegex: '^/payments\\.v1\\.Ledger/Get$' }, isRetryable: true },
      { name: 'payments.v1.Ledger/Post', condition: { method: 'POST', pathRegex: '^/payments\\.v1\\.Ledger/Post$' }, isRetryable: false, timeout: '3s' },
      { name: 'payments.v1.Ledger/Void', condition: { method: 'POST', pathRegex: '^/payments\\.v1\\.Ledger/Void$' }, isRetryable: true },
    ]);
    expect(profile).toMatchSnapshot();
  });

  test('fails when an rpc name is not a proto identifier', () => {
    expect(() => ServiceProfile.fromGrpc(testChart('production'), 'Profile', {
      service: { name: 'ledger' }, grpcServices: [{ name: 'Ledger', methods: [{ name: 'get-it' }] }],
    })).toThrow('[test/Profile] grpcServices[0].methods[0].name must be a proto identifier, got "get-it"');
  });

  test('keeps the route generators out of the public API: only fromOpenApi and fromGrpc reach them', () => {
    const exported = Object.keys(linkerd);
    expect(exported.filter(name => /ProfileRoutes$/.test(name))).toEqual([]);
    expect(exported).toEqual(expect.arrayContaining(['ServiceProfile', 'IdempotencyLevel']));
  });
});
