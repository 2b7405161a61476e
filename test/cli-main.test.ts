import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, parseSuppression } from '../src/cli/main';

const PAYMENTS = path.join(__dirname, 'fixtures', 'payments');

/** `s` as a literal in a regular expression. */
function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs the CLI in-process; returns the exit code and what it wrote. */
function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}

describe('cdk8s-mesh', () => {
  describe('analyze', () => {
    test('reports the seed\'s real problems and exits 1', () => {
      // WHEN
      const r = run('analyze', PAYMENTS);

      // THEN the route-level retryBudget, the retried POSTs and the null fault, printed with formatAnalysisFinding
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('MESH101 error VirtualService/production/payment-api: spec.http[0]: route can match POST, PATCH and CONNECT and has no retries field');
      expect(r.stdout).toContain('spec.routes[1].retryBudget: unknown field "retryBudget"');
      expect(r.stdout).toMatch(/\d+ error\(s\), \d+ warning\(s\), \d+ info in 14 objects from 6 files\.\n$/);
      expect(r.stderr).toBe('');
    });

    test('the failure threshold and suppressions decide the exit code', () => {
      // GIVEN every rule that reports an error on the seed, suppressed
      const findings: any[] = JSON.parse(run('analyze', '--output', 'json', PAYMENTS).stdout);
      const errorRules = [...new Set(findings.filter(f => f.severity === 'error').map(f => f.ruleId))].sort();
      expect(errorRules).toEqual(expect.arrayContaining(['MESH001', 'MESH101']));
      const suppress = errorRules.flatMap(id => ['--suppress', id]);
      const warningsLeft = findings.some(f => f.severity === 'warning' && !errorRules.includes(f.ruleId));

      // THEN exit 0 at threshold error; 1 at threshold warning while warnings remain
      expect(run('analyze', ...suppress, PAYMENTS).code).toBe(0);
      expect(run('analyze', ...suppress, '--failure-threshold', 'warning', PAYMENTS).code).toBe(warningsLeft ? 1 : 0);
      expect(warningsLeft).toBe(true);
    });

    test('--suppress "ID=<Kind> <name>.<namespace>" (istioctl\'s form) suppresses the rule for that object only', () => {
      // GIVEN the seed's findings
      const ids = (r: { stdout: string }) => JSON.parse(r.stdout).map((f: any) => `${f.ruleId} ${f.kind} ${f.namespace}/${f.name}`);
      const all = ids(run('analyze', '--output', 'json', PAYMENTS));
      expect(all).toContain('MESH101 VirtualService production/payment-api');

      // WHEN MESH101 is suppressed for the VirtualService, then MESH001 for any ServiceProfile in any namespace
      const one = run('analyze', '--output', 'json', '--suppress', 'MESH101=VirtualService payment-api.production', PAYMENTS);
      const kind = run('analyze', '--output', 'json', '--suppress', 'MESH001=ServiceProfile *.*', PAYMENTS);

      // THEN only those findings are gone
      expect(ids(one)).toEqual(all.filter((f: string) => f !== 'MESH101 VirtualService production/payment-api'));
      expect(ids(kind)).toEqual(all.filter((f: string) => !f.startsWith('MESH001 ServiceProfile ')));
      expect(ids(kind)).toContain('MESH001 VirtualService production/payment-api');
      expect(one.stderr + kind.stderr).toBe('');
    });

    test('--suppress for an object that is not among the manifests warns that it suppresses nothing', () => {
      const r = run('analyze', '--output', 'json', '--suppress', 'MESH101=VirtualService payment-api.staging', PAYMENTS);
      expect(JSON.parse(r.stdout).filter((f: any) => f.ruleId === 'MESH101')).toHaveLength(2);
      expect(r.stderr).toBe('cdk8s-mesh: warning: --suppress MESH101=VirtualService payment-api.staging names no object of the manifests, so it suppresses nothing\n');
    });

    test('--output json prints the findings as a JSON array', () => {
      // WHEN
      const r = run('analyze', '--output', 'json', PAYMENTS);

      // THEN
      const findings = JSON.parse(r.stdout);
      expect(findings.length).toBeGreaterThan(0);
      expect(Object.keys(findings.find((f: any) => f.ruleId === 'MESH101'))).toEqual(['file', 'line', 'ruleId', 'severity', 'kind', 'namespace', 'name', 'path', 'message', 'fix']);
      // AND the output is deterministic
      expect(run('analyze', '--output', 'json', PAYMENTS).stdout).toEqual(r.stdout);
    });

    test('a clean directory exits 0', () => {
      // GIVEN
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-cli-'));
      // (labelled for injection: a Namespace without the label is IST0102, info)
      fs.writeFileSync(path.join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n');

      // THEN
      expect(run('analyze', dir)).toEqual({ code: 0, stdout: 'No findings in 1 objects from 1 files.\n', stderr: '' });
    });

    test('exits 2 on a file that does not parse, naming file and document', () => {
      // GIVEN
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-cli-'));
      fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: Namespace\n---\nkind: [\n');

      // WHEN
      const r = run('analyze', dir);

      // THEN
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^cdk8s-mesh: ${path.join(dir, 'bad.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: document 2: `));
    });

    describe('on real and hostile input', () => {
      /** A directory with these files (text, or a Buffer for bytes). */
      function dirWith(files: Record<string, string | Buffer>): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-cli-'));
        for (const [name, content] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), content);
        }
        return dir;
      }
      const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n';
      const RETRIED_POST = [
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: {name: cart, namespace: shop}',
        'spec:',
        '  hosts: [cart]',
        '  http: [{route: [{destination: {host: cart}}], timeout: 5s}]',
        '',
      ].join('\n');

      test('reads a cdk8s synth output folder as is: construct-metadata.json and other files are skipped with a note', () => {
        // GIVEN what `cdk8s synth` writes with construct metadata on, plus a README
        const dir = dirWith({
          'shop.k8s.yaml': NAMESPACE,
          'construct-metadata.json': JSON.stringify({ version: '1.0.0', resources: { shop: { path: 'shop/ns' } } }),
          'README.md': '# dist\n',
        });

        // WHEN
        const r = run('analyze', dir);

        // THEN
        expect(r.code).toBe(0);
        expect(r.stdout).toBe('No findings in 1 objects from 1 files.\n');
        expect(r.stderr).toBe([
          `cdk8s-mesh: note: skipped ${path.join(dir, 'README.md')}: not a .yaml, .yml, .json file`,
          `cdk8s-mesh: note: skipped ${path.join(dir, 'construct-metadata.json')}: cdk8s construct metadata, not a manifest`,
          '',
        ].join('\n'));
      });

      test('names the file and line of every finding, in text and JSON', () => {
        const dir = dirWith({ 'a.yaml': `${NAMESPACE}---\n# the cart\n${RETRIED_POST}` });
        const file = path.join(dir, 'a.yaml');
        const text = run('analyze', dir);
        expect(text.stdout).toContain(`${file}:6: MESH101 error VirtualService/shop/cart: spec.http[0]: `);
        expect(text.stdout.split('\n').filter(l => /^[A-Z]+\d+ /.test(l))).toEqual([]);
        const json = JSON.parse(run('analyze', '--output', 'json', dir).stdout);
        expect(json.length).toBeGreaterThan(0);
        for (const f of json) expect(f).toMatchObject({ file, line: 6 });
      });

      test('a binary file is one clear line, exit 2, and the other files are still analysed', () => {
        const bytes = Buffer.concat([Buffer.from('apiVersion: v1\n'), Buffer.alloc(6000, 0), Buffer.from([0xff, 0xfe, 0x00, 0x89])]);
        const dir = dirWith({ 'a.yaml': RETRIED_POST, 'b.yaml': bytes, 'c.yml': Buffer.from([0x6b, 0x69, 0xff, 0xfe, 0x0a]) });
        const r = run('analyze', dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe([
          `cdk8s-mesh: ${path.join(dir, 'b.yaml')}:2: is not a text file (a NUL byte at offset 15): not read`,
          `cdk8s-mesh: ${path.join(dir, 'c.yml')}: is not a text file (bytes that are not UTF-8): not read`,
          '',
        ].join('\n'));
        expect(r.stdout).toContain('MESH101 error VirtualService/shop/cart');
        expect(r.stdout).toMatch(/in 1 objects from 1 files \(2 input\(s\) could not be read\)\.\n$/);
      });

      test('tabs, duplicate keys, non-Kubernetes YAML and bad documents: one line per file with its line, exit 2; empty files are fine', () => {
        const dir = dirWith({
          'dup.yaml': 'apiVersion: v1\nkind: Namespace\nkind: Namespace\nmetadata: {name: a}\n',
          'empty.yaml': '',
          'good.yaml': NAMESPACE,
          'list.yaml': `${NAMESPACE}---\n- just\n- a list\n`,
          'scalar.yaml': 'hello\n',
          'tabs.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: a\n',
        });
        const r = run('analyze', dir);
        expect(r.code).toBe(2);
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines).toHaveLength(4);
        expect(lines[0]).toMatch(new RegExp(`^cdk8s-mesh: ${esc(path.join(dir, 'dup.yaml'))}:3: document 1: Map keys must be unique`));
        expect(lines[1]).toBe(`cdk8s-mesh: ${path.join(dir, 'list.yaml')}:5: document 2: expected a Kubernetes object (a mapping with apiVersion and kind), got a list`);
        expect(lines[2]).toBe(`cdk8s-mesh: ${path.join(dir, 'scalar.yaml')}:1: document 1: expected a Kubernetes object (a mapping with apiVersion and kind), got "hello"`);
        expect(lines[3]).toMatch(new RegExp(`^cdk8s-mesh: ${esc(path.join(dir, 'tabs.yaml'))}:4: document 1: `));
        // the Namespace of good.yaml and the first document of list.yaml are analysed
        expect(r.stdout).toMatch(/in 2 objects from 2 files \(4 input\(s\) could not be read\)\.\n$/);
      });

      test('an unreadable or missing path and a file over 64 MiB exit 2, naming them, and the rest is analysed', () => {
        const dir = dirWith({ 'a.yaml': NAMESPACE });
        const huge = path.join(dir, 'huge.yaml');
        fs.writeFileSync(huge, '');
        fs.truncateSync(huge, 100 * 1024 * 1024); // sparse: 100 MiB on paper, nothing on disk
        const r = run('analyze', dir, '/nonexistent/cdk8s-mesh');
        expect(r.code).toBe(2);
        expect(r.stderr).toBe([
          `cdk8s-mesh: ${huge}: is 100.0 MiB, more than the 64 MiB read from one file (the API server takes objects of at most about 1.5 MiB): not read; split it into files`,
          'cdk8s-mesh: /nonexistent/cdk8s-mesh: cannot read: no such file or directory',
          '',
        ].join('\n'));
        expect(r.stdout).toBe('No findings in 1 objects from 1 files (2 input(s) could not be read).\n');
        expect(run('mtls', '/nonexistent/cdk8s-mesh').code).toBe(2);
      });

      test('mode: OFF read as boolean false gets a YAML 1.1 hint', () => {
        const dir = dirWith({
          'pa.yaml': 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec:\n  mtls: {mode: OFF}\n',
        });
        const r = run('analyze', dir);
        expect(r.stdout).toMatch(/pa\.yaml:1: MESH001 error PeerAuthentication\/shop\/default: spec\.mtls\.mode: .*false.* \(hint: spec\.mtls\.mode is an unquoted YAML 1\.1 boolean such as OFF, on or yes, which kubectl reads as true or false: quote it, e\.g\. "OFF"\)\n/);
        const [f] = JSON.parse(run('analyze', '--output', 'json', dir).stdout).filter((x: any) => x.path === 'spec.mtls.mode');
        expect(f.hint).toBe('spec.mtls.mode is an unquoted YAML 1.1 boolean such as OFF, on or yes, which kubectl reads as true or false: quote it, e.g. "OFF"');
      });

      test('a directory of 2,000 files and a file of 150,000 documents', () => {
        const files: Record<string, string> = {};
        for (let i = 0; i < 2000; i++) files[`ns/n${String(i).padStart(4, '0')}.yaml`] = `apiVersion: v1\nkind: Namespace\nmetadata: {name: n${i}, labels: {istio-injection: enabled}}\n`;
        files['many.yaml'] = Array(150_000).fill('{}\n').join('---\n');
        const dir = dirWith(files);
        const r = run('analyze', dir);
        // many.yaml is read whole (push(...documents) overflowed the stack here), then skipped: no document is an object of Kubernetes
        expect(r.stderr).toBe(`cdk8s-mesh: note: skipped ${path.join(dir, 'many.yaml')}: not a Kubernetes manifest (no document has apiVersion or kind)\n`);
        expect(r.stdout).toBe('No findings in 2000 objects from 2000 files.\n');
      }, 120_000);
    });

    test('exits 2 on usage errors', () => {
      expect(run('analyze').stderr).toBe('cdk8s-mesh: give at least one manifest file or directory\nRun "cdk8s-mesh --help" for usage.\n');
      expect(run('analyze', '--failure-threshold', 'fatal', PAYMENTS)).toMatchObject({ code: 2, stderr: expect.stringContaining('--failure-threshold must be one of error, warning, info, got "fatal"') });
      expect(run('analyze', '--suppress', 'NOPE', PAYMENTS)).toMatchObject({ code: 2, stderr: expect.stringContaining('suppression names unknown rule NOPE') });
      expect(run('analyze', '--suppress', 'MESH101=payments dedupes by key', PAYMENTS)).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('--suppress must be ID or "ID=<Kind> <name>[.<namespace>]" (for example "IST0101=VirtualService reviews.default"), got "MESH101=payments dedupes by key"'),
      });
      expect(run('analyze', '--bogus', PAYMENTS)).toMatchObject({ code: 2, stderr: expect.stringContaining('--bogus') });
      expect(run('frobnicate').code).toBe(2);
      expect(run().code).toBe(2);
    });

    test('--meshconfig reads an Istio mesh config: DNS auto-allocation silences IST0134', () => {
      // GIVEN a TCP ServiceEntry without addresses, and a mesh config with DNS capture and auto-allocation
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshconfig-'));
      const se = path.join(dir, 'se.yaml');
      fs.writeFileSync(se, 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: db, namespace: prod}\nspec:\n  hosts: [db.example.com]\n  location: MESH_EXTERNAL\n  resolution: DNS\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]\n');
      const mesh = path.join(dir, 'mesh.yaml');
      fs.writeFileSync(mesh, 'defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"\n');
      // THEN
      expect(run('analyze', se).stdout).toContain('IST0134');
      expect(run('analyze', '--meshconfig', mesh, se).stdout).not.toContain('IST0134');
      expect(run('analyze', '--meshconfig', path.join(dir, 'missing.yaml'), se)).toMatchObject({ code: 2, stderr: expect.stringContaining('missing.yaml') });
      fs.rmSync(dir, { recursive: true });
    });

    test('--help prints the usage and exits 0', () => {
      const r = run('--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: cdk8s-mesh <command>/);
      expect(run('matrix', '--help').code).toBe(0);
    });
  });

  describe('explain route', () => {
    test('prints the matching rule for the request', () => {
      // WHEN
      const r = run('explain', 'route', '--namespace', 'production', '--host', 'payment-api', '--method', 'get', '--path', '/api/payments/1', '--header', 'x-canary=true', PAYMENTS);

      // THEN
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').slice(0, 7)).toEqual([
        'Istio: payment-api.production.svc.cluster.local',
        '  VirtualService: production/payment-api',
        '  rule: http[0]',
        '  match: match[0]: header x-canary exact true',
        '  destinations:',
        '    100% -> payment-api.production.svc.cluster.local subset canary (weight 100)',
        '  retries: 2 attempts on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes, perTryTimeout = route timeout (Istio default policy: the route has no retries field)',
      ]);
    });

    test('--source-labels are read for sourceLabels matches', () => {
      // GIVEN a VirtualService whose first rule matches callers labelled app=canary-tester
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-cli-'));
      fs.writeFileSync(path.join(dir, 'vs.yaml'), [
        'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', '  name: cart', '  namespace: shop', 'spec:', '  hosts: [cart]', '  http:',
        '  - match:', '    - sourceLabels:', '        app: canary-tester', '    route:', '    - destination:', '        host: cart', '        subset: canary',
        '  - route:', '    - destination:', '        host: cart', '',
      ].join('\n'));
      const args = ['explain', 'route', '--namespace', 'shop', '--host', 'cart', dir];
      // THEN
      expect(run(...args).stdout.split('\n')[2]).toBe('  rule: http[1]');
      expect(run(...args, '--source-labels', 'app=canary-tester').stdout.split('\n')[2]).toBe('  rule: http[0]');
      expect(run(...args, '--source-labels', 'app').stderr).toContain('--source-labels must be label=value, got "app"');
    });

    test('--output json, and --namespace is required', () => {
      expect(JSON.parse(run('explain', 'route', '--namespace', 'production', '--host', 'payment-api', '--output', 'json', PAYMENTS).stdout).istio.ruleIndex).toBe(1);
      expect(run('explain', 'route', '--host', 'payment-api', PAYMENTS)).toMatchObject({ code: 2, stderr: expect.stringContaining('--namespace is required') });
    });
  });

  describe('explain authz', () => {
    const authz = (from: string, method: string, p: string, port: string) =>
      run('explain', 'authz', '--from', from, '--to', 'production/app=payment-api,version=stable', '--method', method, '--path', p, '--port', port, PAYMENTS);

    test('frontend POST /api/payments/1: ALLOW by allow-frontend-to-payment', () => {
      expect(authz('production/frontend', 'POST', '/api/payments/1', '8080').stdout.split('\n')[3]).toBe('Istio: ALLOW by production/allow-frontend-to-payment rules[0]');
    });

    test('monitoring GET /metrics on port 9090: ALLOW by allow-prometheus-scrape', () => {
      expect(authz('monitoring/prometheus', 'GET', '/metrics', '9090').stdout.split('\n')[3]).toBe('Istio: ALLOW by production/allow-prometheus-scrape rules[0]');
    });

    test('someone else: DENY by the allow-nothing policy deny-all', () => {
      const r = authz('production/orders', 'POST', '/api/payments/1', '8080');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').slice(3, 5)).toEqual([
        'Istio: DENY by production/deny-all',
        '  ALLOW policies apply and none matches; production/deny-all allows nothing (spec without rules), so the request is denied',
      ]);
    });

    test('the method as sent, --plaintext and --source-ip', () => {
      // lower-case post does not match the POST of allow-frontend-to-payment: the allow-nothing policy decides
      expect(authz('production/frontend', 'post', '/api/payments/1', '8080').stdout.split('\n')[3]).toBe('Istio: DENY by production/deny-all');
      const plain = run('explain', 'authz', '--from', 'production/frontend', '--to', 'production/app=payment-api,version=stable', '--method', 'POST', '--path', '/api/payments/1', '--port', '8080', '--plaintext', '--source-ip', '10.0.0.7', PAYMENTS);
      expect(plain.stdout.split('\n')[0]).toBe('caller: plaintext, no mTLS identity from 10.0.0.7');
      expect(plain.stdout.split('\n')[3]).toBe('Istio: DENY by production/deny-all');
      expect(run('explain', 'authz', '--from', 'a/b', '--to', 'production/app=x', '--port', '80', '--source-ip', '10.0.0', PAYMENTS).stderr).toContain('--source-ip must be an IPv4 or IPv6 address, got "10.0.0"');
    });

    test('follows the mesh config\'s path normalization: /api/payments/../admin is decided as /api/admin', () => {
      // GIVEN
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-cli-'));
      const mesh = path.join(dir, 'mesh.yaml');
      fs.writeFileSync(mesh, 'pathNormalization:\n  normalization: NONE\n');
      const args = ['explain', 'authz', '--from', 'production/frontend', '--to', 'production/app=payment-api,version=stable', '--method', 'POST', '--path', '/api/payments/../admin', '--port', '8080'];
      // THEN BASE (the default) denies what matches /api/payments/* only as sent; NONE allows it
      expect(run(...args, PAYMENTS).stdout.split('\n')[3]).toBe('Istio: DENY by production/deny-all');
      expect(run(...args, '--meshconfig', mesh, PAYMENTS).stdout.split('\n')[3]).toBe('Istio: ALLOW by production/allow-frontend-to-payment rules[0]');
      fs.writeFileSync(mesh, 'pathNormalization:\n  normalization: SOMETIMES\n');
      expect(run(...args, '--meshconfig', mesh, PAYMENTS).stderr).toContain('pathNormalization.normalization must be one of DEFAULT, NONE, BASE, MERGE_SLASHES, DECODE_AND_MERGE_SLASHES, got "SOMETIMES"');
    });

    test('fails on malformed --from, --to and --port', () => {
      expect(run('explain', 'authz', '--from', 'frontend', '--to', 'production/app=x', '--port', '80', PAYMENTS).stderr).toContain('--from must be NAMESPACE/SERVICEACCOUNT, got "frontend"');
      expect(run('explain', 'authz', '--from', 'a/b', '--to', 'production/app=x', '--port', '0', PAYMENTS).stderr).toContain('--port must be an integer from 1 to 65535, got "0"');
      expect(run('explain', 'authz', '--from', 'a/b', '--to', 'production/app=x', PAYMENTS).stderr).toContain('--port is required');
      expect(run('explain', 'nothing').code).toBe(2);
    });
  });

  describe('matrix', () => {
    test('prints the table by default and Mermaid or DOT on request', () => {
      expect(run('matrix', PAYMENTS).stdout.split('\n')[0]).toBe('caller \\ workload      | monitoring/prometheus | production/frontend                                                   | production/payment-api-canary                                             | production/payment-api-stable');
      expect(run('matrix', '--format', 'mermaid', PAYMENTS).stdout).toMatch(/^flowchart LR\n/);
      expect(run('matrix', '--format', 'dot', PAYMENTS).stdout).toMatch(/^digraph access \{\n/);
      expect(run('matrix', '--format', 'png', PAYMENTS).code).toBe(2);
    });
  });

  describe('mtls', () => {
    test('prints the effective modes', () => {
      const r = run('mtls', PAYMENTS);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('namespace production: STRICT (PeerAuthentication production/default)\n');
      expect(JSON.parse(run('mtls', '--output', 'json', PAYMENTS).stdout).mesh).toEqual({ mode: 'PERMISSIVE', source: 'Istio default, no mesh-wide PeerAuthentication in istio-system' });
    });
  });

  describe('parseSuppression', () => {
    test('ID switches the rule off for every object, with the command-line reason', () => {
      expect(parseSuppression('IST0101')).toEqual({ ruleId: 'IST0101', reason: 'suppressed on the command line' });
      expect(parseSuppression('IST0101=*')).toEqual({ ruleId: 'IST0101', reason: 'suppressed on the command line' });
    });

    test('ID=<Kind> <name>.<namespace> limits it to one object; the namespace follows the last dot', () => {
      expect(parseSuppression('IST0101=VirtualService reviews.default')).toEqual({
        ruleId: 'IST0101', reason: 'suppressed on the command line', objectKind: 'VirtualService', objectName: 'reviews', objectNamespace: 'default',
      });
      expect(parseSuppression('MESH108=ServiceProfile payments.prod.svc.cluster.local.prod')).toMatchObject({ objectName: 'payments.prod.svc.cluster.local', objectNamespace: 'prod' });
      expect(parseSuppression('KIA0101=Namespace prod')).toEqual({ ruleId: 'KIA0101', reason: 'suppressed on the command line', objectKind: 'Namespace', objectName: 'prod' });
    });

    test('* stands for any name or any namespace', () => {
      expect(parseSuppression('IST0101=VirtualService *.default')).toEqual({
        ruleId: 'IST0101', reason: 'suppressed on the command line', objectKind: 'VirtualService', objectNamespace: 'default',
      });
      expect(parseSuppression('IST0101=VirtualService reviews.*')).toEqual({
        ruleId: 'IST0101', reason: 'suppressed on the command line', objectKind: 'VirtualService', objectName: 'reviews',
      });
    });

    test('fails when the resource is not <Kind> <name>[.<namespace>], or a name is a partial wildcard', () => {
      expect(() => parseSuppression('=VirtualService reviews')).toThrow('--suppress needs a rule id, got "=VirtualService reviews"');
      expect(() => parseSuppression('IST0101=reviews')).toThrow('--suppress must be ID or "ID=<Kind> <name>[.<namespace>]"');
      expect(() => parseSuppression('IST0101=VirtualService reviews-*.default')).toThrow(
        '--suppress "IST0101=VirtualService reviews-*.default": the name and namespace must each be given in full, or be * for any');
      expect(() => parseSuppression('IST0101=VirtualService reviews.')).toThrow('the name and namespace must each be given in full');
    });
  });
});
