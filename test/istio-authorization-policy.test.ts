import { Yaml } from 'cdk8s';
import { IstioApiVersion } from '../src/core/istio-api-version';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { AuthorizationPolicy, AuthorizationAction } = istio;

const FRONTEND = 'cluster.local/ns/production/sa/frontend';

describe('AuthorizationPolicy', () => {
  test('allowNothing() renders spec: {}', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    AuthorizationPolicy.allowNothing(chart, 'deny-all', { metadata: { name: 'deny-all' } });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec).toEqual({});
  });

  test('renders an ALLOW rule with sources, operations, conditions and not-forms', () => {
    // GIVEN
    const chart = testChart('production');
    const policy = new AuthorizationPolicy(chart, 'payments', { selector: { matchLabels: { app: 'payments' } } });

    // WHEN
    policy.addRule({
      sources: [{ principals: [FRONTEND], notNamespaces: ['sandbox'] }, { serviceAccounts: ['ops/admin'] }],
      operations: [{ methods: ['POST'], paths: ['/api/payments', '/api/payments/*'], ports: [8080], notPaths: ['/api/payments/internal/*'] }],
      conditions: [{ key: 'request.headers[x-tenant]', values: ['eu'], notValues: ['test'] }],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.action).toEqual('ALLOW');
    expect(obj.spec.rules[0].to[0].operation.ports).toEqual(['8080']);
  });

  test('renders DENY, AUDIT and CUSTOM policies', () => {
    const chart = testChart('production');
    new AuthorizationPolicy(chart, 'deny', { action: AuthorizationAction.DENY, rules: [{ operations: [{ paths: ['/admin/*'] }] }] });
    new AuthorizationPolicy(chart, 'audit', { action: AuthorizationAction.AUDIT, rules: [{ operations: [{ methods: ['DELETE'] }] }] });
    new AuthorizationPolicy(chart, 'ext', {
      action: AuthorizationAction.CUSTOM,
      provider: 'opa',
      targetRefs: [{ kind: 'Gateway', name: 'waypoint' }],
      rules: [{ operations: [{ paths: ['/secure/*'] }] }],
    });
    const [deny, audit, ext] = synthValid(chart);
    expect(deny.spec).toEqual({ action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }] });
    expect(audit.spec.action).toEqual('AUDIT');
    expect(ext.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }],
      action: 'CUSTOM',
      provider: { name: 'opa' },
      rules: [{ to: [{ operation: { paths: ['/secure/*'] } }] }],
    });
  });

  test('opt-ins allow any source and wildcard principals', () => {
    const chart = testChart();
    new AuthorizationPolicy(chart, 'p', { rules: [{ allowAnySource: true, operations: [{ paths: ['/healthz'] }] }, { allowWildcardPrincipals: true, sources: [{ principals: ['*'] }] }] });
    const [obj] = synthValid(chart);
    expect(obj.spec.rules).toEqual([{ to: [{ operation: { paths: ['/healthz'] } }] }, { from: [{ source: { principals: ['*'] } }] }]);
  });

  test('fails when an ALLOW rule has no source', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ operations: [{ paths: ['/metrics'] }] }] })).toThrow(
      '[test/p] rules[0].sources is empty in an ALLOW rule, which admits every caller, unauthenticated ones included, got none. Add sources (principals, namespaces, ...), or set allowAnySource: true');
  });

  test('fails when an ALLOW source names no identity, as with only notNamespaces', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ sources: [{ notNamespaces: ['x'] }] }] })).toThrow(
      '[test/p] rules[0].sources[0] names no identity in an ALLOW rule, so it also admits unauthenticated callers (plain text, no JWT), got {"notNamespaces":["x"]}. '
      + 'Add principals, namespaces, serviceAccounts or requestPrincipals to the source, or set allowAnySource: true');
  });

  test('fails when any ALLOW source has only not-fields or IP blocks, even next to a source with an identity', () => {
    const only = (source: istio.RuleSource) => () => new AuthorizationPolicy(testChart(), 'p', { rules: [{ sources: [{ principals: [FRONTEND] }, source] }] });
    expect(only({ notPrincipals: [FRONTEND] })).toThrow(
      '[test/p] rules[0].sources[1] names no identity in an ALLOW rule, so it also admits unauthenticated callers (plain text, no JWT), got {"notPrincipals":["cluster.local/ns/production/sa/frontend"]}');
    expect(only({ ipBlocks: ['10.0.0.0/8'] })).toThrow('[test/p] rules[0].sources[1] names no identity in an ALLOW rule, so it also admits unauthenticated callers (plain text, no JWT), got {"ipBlocks":["10.0.0.0/8"]}');
    expect(only({ remoteIpBlocks: ['203.0.113.0/24'], notRequestPrincipals: ['*'] })).toThrow(
      '[test/p] rules[0].sources[1] names no identity in an ALLOW rule, so it also admits unauthenticated callers (plain text, no JWT), got {"notRequestPrincipals":["*"],"remoteIpBlocks":["203.0.113.0/24"]}');
  });

  test('accepts ALLOW sources that pair an identity with exclusions or IP blocks, and IP-only sources with allowAnySource', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    new AuthorizationPolicy(chart, 'p', {
      rules: [
        { sources: [{ namespaces: ['web'], notPrincipals: [FRONTEND] }, { requestPrincipals: ['https://idp.example.com/*'], ipBlocks: ['10.0.0.0/8'] }] },
        { allowAnySource: true, sources: [{ remoteIpBlocks: ['203.0.113.0/24'] }] },
      ],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(obj.spec.rules).toEqual([
      { from: [{ source: { notPrincipals: [FRONTEND], namespaces: ['web'] } }, { source: { requestPrincipals: ['https://idp.example.com/*'], ipBlocks: ['10.0.0.0/8'] } }] },
      { from: [{ source: { remoteIpBlocks: ['203.0.113.0/24'] } }] },
    ]);
  });

  test('DENY sources need no identity', () => {
    const chart = testChart();
    new AuthorizationPolicy(chart, 'p', { action: AuthorizationAction.DENY, rules: [{ sources: [{ notNamespaces: ['production'] }] }] });
    expect(synthValid(chart)[0].spec.rules).toEqual([{ from: [{ source: { notNamespaces: ['production'] } }] }]);
  });

  test('fails when a principal is a wildcard without opt-in', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ sources: [{ principals: ['cluster.local/ns/prod/sa/*'] }] }] })).toThrow(
      '[test/p] rules[0].sources[0].principals[0] is a wildcard, "cluster.local/ns/prod/sa/*", which admits every identity it matches. List exact principals, or set allowWildcardPrincipals: true on the rule');
  });

  test('fails when a principal has spiffe:// or the wrong shape', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ sources: [{ principals: [`spiffe://${FRONTEND}`] }] }] })).toThrow(
      `rules[0].sources[0].principals[0] must not start with spiffe://, got "spiffe://${FRONTEND}". Use "${FRONTEND}"`);
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ sources: [{ principals: ['production/frontend'] }] }] })).toThrow(
      'must look like <trust-domain>/ns/<namespace>/sa/<service-account>, got "production/frontend". For example cluster.local/ns/production/sa/frontend');
  });

  test('fails when serviceAccounts are mixed with principals or have wildcards', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ sources: [{ serviceAccounts: ['a/b'], principals: [FRONTEND] }] }] })).toThrow(
      `[test/p] rules[0].sources[0] cannot combine serviceAccounts with principals or namespaces (Istio rejects it), got {"serviceAccounts":["a/b"],"principals":["${FRONTEND}"]}. Split them into two sources`);
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ sources: [{ serviceAccounts: ['a/*'] }] }] })).toThrow(
      '[test/p] rules[0].sources[0].serviceAccounts[0] must look like <namespace>/<name>, without wildcards, got "a/*". For example production/frontend');
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ sources: [{ serviceAccounts: ['ops/a..b'] }] }] })).toThrow(
      '[test/p] rules[0].sources[0].serviceAccounts[0] must look like <namespace>/<name>, without wildcards, got "ops/a..b". For example production/frontend');
  });

  test('fails when a DENY or CUSTOM policy has no rules', () => {
    const chart = testChart();
    new AuthorizationPolicy(chart, 'deny', { action: AuthorizationAction.DENY });
    expect(() => synthValid(chart)).toThrow('[test/deny] rules must not be empty (Istio rejects a DENY policy without rules), got 0 rules. Call addRule(), or use AuthorizationPolicy.allowNothing() for a deny-all');
  });

  test('fails when an ALLOW policy has no rules (use allowNothing)', () => {
    const chart = testChart();
    new AuthorizationPolicy(chart, 'allow');
    expect(() => synthValid(chart)).toThrow(
      '[test/allow] rules must not be empty (an ALLOW policy without rules allows nothing), got 0 rules. Call addRule(), or use AuthorizationPolicy.allowNothing() for a deny-all');
  });

  test('fails when selector and targetRefs are both set', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { selector: { matchLabels: { a: 'b' } }, targetRefs: [{ kind: 'Service', name: 's' }] })).toThrow(
      '[test/p] targetRefs cannot be combined with selector (Istio accepts only one of them). Use selector for sidecars, targetRefs for waypoints and gateways');
  });

  test('fails when CUSTOM has no provider, or a provider comes without CUSTOM', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { action: AuthorizationAction.CUSTOM })).toThrow('[test/p] provider is required with action CUSTOM');
    expect(() => new AuthorizationPolicy(testChart(), 'p', { provider: 'opa' })).toThrow('provider is only allowed with action CUSTOM, got action ALLOW');
  });

  test('fails when a port is not a workload port number', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { rules: [{ allowAnySource: true, operations: [{ ports: [70000] }] }] })).toThrow('rules[0].operations[0].ports[0] must be an integer from 1 to 65535, got 70000');
  });

  test('fails when adding a rule to allowNothing()', () => {
    const p = AuthorizationPolicy.allowNothing(testChart(), 'p');
    expect(() => p.addRule({ allowAnySource: true })).toThrow(
      '[test/p] rules cannot be added to an allowNothing() policy, got {"allowAnySource":true}. Create a separate ALLOW policy');
  });

  test('allowNothing() leaves no state behind: the next policy built with new is an ordinary one', () => {
    // GIVEN
    const chart = testChart();
    AuthorizationPolicy.allowNothing(chart, 'nothing');

    // WHEN
    const next = new AuthorizationPolicy(chart, 'next', { rules: [{ sources: [{ principals: [FRONTEND] }] }] });

    // THEN
    const [nothing, allow] = synthValid(chart);
    expect(nothing.spec).toEqual({});
    expect(allow.spec).toEqual({ action: 'ALLOW', rules: [{ from: [{ source: { principals: [FRONTEND] } }] }] });
    expect(() => next.addRule({ sources: [{ namespaces: ['web'] }] })).not.toThrow();
  });

  test('fails when props that look like allowNothing() are passed to new: no public flag makes a policy allow nothing', () => {
    const chart = testChart();
    // Strict props refuse the untyped key at once, naming the known properties.
    expect(() => new AuthorizationPolicy(chart, 'p', { allowNothing: true, _allowNothing: true } as istio.AuthorizationPolicyProps)).toThrow(
      '[test/p] allowNothing is not a property of AuthorizationPolicyProps, got true. Known properties: apiVersion, metadata, selector, targetRefs, action, provider, rules');
  });

  test('fails when targetRefs targets v1beta1', () => {
    expect(() => new AuthorizationPolicy(testChart(), 'p', { apiVersion: IstioApiVersion.V1BETA1, targetRefs: [{ kind: 'Gateway', name: 'w' }], rules: [] })).toThrow(
      'targetRefs is not understood by control planes older than Istio 1.22');
  });
});
