import { App, Chart, ApiObject } from 'cdk8s';
import { FindingSeverity, formatFinding, ManifestValidator, validateManifests, ValidationRule } from '../src/analysis';

/** Error findings, formatted `<kind>/<name>: <path>: <message>`. */
function errors(...manifests: any[]): string[] {
  return validateManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatFinding);
}

function virtualService(spec: any, name = 'payment-api'): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'production' }, spec };
}

const GOOD_VS = virtualService({
  hosts: ['payment-api'],
  http: [{
    route: [{ destination: { host: 'payment-api', subset: 'stable' }, weight: 100 }],
    retries: { attempts: 0 },
    timeout: '30s',
  }],
});

describe('validateManifests', () => {
  test('finds nothing in valid objects of every family', () => {
    // GIVEN
    const manifests = [
      GOOD_VS,
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'production' }, spec: { mtls: { mode: 'STRICT' } } },
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-all', namespace: 'production' }, spec: {} },
      {
        apiVersion: 'linkerd.io/v1alpha2',
        kind: 'ServiceProfile',
        metadata: { name: 'payment-api.production.svc.cluster.local', namespace: 'production' },
        spec: {
          routes: [{ name: 'GET /api/payments/{id}', condition: { method: 'GET', pathRegex: '/api/payments/[^/]*' }, isRetryable: true, timeout: '5s' }],
          retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' },
        },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'payment-api', namespace: 'production' },
        spec: {
          parentRefs: [{ group: '', kind: 'Service', name: 'payment-api', port: 8080 }],
          rules: [{ backendRefs: [{ name: 'payment-api', port: 8080, weight: 90 }, { name: 'payment-api-canary', port: 8080, weight: 10 }], timeouts: { request: '10s', backendRequest: '5s' } }],
        },
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'production', labels: { 'istio-injection': 'enabled' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'payment-api', namespace: 'production' }, spec: { selector: { app: 'payment-api' }, ports: [{ port: 8080, targetPort: 'http' }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'payment-api', namespace: 'production' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'payment-api' } },
          template: {
            metadata: { labels: { app: 'payment-api' } },
            spec: { containers: [{ name: 'app', image: 'example/payment-api:1.0', ports: [{ containerPort: 8080, name: 'http' }], resources: { limits: { cpu: '500m', memory: 256 } } }] },
          },
        },
      },
    ];
    // WHEN
    const findings = validateManifests(manifests);
    // THEN
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('wrong type', () => {
    expect(errors(virtualService({ hosts: 'payment-api' }))).toEqual([
      'VirtualService/payment-api: spec.hosts: must be of type array, got string "payment-api"',
    ]);
  });

  test('int-or-string', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80, targetPort: 8.5 }] } };
    expect(errors(svc)).toEqual([
      'Service/web: spec.ports[0].targetPort: must validate one and only one schema (oneOf), 0 matched',
    ]);
  });

  test('unknown enum value', () => {
    const pa = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'prod' }, spec: { mtls: { mode: 'STRICTER' } } };
    expect(errors(pa)).toEqual([
      'PeerAuthentication/default: spec.mtls.mode: Unsupported value: "STRICTER": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"',
    ]);
  });

  test('missing required field', () => {
    const vs = virtualService({ hosts: ['a'], http: [{ route: [{ destination: { subset: 'v1' } }] }] });
    expect(errors(vs)).toEqual(['VirtualService/payment-api: spec.http[0].route[0].destination.host: Required value']);
  });

  test('pattern, with Go RE2 semantics', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'ns' },
      spec: { parentRefs: [{ kind: 'Service', group: '', name: 's' }], rules: [{ timeouts: { request: '1.5s' } }] },
    };
    expect(errors(route)).toEqual([
      "HTTPRoute/r: spec.rules[0].timeouts.request: must match the regular expression '^([0-9]{1,5}(h|m|s|ms)){1,4}$', got \"1.5s\"",
    ]);
  });

  test('format', () => {
    const vs = virtualService({ hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }], retries: { attempts: 3_000_000_000 } }] });
    expect(errors(vs)).toEqual([
      'VirtualService/payment-api: spec.http[0].retries.attempts: must fit in a 32-bit signed integer (int32), got 3000000000',
    ]);
  });

  test('bounds', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'ns' },
      spec: { parentRefs: [{ kind: 'Service', group: '', name: 's', port: 70000 }] },
    };
    expect(errors(route)).toEqual([
      'HTTPRoute/r: spec.parentRefs[0].port: must be less than or equal to 65535, got 70000',
    ]);
  });

  test('list-type map and set uniqueness', () => {
    const server = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'ns' },
      spec: { ports: [{ port: 80, protocol: 'TCP', name: 'a' }, { port: 80, protocol: 'TCP', name: 'b' }] },
    };
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'ns' },
      spec: {
        parentRefs: [{ kind: 'Service', group: '', name: 's' }],
        rules: [{ filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['x-debug', 'x-debug'] } }] }],
      },
    };
    expect(errors(server)).toEqual(['Service/web: spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}']);
    expect(errors(route)).toEqual(['HTTPRoute/r: spec.rules[0].filters[0].requestHeaderModifier.remove[1]: Duplicate value: "x-debug"']);
  });

  test('CEL rule', () => {
    const vs = virtualService({ hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }], timeout: '0.5ms' }] });
    const found = validateManifests([vs]);
    expect(found.map(f => [f.rule, f.path])).toEqual([[ValidationRule.CEL, 'spec.http[0].timeout']]);
    expect(formatFinding(found[0])).toMatch(/^VirtualService\/payment-api: spec\.http\[0\]\.timeout: .*(1ms|duration)/);
  });

  test('CEL rule on an object: portLevelMtls needs a selector', () => {
    const pa = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'p', namespace: 'ns' },
      spec: { portLevelMtls: { 8080: { mode: 'DISABLE' } } },
    };
    expect(errors(pa)).toEqual(['PeerAuthentication/p: spec: portLevelMtls requires selector']);
  });

  test('pruned field: the seed\'s retryBudget on a Linkerd route', () => {
    const sp = {
      apiVersion: 'linkerd.io/v1alpha2',
      kind: 'ServiceProfile',
      metadata: { name: 'payment-api.production.svc.cluster.local', namespace: 'production' },
      spec: { routes: [{ name: 'GET', condition: { method: 'GET' }, retryBudget: { retryRatio: 0.2 } }] },
    };
    expect(errors(sp)).toEqual([
      'ServiceProfile/payment-api.production.svc.cluster.local: spec.routes[0].retryBudget: unknown field "retryBudget": the API server would silently prune it; known fields: condition, isRetryable, name, responseClasses, timeout',
    ]);
  });

  test('pruned field in a built-in kind and in metadata', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', label: { a: 'b' } }, spec: { finalizer: [] } };
    expect(errors(ns)).toEqual([
      'Namespace/prod: metadata.label: unknown field "label": the API server would silently prune it',
      'Namespace/prod: spec.finalizer: unknown field "finalizer": the API server would silently prune it; known fields: finalizers',
    ]);
  });

  test('oneOf: exactly one of exact, prefix, regex', () => {
    const vs = virtualService({ hosts: ['a'], http: [{ match: [{ uri: { exact: '/a', prefix: '/b' } }], route: [{ destination: { host: 'a' } }] }] });
    expect(errors(vs)).toEqual([
      'VirtualService/payment-api: spec.http[0].match[0].uri: must validate one and only one schema (oneOf), 2 matched: set exactly one of exact, prefix, regex (found exact, prefix)',
    ]);
  });

  test('bad metadata name, namespace and labels', () => {
    const vs = { ...GOOD_VS, metadata: { name: 'Payment_API', namespace: 'Prod', labels: { 'app/x/y': 'ok', 'tier': 'not ok' } } };
    expect(errors(vs)).toEqual([
      'VirtualService/Payment_API: metadata.name: Invalid value: "Payment_API": must be a DNS-1123 subdomain (lowercase alphanumerics, \'-\' and \'.\', starting and ending with an alphanumeric, at most 253 characters)',
      'VirtualService/Payment_API: metadata.namespace: Invalid value: "Prod": a namespace must be a DNS-1123 label (lowercase alphanumerics and \'-\', at most 63 characters)',
      'VirtualService/Payment_API: metadata.labels[app/x/y]: Invalid label key: "app/x/y" may contain at most one \'/\'',
      'VirtualService/Payment_API: metadata.labels[tier]: Invalid label value: "not ok": must be at most 63 characters, empty or alphanumerics with \'-\', \'_\' or \'.\' inside',
    ]);
  });

  test('a Service name must be a DNS-1035 label', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1payments', namespace: 'ns' }, spec: {} };
    expect(errors(svc)).toEqual([
      'Service/1payments: metadata.name: Invalid value: "1payments": must be a DNS-1035 label (lowercase alphanumerics and \'-\', starting with a letter and ending with an alphanumeric, at most 63 characters)',
    ]);
  });

  test('null in a non-nullable field is dropped (a warning), then validated as absent', () => {
    // GIVEN the seed's `fault:` with everything under it commented out, and a null required field
    const vs = virtualService({ hosts: ['a'], http: [{ route: [{ destination: { host: 'a', subset: null } }], fault: null }] });
    const se = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'se', namespace: 'ns' }, spec: { hosts: null } };
    // THEN
    expect(validateManifests([vs, se]).map(f => `${f.severity} ${formatFinding(f)}`)).toEqual([
      'warning VirtualService/payment-api: spec.http[0].fault: null in a non-nullable field: the API server drops it, as if the field were absent; leave the field out',
      'warning VirtualService/payment-api: spec.http[0].route[0].destination.subset: null in a non-nullable field: the API server drops it, as if the field were absent; leave the field out',
      'warning ServiceEntry/se: spec.hosts: null in a non-nullable field: the API server drops it, as if the field were absent; leave the field out',
      'error ServiceEntry/se: spec.hosts: Required value',
      'warning ServiceEntry/se: <root>: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  test('null as a list item is a type error', () => {
    expect(errors(virtualService({ hosts: ['a', null] }))).toEqual([
      'VirtualService/payment-api: spec.hosts[1]: must be of type string, got null: leave the field out instead',
    ]);
  });

  test('null in a built-in kind is the Go zero value: nothing to report (kubectl create --dry-run output)', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'ns', creationTimestamp: null },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        strategy: {},
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', resources: {} }] } },
      },
      status: {},
    };
    expect(validateManifests([deployment]).map(formatFinding)).toEqual([]);
  });

  test('null in a field with a default gets the default, as the API server does', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'ns' },
      spec: { parentRefs: [{ kind: 'Service', group: '', name: 's' }], rules: [{ matches: null }] },
    };
    expect(validateManifests([route]).map(formatFinding)).toEqual([]);
  });

  test('enum, required, too-long and too-many errors block the CEL rules, as hasBlockingErr does', () => {
    const pa = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'p', namespace: 'ns' },
      spec: { mtls: { mode: 'BLAH' }, portLevelMtls: { 8080: { mode: 'STRICT' } } },
    };
    expect(validateManifests([pa]).map(f => `${f.severity} ${formatFinding(f)}`)).toEqual([
      'error PeerAuthentication/p: spec.mtls.mode: Unsupported value: "BLAH": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"',
      'warning PeerAuthentication/p: <root>: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  test('a namespace on a cluster-scoped object is cleared by the API server: a warning', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', namespace: 'prod' } };
    expect(validateManifests([ns]).map(f => `${f.severity} ${formatFinding(f)}`)).toEqual([
      'warning Namespace/prod: metadata.namespace: Namespace is cluster-scoped: the API server clears metadata.namespace "prod"; remove it',
    ]);
  });

  test('unknown kinds are warnings unless asked otherwise', () => {
    const thing = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(errors(thing)).toEqual([]);
    const strict = validateManifests([thing], { failOnUnknownKinds: true });
    expect(strict.map(f => [f.severity, formatFinding(f)])).toEqual([
      [FindingSeverity.ERROR, 'Widget/w: apiVersion: no schema known for example.com/v1 Widget: not validated'],
    ]);
  });

  test('the input is not modified (defaults are applied to a copy)', () => {
    const vs = virtualService({ hosts: ['a'] });
    const before = JSON.stringify(vs);
    validateManifests([vs]);
    expect(JSON.stringify(vs)).toEqual(before);
  });
});

describe('ManifestValidator', () => {
  test('addToScope makes synthesis fail with every error', () => {
    // GIVEN
    const app = new App({ outdir: '/tmp/cdk8s-mesh-test-out' });
    const chart = new Chart(app, 'payments', { namespace: 'production' });
    new ApiObject(chart, 'vs', { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'vs' }, spec: { hosts: 'x' } } as any);
    ManifestValidator.addToScope(app);
    // THEN
    expect(() => app.synth()).toThrow(/VirtualService\/vs: spec\.hosts: must be of type array, got string "x"/);
  });

  test('validateScope returns findings for every chart', () => {
    const app = new App();
    new ApiObject(new Chart(app, 'a'), 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad' } });
    new ApiObject(new Chart(app, 'b'), 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'good' } });
    expect(ManifestValidator.validateScope(app).map(ManifestValidator.format)).toEqual([
      'Namespace/Bad: metadata.name: Invalid value: "Bad": must be a DNS-1123 label (lowercase alphanumerics and \'-\', starting and ending with an alphanumeric, at most 63 characters)',
    ]);
  });
});
