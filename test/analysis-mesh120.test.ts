import { expectSilent, findingsOf, ruleFindings } from './support/mesh-rule-fixtures';
import { parsePortSet } from '../src/analysis/rules/mesh/linkerd-opaque-ports';

const OPAQUE = 'config.linkerd.io/opaque-ports';

function namespace(annotations: Record<string, string> = {}, labels: Record<string, string> = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels, annotations: { 'linkerd.io/inject': 'enabled', ...annotations } } };
}

function mysql(annotations?: Record<string, string>, ports: any[] = [{ name: 'mysql', containerPort: 3306 }]): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'mysql', namespace: 'prod' },
    spec: {
      selector: { matchLabels: { app: 'mysql' } },
      template: {
        metadata: { labels: { app: 'mysql' }, ...(annotations ? { annotations } : {}) },
        spec: { containers: [{ name: 'mysql', image: 'mysql:8', ports }] },
      },
    },
  };
}

function service(annotations?: Record<string, string>, port: any = { name: 'db', port: 3306, targetPort: 'mysql' }): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'mysql', namespace: 'prod', ...(annotations ? { annotations } : {}) },
    spec: { selector: { app: 'mysql' }, ports: [port] },
  };
}

function server(proxyProtocol: string, port: number | string = 'mysql'): any {
  return { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'mysql', namespace: 'prod' }, spec: { podSelector: { matchLabels: { app: 'mysql' } }, port, proxyProtocol } };
}

describe('parsePortSet (the policy controller\'s parse_portset)', () => {
  test('reads ports and ranges, trims, skips empty entries', () => {
    expect([...parsePortSet(' 25, 4000-4002,,3306,').ports].sort((a, b) => a - b)).toEqual([25, 3306, 4000, 4001, 4002]);
    expect(parsePortSet('').ports.size).toBe(0);
  });

  test('a name, 0, a decreasing range or a port over 65535 makes the whole list empty', () => {
    for (const bad of ['3306,mysql', '0', '2-1', '2-', '65536']) {
      const parsed = parsePortSet(bad);
      expect(parsed.ports.size).toBe(0);
      expect(parsed.invalid.length).toBe(1);
    }
  });
});

describe('MESH120', () => {
  test('fires when the Service port is opaque and the pods\' target port is not', () => {
    // GIVEN the Service's annotation names its port 8080; the pods' annotation names another port
    const svc = service({ [OPAQUE]: '8080' }, { name: 'http', port: 8080, targetPort: 9090 });
    const app = mysql({ [OPAQUE]: '7000' }, [{ name: 'http', containerPort: 9090 }]);
    // THEN
    expect(findingsOf('MESH120', [namespace(), svc, app])).toEqual([
      'spec.ports[0]: Service prod/mysql port 8080 is opaque to Linkerd (the Service\'s config.linkerd.io/opaque-ports annotation "8080"), but port 9090 of Deployment prod/mysql is not (the pod template\'s config.linkerd.io/opaque-ports annotation "7000"): client proxies send connections to it as opaque TCP and the pod\'s proxy runs protocol detection on them, so a server-speaks-first protocol (MySQL, SMTP) waits 10 s for the detection timeout on every connection',
    ]);
    expect(ruleFindings('MESH120', [namespace(), svc, app])[0].fix).toBe('add 9090 to the config.linkerd.io/opaque-ports annotation of the pod template of Deployment mysql, or make Service port 8080 not opaque');
  });

  test('fires on the default port 3306 when the container does not declare it (the injector adds only declared default ports)', () => {
    // GIVEN no annotations: the Service gets 3306 (a default, targeted by number); the pod declares no port
    const findings = ruleFindings('MESH120', [namespace(), service(undefined, { port: 3306, targetPort: 3306 }), mysql(undefined, [])]);
    expect(findings.map(f => f.path)).toEqual(['spec.ports[0]']);
    expect(findings[0].message).toContain('Service prod/mysql port 3306 is opaque to Linkerd (no config.linkerd.io/opaque-ports annotation: Linkerd\'s default opaque ports (25,587,3306,4444,5432,6379,9300,11211) apply), but port 3306 of Deployment prod/mysql is not');
  });

  test('fires when the pods\' port is opaque and the Service port that targets it is not', () => {
    // GIVEN the pods mark 3306 opaque; the Service exposes it as 80, not a default and not annotated
    const svc = service(undefined, { name: 'db', port: 80, targetPort: 'mysql' });
    const findings = ruleFindings('MESH120', [namespace(), svc, mysql({ [OPAQUE]: '3306' })]);
    expect(findings.map(f => `${f.path}: ${f.message}`)).toEqual([
      'spec.ports[0]: port 3306 of Deployment prod/mysql is opaque to Linkerd (the pod template\'s config.linkerd.io/opaque-ports annotation "3306"), but Service prod/mysql port 80 that targets it is not (no config.linkerd.io/opaque-ports annotation: Linkerd\'s default opaque ports (25,587,3306,4444,5432,6379,9300,11211) apply): client proxies run protocol detection on connections to the Service, so a server-speaks-first protocol (MySQL, SMTP) waits 10 s for the detection timeout on every connection, and the pod\'s proxy forwards as opaque TCP what the client proxy handled as HTTP',
    ]);
    expect(findings[0].fix).toBe('add 80 to the config.linkerd.io/opaque-ports annotation of Service prod/mysql (Service port numbers), or remove 3306 from the pods\' list');
  });

  test('a Service annotation names Service ports, not target ports', () => {
    // GIVEN the Service marks its target port number 3306 instead of its own port 80
    const svc = service({ [OPAQUE]: '3306' }, { name: 'db', port: 80, targetPort: 3306 });
    expect(ruleFindings('MESH120', [namespace(), svc, mysql({ [OPAQUE]: '3306' })]).map(f => f.fix))
      .toEqual(['add 80 to the config.linkerd.io/opaque-ports annotation of Service prod/mysql (Service port numbers), or remove 3306 from the pods\' list']);
  });

  test('fires on a port name in an annotation: the policy controller drops the whole list', () => {
    const findings = ruleFindings('MESH120', [namespace(), service({ [OPAQUE]: 'db' }), mysql({ [OPAQUE]: 'mysql' })]);
    expect(findings.map(f => `${f.kind} ${f.path}: ${f.fix}`)).toEqual([
      'Deployment spec.template.metadata.annotations["config.linkerd.io/opaque-ports"]: write port numbers instead of names (3306 for "mysql")',
      'Service metadata.annotations["config.linkerd.io/opaque-ports"]: write port numbers instead of names (3306 for "db")',
    ]);
    expect(findings[1].message).toBe('Service prod/mysql has config.linkerd.io/opaque-ports "db" with "db", which Linkerd\'s policy controller cannot read (it takes port numbers 1-65535 and ranges a-b only; the injector and destination controller resolve port names, it does not): it drops the whole list, so no port is opaque, not even Linkerd\'s default opaque ports');
  });

  test('a Namespace annotation is inherited by the Service and the pods, and reported once when unreadable', () => {
    // GIVEN the namespace marks 3306 opaque; neither object has its own annotation: they agree
    expectSilent('MESH120', [namespace({ [OPAQUE]: '3306' }), service(undefined, { name: 'db', port: 3306, targetPort: 'mysql' }), mysql()]);
    // GIVEN the namespace's list is malformed
    const findings = ruleFindings('MESH120', [namespace({ [OPAQUE]: '3306-' }), service(), mysql()]);
    expect(findings.map(f => `${f.kind} ${f.name}`)).toEqual(['Namespace prod']);
    expect(findings[0].fix).toBe('correct the list to port numbers and ranges such as "3306,4000-4100"');
  });

  test('ranges are read as the policy controller reads them', () => {
    expectSilent('MESH120', [namespace(), service({ [OPAQUE]: '3000-4000' }), mysql({ [OPAQUE]: '3300-3310' })]);
  });

  test('a Server on the port decides the pod side; appProtocol decides the Service side', () => {
    // GIVEN a Service marked opaque and pods without the annotation, but a Server with proxyProtocol opaque
    const svc = service({ [OPAQUE]: '8080' }, { name: 'http', port: 8080, targetPort: 'mysql' });
    expectSilent('MESH120', [namespace(), svc, mysql(), server('opaque')]);
    // a Server with another protocol: the pod side is not opaque
    expect(ruleFindings('MESH120', [namespace(), svc, mysql(), server('HTTP/1', 3306)]).map(f => f.fix))
      .toEqual(['set proxyProtocol: opaque on Server prod/mysql, or make Service port 8080 not opaque']);
    // appProtocol http overrides the Service's annotation: both sides detect
    const web = mysql(undefined, [{ name: 'web', containerPort: 8080 }]);
    expectSilent('MESH120', [namespace(), service({ [OPAQUE]: '8080' }, { name: 'http', port: 8080, targetPort: 'web', appProtocol: 'http' }), web]);
    // appProtocol http while the pods' 3306 is opaque by Linkerd's defaults (the container declares it)
    expect(findingsOf('MESH120', [namespace(), service({ [OPAQUE]: '8080' }, { name: 'http', port: 8080, targetPort: 'mysql', appProtocol: 'http' }), mysql()])[0])
      .toContain('but Service prod/mysql port 8080 that targets it is not (the port\'s appProtocol http, which Linkerd takes over any opaque-ports annotation)');
  });

  test('silent when both sides agree, on unmeshed pods, headless Services and an unresolved named targetPort', () => {
    // the common case: Linkerd's defaults on both sides (3306 declared by the container, targeted by name)
    expectSilent('MESH120', [namespace(), service(undefined, { name: 'db', port: 3306, targetPort: 3306 }), mysql()]);
    // both annotated
    expectSilent('MESH120', [namespace(), service({ [OPAQUE]: '3306' }), mysql({ [OPAQUE]: '3306' })]);
    // pods not meshed: only the clients read the Service's annotation, which is the intended use
    const unmeshed = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } };
    expectSilent('MESH120', [unmeshed, service({ [OPAQUE]: '8080' }, { port: 8080, targetPort: 9090 }), mysql(undefined, [])]);
    // headless
    const headless = service({ [OPAQUE]: '8080' }, { port: 8080, targetPort: 9090 });
    headless.spec.clusterIP = 'None';
    expectSilent('MESH120', [namespace(), headless, mysql(undefined, [])]);
    // a named targetPort no container declares
    expectSilent('MESH120', [namespace(), service({ [OPAQUE]: '8080' }, { port: 8080, targetPort: 'admin' }), mysql()]);
  });

  test('a Service without annotation: the injector\'s default ports it uses, else (none, or no webhook) the defaults as Service ports', () => {
    // GIVEN Service port 3306 targets 8080 and port 5432 targets 5432; the pods declare both, without annotation
    const svc = service(undefined, { name: 'db', port: 3306, targetPort: 8080 });
    svc.spec.ports.push({ name: 'pg', port: 5432, targetPort: 5432 });
    const app = mysql({ 'linkerd.io/inject': 'enabled' }, [{ containerPort: 8080 }, { containerPort: 5432 }]);
    // the injector writes "5432" on the Service: 3306 is not opaque, and 8080 is not on the pods: they agree
    expectSilent('MESH120', [namespace(), svc, app]);
    // without the webhook nothing is written: the policy controller applies the defaults to port 3306 too
    const ns = namespace({}, { 'config.linkerd.io/admission-webhooks': 'disabled' });
    expect(ruleFindings('MESH120', [ns, svc, app]).map(f => f.path)).toEqual(['spec.ports[0]']);
    // with only port 3306 -> 8080 the injector finds no default port and writes nothing: the same as no webhook
    expect(ruleFindings('MESH120', [namespace(), service(undefined, { name: 'db', port: 3306, targetPort: 8080 }), app]).map(f => f.path)).toEqual(['spec.ports[0]']);
  });
});
