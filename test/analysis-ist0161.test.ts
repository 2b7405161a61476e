import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { expectSilent, findingsOf, ruleFindings } from './support/mesh-rule-fixtures';

/** Certificates from istioctl's own test data (istioctl-analyzers/testdata): one valid until 2122, one expired in 2023. */
function fixtureSecret(file: string, name: string): any {
  const docs = parseAllDocuments(fs.readFileSync(path.join(__dirname, 'fixtures', 'istioctl-analyzers', 'testdata', file), 'utf8')).map(d => d.toJS());
  return docs.find(d => d?.kind === 'Secret' && d.metadata?.name === name);
}
const VALID = fixtureSecret('gateway-secrets.yaml', 'httpbin-credential').data;
const EXPIRED = fixtureSecret('gateway-secrets-validation.yaml', 'expired-secret').data;

const ingress = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
  spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, template: { metadata: { labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
};

function gateway(credentialName: string): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['web.example.com'], tls: { mode: 'SIMPLE', credentialName } }] },
  };
}

function secret(data: Record<string, string>, stringData?: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-cert', namespace: 'istio-system' }, type: 'Opaque', data, ...(stringData ? { stringData } : {}) };
}

describe('IST0161', () => {
  test('fires on an expired certificate, in the gateway workload\'s namespace', () => {
    expect(findingsOf('IST0161', [ingress, gateway('web-cert'), secret(EXPIRED)])).toEqual([
      'spec.servers[0].tls.credentialName: Gateway prod/web server 0 takes its certificate from Secret istio-system/web-cert, which holds a certificate that is expired or not yet valid (valid from Mar 14 02:54:30 2023 GMT to Mar 14 06:15:41 2023 GMT), so istiod sends the listener no certificate and TLS handshakes fail (The credential referenced by the Gateway web in namespace istio-system is invalid, which can cause the traffic not to work as expected.)',
    ]);
  });

  test('fires on missing or empty keys and on content that is not a PEM certificate', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const messages = (data: Record<string, string>) => ruleFindings('IST0161', [ingress, gateway('web-cert'), secret(data)]).map(f => f.message.split(', so istiod')[0].split('which ')[1]);
    expect(messages({ 'tls.crt': VALID['tls.crt'] })).toEqual(['has neither non-empty cert and key nor tls.crt and tls.key (found: tls.crt)']);
    expect(messages({ 'tls.crt': VALID['tls.crt'], 'tls.key': '' })).toEqual(['has neither non-empty cert and key nor tls.crt and tls.key (found: tls.crt, tls.key)']);
    expect(messages({ cert: b64('hush'), key: b64('secret') })).toEqual(['holds a certificate that is not PEM (pem decode failed)']);
    expect(messages({ 'tls.crt': b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'tls.key': b64('k') })[0]).toMatch(/^holds a certificate that does not parse as X\.509/);
  });

  test('silent on a valid certificate (data, cert/key keys, or stringData), a Secret not in the files, and without the gateway workload', () => {
    expectSilent('IST0161', [ingress, gateway('web-cert'), secret(VALID)]);
    expectSilent('IST0161', [ingress, gateway('web-cert'), secret({ cert: VALID['tls.crt'], key: VALID['tls.key'] })]);
    expectSilent('IST0161', [ingress, gateway('web-cert'), secret({}, { 'tls.crt': Buffer.from(VALID['tls.crt'], 'base64').toString(), 'tls.key': 'key' })]);
    expectSilent('IST0161', [ingress, gateway('other-cert'), secret(EXPIRED)]);
    expectSilent('IST0161', [gateway('web-cert'), secret(EXPIRED)]);
  });
});
