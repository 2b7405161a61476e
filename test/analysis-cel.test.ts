import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { compileCelRule, evaluateCelRule } from '../src/analysis/validation/cel';

const CRD_DIR = path.join(__dirname, '..', '..', 'shared', 'crds');

interface FoundRule { readonly rule: any; readonly schema: any; readonly where: string }

/** Every distinct x-kubernetes-validations rule of every served CRD version, with the schema node declaring it. */
function collectRules(): Map<string, FoundRule> {
  const found = new Map<string, FoundRule>();
  const walk = (s: any, where: string): void => {
    if (!s || typeof s !== 'object') return;
    for (const r of s['x-kubernetes-validations'] ?? []) {
      if (!found.has(r.rule)) found.set(r.rule, { rule: r, schema: s, where });
    }
    for (const [name, child] of Object.entries<any>(s.properties ?? {})) walk(child, `${where}.${name}`);
    walk(s.items, `${where}[]`);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}{}`);
    for (const k of ['allOf', 'anyOf', 'oneOf']) for (const child of s[k] ?? []) walk(child, where);
  };
  for (const dir of fs.readdirSync(CRD_DIR)) {
    const dirPath = path.join(CRD_DIR, dir);
    if (!fs.statSync(dirPath).isDirectory()) continue;
    for (const file of fs.readdirSync(dirPath).filter((f) => /\.ya?ml$/.test(f))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dirPath, file), 'utf8'))) {
        const crd: any = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const v of crd.spec.versions ?? []) {
          if (v.served !== false) walk(v.schema?.openAPIV3Schema, `${crd.spec.names.kind}/${v.name}`);
        }
      }
    }
  }
  return found;
}

const RULES = collectRules();

/** A rule exactly as an upstream CRD declares it (fails the test if the CRDs do not contain it). */
function crdRule(rule: string): FoundRule {
  const found = RULES.get(rule);
  if (!found) throw new Error(`rule not found in the CRDs: ${rule}`);
  return found;
}

describe('evaluateCelRule', () => {
  test('every distinct rule in the upstream CRDs compiles', () => {
    // GIVEN every distinct rule (and messageExpression) of every served CRD version
    const expressions = new Set<string>();
    for (const { rule } of RULES.values()) {
      expressions.add(rule.rule);
      if (rule.messageExpression) expressions.add(rule.messageExpression);
    }

    // WHEN each is compiled
    const failures = [...expressions].map((e) => [e, compileCelRule(e)]).filter(([, err]) => err !== undefined);

    // THEN all compile
    expect(failures).toEqual([]);
    expect(RULES.size).toBeGreaterThanOrEqual(115);
    expect(expressions.size - failures.length).toBe(expressions.size);
  });

  test('a malformed rule or an unknown function does not compile', () => {
    expect(compileCelRule('self.size( > 1')).toBeDefined();
    expect(compileCelRule('noSuchFunction(self)')).toMatch(/no matching overload/);
  });

  test('Istio duration rule: Go durations compared against 1ms', () => {
    // GIVEN the Istio rule and its schema node
    const { rule, schema } = crdRule("duration(self) >= duration('1ms')");

    // WHEN / THEN
    expect(evaluateCelRule(rule, '5s', schema)).toEqual({ passed: true, message: '' });
    expect(evaluateCelRule(rule, '1h30m', schema).passed).toBe(true);
    expect(evaluateCelRule(rule, '0.5ms', schema)).toEqual({ passed: false, message: 'must be a valid duration greater than 1ms' });
    const invalid = evaluateCelRule(rule, '5', schema); // Go's ParseDuration requires a unit
    expect(invalid.passed).toBe(false);
    expect(invalid.message).toMatch(/invalid duration "5" evaluating rule: must be a valid duration greater than 1ms/);
  });

  test('format: duration strings are CEL durations (Linkerd HTTPRoute timeouts)', () => {
    const rule = "!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))";
    const { schema } = crdRule(rule);
    expect(schema.properties.request.format ?? schema.properties.request.pattern).toBeDefined();
    expect(evaluateCelRule({ rule }, { request: '10s', backendRequest: '5s' }, schema).passed).toBe(true);
    expect(evaluateCelRule({ rule }, { request: '10s', backendRequest: '20s' }, schema).passed).toBe(false);
    expect(evaluateCelRule({ rule }, { request: '0s', backendRequest: '20s' }, schema).passed).toBe(true);
  });

  test('Gateway API TLSRoute hostnames: isIP with Kubernetes semantics', () => {
    const { rule, schema } = crdRule('self.all(h, !isIP(h))');
    expect(evaluateCelRule(rule, ['example.com', '*.example.com'], schema).passed).toBe(true);
    expect(evaluateCelRule(rule, ['example.com', '10.0.0.1'], schema)).toEqual({ passed: false, message: 'Hostnames cannot contain an IP' });
    expect(evaluateCelRule(rule, ['2001:db8::1'], schema).passed).toBe(false);
    // Kubernetes' isIP rejects leading zeros and IPv4-mapped IPv6 addresses
    expect(evaluateCelRule(rule, ['010.0.0.1'], schema).passed).toBe(true);
    expect(evaluateCelRule(rule, ['::ffff:1.2.3.4'], schema).passed).toBe(true);
  });

  test.each([
    ['isCIDR("10.0.0.0/8")', true],
    ['isCIDR("10.0.0.1/8")', true], // netip.ParsePrefix keeps host bits; masked() canonicalises
    ['isCIDR("10.0.0.0/33")', false],
    ['isCIDR("10.0.0.0/08")', false],
    ['isCIDR("::ffff:1.2.3.4/120")', false],
    ['cidr("10.0.0.1/8").masked() == cidr("10.0.0.0/8")', true],
    ['cidr("192.168.0.0/24").containsIP(ip("192.168.0.7")) && !cidr("192.168.0.0/24").containsIP("192.168.1.1")', true],
    ['string(ip("2001:DB8:0:0:0:0:0:1")) == "2001:db8::1" && ip("fe80::1").isLinkLocalUnicast()', true],
    ['isURL("https://a:b:c/") || isURL("../relative")', false],
    ['url("https://example.com:80/p q?k=a&k=b").getPort() == "80" && url("https://example.com/p%20q?k=a&k=b").getQuery()["k"] == ["a", "b"]', true],
    ['url("https://[::1]:8080/x").getHostname() == "::1" && url("https://example.com/with space").getEscapedPath() == "/with%20space"', true],
    ['[1, 2, 3].sum() == 6 && [3, 1, 2].min() == 1 && [3, 1, 2].max() == 3 && [1, 2, 2].isSorted() && ![2, 1].isSorted()', true],
    ['["a", "b", "b"].indexOf("b") == 1 && ["a", "b", "b"].lastIndexOf("b") == 2 && [1.0].indexOf(1.1) == -1', true],
    ['"abc".matches("^(?i)ABC$") && "abc 123".find("[0-9]+") == "123" && "a1b22".findAll("[0-9]+") == ["1", "22"]', true],
    ['"a/b".split("/")[0] == "a" && "A-b".lowerAscii().replace("-", "_") == "a_b" && "%s=%d".format(["x", 1]) == "x=1"', true],
  ])('Kubernetes library: %s is %s', (rule, expected) => {
    // GIVEN a library call; WHEN evaluated; THEN it matches the Kubernetes (Go) implementation
    const result = evaluateCelRule({ rule }, {}, { type: 'object' });
    expect(result.message).not.toMatch(/evaluating rule|did not match/);
    expect(result.passed).toBe(expected);
  });

  test('Gateway API list rules: filter().size() over typed filter lists', () => {
    const { rule, schema } = crdRule("self.filter(f, f.type == 'URLRewrite').size() <= 1");
    const rewrite = { type: 'URLRewrite', urlRewrite: { hostname: 'x' } };
    expect(evaluateCelRule(rule, [rewrite], schema).passed).toBe(true);
    expect(evaluateCelRule(rule, [rewrite, rewrite], schema)).toMatchObject({ passed: false, message: 'URLRewrite filter cannot be repeated' });
  });

  test('WasmPlugin url: Go net/url parsing decides the scheme', () => {
    const rule = 'isURL(self) ? (url(self).getScheme() in ["", "http", "https", "oci", "file"]) : (isURL("http://" + self) &&\nurl("http://" + self).getScheme() in ["", "http", "https", "oci", "file"])';
    const { schema } = crdRule(rule);
    expect(evaluateCelRule({ rule }, 'oci://ghcr.io/acme/filter:1.0', schema).passed).toBe(true);
    expect(evaluateCelRule({ rule }, 'ghcr.io/acme/filter:1.0', schema).passed).toBe(true);
    expect(evaluateCelRule({ rule }, 'ftp://example.com/f.wasm', schema).passed).toBe(false);
    // "localhost:5000/x" parses as an opaque URL with scheme "localhost"
    expect(evaluateCelRule({ rule }, 'localhost:5000/filter', schema).passed).toBe(false);
  });

  test('RE2 syntax: GRPCRoute service names use (?i)', () => {
    const { rule, schema } = crdRule('(!has(self.type) || self.type == \'Exact\') && has(self.service) ? self.service.matches(r"""^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$"""): true');
    expect(evaluateCelRule(rule, { service: 'Foo.Bar_v1' }, schema).passed).toBe(true);
    expect(evaluateCelRule(rule, { service: 'foo-bar' }, schema).passed).toBe(false);
  });

  test('message, messageExpression and the default message', () => {
    const schema = { type: 'array', items: { type: 'string' } };
    // GIVEN a messageExpression: it wins over message when it yields a string (Kubernetes semantics)
    const both = { rule: 'self.size() <= 1', message: 'static', messageExpression: "'got ' + string(self.size()) + ' items'" };
    expect(evaluateCelRule(both, ['a', 'b'], schema).message).toBe('got 2 items');
    // a messageExpression that fails at runtime falls back to message
    expect(evaluateCelRule({ ...both, messageExpression: 'self[5]' }, ['a', 'b'], schema).message).toBe('static');
    // no message at all: "failed rule: <rule>"
    expect(evaluateCelRule({ rule: 'self.size() <= 1' }, ['a', 'b'], schema).message).toBe('failed rule: self.size() <= 1');
    expect(evaluateCelRule({ rule: 'self.size() <= 1', fieldPath: '.x' }, ['a'], schema)).toEqual({ passed: true, message: '', fieldPath: '.x' });
  });

  test('a runtime error (no such key) fails the rule, reported as the API server does', () => {
    // GIVEN a Gateway status address of type Hostname without a value: the rule has no has() guard
    const { rule, schema } = crdRule('self.type == \'Hostname\' ? self.value.matches(r"""^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"""): true');
    const result = evaluateCelRule(rule, { type: 'Hostname' }, schema);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/^no such key: value evaluating rule: /);
    expect(evaluateCelRule(rule, { type: 'Hostname', value: 'gw.example.com' }, schema).passed).toBe(true);
  });

  test('integer schemas give CEL ints, number schemas give doubles', () => {
    const intSchema = { type: 'object', properties: { x: { type: 'integer' } } };
    const numSchema = { type: 'object', properties: { x: { type: 'number' } } };
    expect(evaluateCelRule({ rule: 'type(self.x) == int && self.x / 2 == 2' }, { x: 5 }, intSchema).passed).toBe(true);
    expect(evaluateCelRule({ rule: 'type(self.x) == double && self.x / 2.0 == 2.5' }, { x: 5 }, numSchema).passed).toBe(true);
    // int + double has no overload in CEL
    expect(evaluateCelRule({ rule: 'self.x + 1 == 6' }, { x: 5 }, numSchema).message).toMatch(/did not match a supported operator/);
    // int-or-string and maps via additionalProperties
    const ios = { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } };
    expect(evaluateCelRule({ rule: "type(self.a) == int && type(self.b) == string && 'b' in self" }, { a: 1, b: '50%' }, ios).passed).toBe(true);
    // the real EnvoyFilter port rule
    const { rule, schema } = crdRule('0 < self && self <= 65535');
    expect(evaluateCelRule(rule, 8080, schema).passed).toBe(true);
    expect(evaluateCelRule(rule, 70000, schema).passed).toBe(false);
  });

  test('reserved property names are escaped (__namespace__)', () => {
    const rule = crdRule(
      "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))",
    );
    const ref = (namespace: string) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', namespace });
    expect(evaluateCelRule(rule.rule, [ref('a'), ref('b')], rule.schema).passed).toBe(true);
    expect(evaluateCelRule(rule.rule, [ref('a'), ref('a')], rule.schema).passed).toBe(false);
  });

  test('transition rules are skipped on create unless optionalOldSelf', () => {
    // GIVEN the GatewayClass immutability rule
    const { rule, schema } = crdRule('self == oldSelf');
    expect(evaluateCelRule(rule, 'example.net/gateway-controller', schema)).toEqual({ passed: true, message: '', skipped: true });
    // GIVEN optionalOldSelf: evaluated, with oldSelf an absent optional
    const optional = { rule: '!oldSelf.hasValue() && self.size() > 0', optionalOldSelf: true };
    expect(evaluateCelRule(optional, 'x', { type: 'string' })).toEqual({ passed: true, message: '' });
    expect(evaluateCelRule({ ...optional, rule: 'oldSelf.hasValue()' }, 'x', { type: 'string' }).passed).toBe(false);
    // a string literal mentioning oldSelf is not a transition rule
    expect(evaluateCelRule({ rule: "self != 'oldSelf'" }, 'oldSelf', { type: 'string' }).passed).toBe(false);
  });
});

describe('Node version', () => {
  test('refuses Node below 20.19 with the version needed, before cel-js fails with advice to edit the library', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { requireNodeForCel } = require('../src/analysis/validation/cel');
    expect(() => requireNodeForCel('20.18.1')).toThrow('cdk8s-mesh: the validation engine needs Node 20.19 or later (it loads the CEL evaluator, an ES module, with require()); this is Node 20.18.1. Upgrade Node');
    expect(() => requireNodeForCel('18.20.0')).toThrow(/Node 20.19 or later/);
    expect(() => requireNodeForCel('20.19.0')).not.toThrow();
    expect(() => requireNodeForCel('22.1.0')).not.toThrow();
  });
});
