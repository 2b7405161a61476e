import { IConstruct } from 'constructs';
import { compact, requireNonEmptyStrings, requirePort } from './render';
import { meshError, shown } from '../../core/errors';

const TLS_VERSIONS = ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'];
const MODES = ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'];
const TERMINATING = ['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'];
const CERT_FIELDS = ['credentialName', 'serverCertificate', 'privateKey', 'caCertificates'];
const HTTP_PROTOCOLS = ['HTTP', 'HTTP2', 'GRPC'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Validates a server's `port` and `bind` the way Istio's `validateServerBind` does. */
export function renderServerBind(scope: IConstruct, at: string, port: number, bind: string | undefined): void {
  if (bind !== undefined && typeof bind === 'string' && bind.startsWith('unix://')) {
    const path = bind.slice('unix://'.length);
    if (!(path.startsWith('@') && path.length > 1) && !(path.startsWith('/') && !path.endsWith('/'))) {
      throw meshError(scope, `${at}.bind`, `must be unix:// followed by an absolute file path or @abstract name, got ${shown(bind)}`);
    }
    if (port !== 0) throw meshError(scope, `${at}.port`, `must be 0 with a unix domain socket bind, got ${shown(port)}`);
    return;
  }
  requirePort(scope, `${at}.port`, port);
  if (bind !== undefined && !isIpAddress(bind)) {
    throw meshError(scope, `${at}.bind`, `must be an IP address or unix:// socket path, got ${shown(bind)}`);
  }
}

/** Whether `value` is an IPv4 or IPv6 address (without zone or prefix length). */
export function isIpAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (IPV4.test(value)) return true;
  if (!/^[0-9a-fA-F:.]+$/.test(value) || !value.includes(':')) return false;
  try {
    return new URL(`http://[${value}]/`).hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * Renders `ServerTLSSettings` for a gateway server with Istio's checks (`validateServer`, `validateTLSOptions`):
 * TLS only on HTTPS/TLS ports (plain HTTP takes only `httpsRedirect`), one certificate source, the files each
 * mode needs, protocol versions in order, and no certificates where the mode would ignore them.
 */
export function renderServerTls(scope: IConstruct, at: string, protocol: string, tls: any, httpsRedirect: boolean | undefined): any {
  const prop = `${at}.tls`;
  const isTls = protocol === 'HTTPS' || protocol === 'TLS';
  if (isTls && tls === undefined) {
    throw meshError(scope, prop, `is required for protocol ${protocol}`, 'Set tls: { mode: ServerTlsMode.SIMPLE, credentialName: ... }');
  }
  if (!isTls && tls !== undefined) {
    throw meshError(scope, prop, `cannot be set on a ${protocol} server: Istio accepts TLS settings only on HTTPS and TLS ports`,
      'Use protocol HTTPS or TLS, or remove tls (httpsRedirect alone is allowed on HTTP)');
  }
  if (httpsRedirect && !HTTP_PROTOCOLS.includes(protocol)) {
    throw meshError(scope, `${at}.httpsRedirect`, `applies only to plain-text HTTP servers, got protocol ${protocol}`, 'Put httpsRedirect on the HTTP server');
  }
  if (tls === undefined) return httpsRedirect ? { httpsRedirect: true } : undefined;
  if (!MODES.includes(tls.mode)) throw meshError(scope, `${prop}.mode`, `must be one of ${MODES.join(', ')}, got ${shown(tls.mode)}`);
  const set = (f: string) => tls[f] !== undefined;
  for (const f of ['serverCertificate', 'privateKey', 'caCertificates', 'credentialName']) {
    if (set(f) && (typeof tls[f] !== 'string' || tls[f].length === 0)) throw meshError(scope, `${prop}.${f}`, `must be a non-empty string, got ${shown(tls[f])}`);
  }
  if (!TERMINATING.includes(tls.mode)) {
    const extra = CERT_FIELDS.filter(set);
    if (extra.length > 0) {
      throw meshError(scope, `${prop}.${extra[0]}`, tls.mode === 'ISTIO_MUTUAL'
        ? 'cannot be set with mode ISTIO_MUTUAL, which uses Istio\'s certificates (Istio rejects it)'
        : `has no effect with mode ${tls.mode}: the gateway does not terminate TLS`, `Remove ${extra[0]}`);
    }
  } else {
    if (set('credentialName') && (set('serverCertificate') || set('privateKey'))) {
      throw meshError(scope, `${prop}.credentialName`, 'cannot be combined with serverCertificate or privateKey: give one certificate source (Istio rejects both)', 'Keep credentialName or the files');
    }
    if (!set('credentialName')) {
      if (!set('serverCertificate') || !set('privateKey')) {
        throw meshError(scope, `${prop}.credentialName`, `is required for mode ${tls.mode}, unless serverCertificate and privateKey are given`, 'Name the Secret holding the certificate');
      }
      if (tls.mode !== 'SIMPLE' && !set('caCertificates')) {
        throw meshError(scope, `${prop}.caCertificates`, `is required for mode ${tls.mode} without credentialName: it verifies client certificates`);
      }
    }
  }
  for (const f of ['minProtocolVersion', 'maxProtocolVersion']) {
    if (set(f) && !TLS_VERSIONS.includes(tls[f])) throw meshError(scope, `${prop}.${f}`, `must be one of ${TLS_VERSIONS.join(', ')}, got ${shown(tls[f])}`);
  }
  const rank = (v: string | undefined) => v === undefined || v === 'TLS_AUTO' ? -1 : TLS_VERSIONS.indexOf(v);
  if (rank(tls.minProtocolVersion) >= 0 && rank(tls.maxProtocolVersion) >= 0 && rank(tls.minProtocolVersion) > rank(tls.maxProtocolVersion)) {
    throw meshError(scope, `${prop}.minProtocolVersion`, `${tls.minProtocolVersion} is above maxProtocolVersion ${tls.maxProtocolVersion}, so no version is left`);
  }
  requireNonEmptyStrings(scope, `${prop}.cipherSuites`, tls.cipherSuites);
  const dup = (tls.cipherSuites ?? []).find((c: string, i: number) => tls.cipherSuites.indexOf(c) !== i);
  if (dup !== undefined) throw meshError(scope, `${prop}.cipherSuites`, `lists ${shown(dup)} twice`, 'List each cipher suite once');
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && tls.cipherSuites === undefined) {
    throw meshError(scope, `${prop}.minProtocolVersion`, `${tls.minProtocolVersion} needs cipherSuites: Envoy's default suites include none that TLS below 1.2 can use, so those clients would fail the handshake`,
      'List compatible cipherSuites, or use TLSV1_2');
  }
  requireNonEmptyStrings(scope, `${prop}.subjectAltNames`, tls.subjectAltNames);
  return compact({
    httpsRedirect: httpsRedirect || undefined,
    mode: tls.mode,
    credentialName: tls.credentialName,
    serverCertificate: tls.serverCertificate,
    privateKey: tls.privateKey,
    caCertificates: tls.caCertificates,
    subjectAltNames: tls.subjectAltNames,
    minProtocolVersion: tls.minProtocolVersion,
    maxProtocolVersion: tls.maxProtocolVersion,
    cipherSuites: tls.cipherSuites,
  });
}
