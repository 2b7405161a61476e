import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { renderLoadBalancer } from './load-balancer';
import { compact, optionalDuration, requireNonEmptyStrings, requirePercent, requirePort, requireV1 } from './render';
import { meshError, requireInteger, shown } from '../../core/errors';
import { isDnsSubdomain } from '../../core/names';
import { merge } from '../../private/merge';

const INT32 = 2147483647;
const UINT32 = 4294967295;

/** Istio's default `maxEjectionPercent` when the field is absent. */
const ISTIO_DEFAULT_EJECTION_PERCENT = 10;

const dur = optionalDuration;

/** Rules an opt-in of a construct accepts, until the construct writes them on its object (`takeAcknowledged`). */
const ACKNOWLEDGED = new WeakMap<IConstruct, Array<[string, string]>>();

function acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
  const list = ACKNOWLEDGED.get(scope) ?? [];
  list.push([ruleId, reason]);
  ACKNOWLEDGED.set(scope, list);
}

/** The `[ruleId, reason]` pairs the opt-ins rendered for `scope` accepted since the last call, to suppress on its object. */
export function takeAcknowledged(scope: IConstruct): Array<[string, string]> {
  const list = ACKNOWLEDGED.get(scope) ?? [];
  ACKNOWLEDGED.delete(scope);
  return list;
}
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Renders a `TrafficPolicy` struct (see src/istio/traffic-policy.ts) to the wire. */
export function renderTrafficPolicy(scope: IConstruct, prop: string, p: any, version: string): any {
  if (p === undefined) return undefined;
  let portLevelSettings: any[] | undefined;
  if (p.portLevelSettings !== undefined) {
    const seen = new Set<number>();
    portLevelSettings = p.portLevelSettings.map((s: any, i: number) => {
      const at = `${prop}.portLevelSettings[${i}]`;
      requirePort(scope, `${at}.port`, s.port);
      if (s.port === undefined) throw meshError(scope, `${at}.port`, 'is required');
      if (seen.has(s.port)) throw meshError(scope, `${at}.port`, `${s.port} is listed twice`, 'Merge the settings of one port');
      seen.add(s.port);
      return compact({ port: { number: s.port }, ...renderPortable(scope, at, s) });
    });
  }
  if (p.tunnel !== undefined && p.proxyProtocolVersion !== undefined) {
    throw meshError(scope, `${prop}.tunnel`, 'cannot be combined with proxyProtocolVersion (Istio rejects the pair)', 'Keep one of them');
  }
  if (p.retryBudget !== undefined) requireV1(scope, version, `${prop}.retryBudget`, '1.27');
  requirePercent(scope, `${prop}.retryBudget.percent`, p.retryBudget?.percent);
  requireInteger(scope, `${prop}.retryBudget.minRetryConcurrency`, p.retryBudget?.minRetryConcurrency, 0, UINT32);
  return compact(merge(renderPortable(scope, prop, p), {
    portLevelSettings,
    proxyProtocol: p.proxyProtocolVersion === undefined ? undefined : { version: p.proxyProtocolVersion },
    tunnel: renderTunnel(scope, `${prop}.tunnel`, p.tunnel),
    retryBudget: p.retryBudget === undefined ? undefined
      : compact({ percent: p.retryBudget.percent, minRetryConcurrency: p.retryBudget.minRetryConcurrency }),
  }));
}

function renderPortable(scope: IConstruct, prop: string, p: any): any {
  return compact({
    loadBalancer: renderLoadBalancer(scope, `${prop}.loadBalancer`, p.loadBalancer, p.outlierDetection !== undefined),
    connectionPool: renderConnectionPool(scope, `${prop}.connectionPool`, p.connectionPool),
    outlierDetection: renderOutlierDetection(scope, `${prop}.outlierDetection`, p.outlierDetection),
    tls: renderClientTls(scope, `${prop}.tls`, p.tls),
  });
}

function renderTunnel(scope: IConstruct, prop: string, t: any): any {
  if (t === undefined) return undefined;
  const host = t.targetHost;
  const isIp = typeof host === 'string' && (IPV4.test(host) || (host.includes(':') && /^[0-9a-fA-F:.]+$/.test(host)));
  if (typeof host !== 'string' || !(isIp || (isDnsSubdomain(host) && !/(^|\.)\d+$/.test(host)))) {
    throw meshError(scope, `${prop}.targetHost`, `must be an FQDN or IP address, got ${shown(host)}`);
  }
  requirePort(scope, `${prop}.targetPort`, t.targetPort);
  if (t.targetPort === undefined) throw meshError(scope, `${prop}.targetPort`, 'is required');
  if (t.protocol !== undefined && t.protocol !== 'CONNECT' && t.protocol !== 'POST') {
    throw meshError(scope, `${prop}.protocol`, `must be CONNECT or POST, got ${shown(t.protocol)}`);
  }
  return compact({ protocol: t.protocol, targetHost: host, targetPort: t.targetPort });
}

/** Renders `ConnectionPoolSettings` (DestinationRule traffic policies, Sidecar inbound pools). */
export function renderConnectionPool(scope: IConstruct, prop: string, cp: any): any {
  if (cp === undefined) return undefined;
  let tcp: any;
  if (cp.tcp !== undefined) {
    const t = cp.tcp;
    requireInteger(scope, `${prop}.tcp.maxConnections`, t.maxConnections, 1, INT32);
    requireInteger(scope, `${prop}.tcp.tcpKeepalive.probes`, t.tcpKeepalive?.probes, 1, UINT32);
    tcp = compact({
      maxConnections: t.maxConnections,
      connectTimeout: dur(scope, `${prop}.tcp.connectTimeout`, t.connectTimeout),
      maxConnectionDuration: dur(scope, `${prop}.tcp.maxConnectionDuration`, t.maxConnectionDuration),
      idleTimeout: dur(scope, `${prop}.tcp.idleTimeout`, t.idleTimeout),
      tcpKeepalive: t.tcpKeepalive === undefined ? undefined : compact({
        probes: t.tcpKeepalive.probes,
        time: dur(scope, `${prop}.tcp.tcpKeepalive.time`, t.tcpKeepalive.time),
        interval: dur(scope, `${prop}.tcp.tcpKeepalive.interval`, t.tcpKeepalive.interval),
      }),
    });
  }
  let http: any;
  if (cp.http !== undefined) {
    const h = cp.http;
    requireInteger(scope, `${prop}.http.http1MaxPendingRequests`, h.http1MaxPendingRequests, 1, INT32);
    requireInteger(scope, `${prop}.http.http2MaxRequests`, h.http2MaxRequests, 1, INT32);
    requireInteger(scope, `${prop}.http.maxRequestsPerConnection`, h.maxRequestsPerConnection, 0, INT32);
    requireInteger(scope, `${prop}.http.maxRetries`, h.maxRetries, 0, INT32);
    requireInteger(scope, `${prop}.http.maxConcurrentStreams`, h.maxConcurrentStreams, 1, INT32);
    http = compact({
      http1MaxPendingRequests: h.http1MaxPendingRequests,
      http2MaxRequests: h.http2MaxRequests,
      maxRequestsPerConnection: h.maxRequestsPerConnection,
      maxRetries: h.maxRetries,
      idleTimeout: dur(scope, `${prop}.http.idleTimeout`, h.idleTimeout),
      h2UpgradePolicy: h.h2UpgradePolicy,
      useClientProtocol: h.useClientProtocol,
      maxConcurrentStreams: h.maxConcurrentStreams,
    });
  }
  return compact({ tcp, http });
}

/**
 * Renders outlier detection with conservative defaults, and refuses caps above 50% (without opt-in) and
 * settings that could eject every replica. Envoy ejects while the ejected share is below the cap, so it
 * ends with `ceil(cap × replicas / 100)` hosts ejected, at least one.
 */
function renderOutlierDetection(scope: IConstruct, prop: string, od: any): any {
  if (od === undefined) return undefined;
  requireInteger(scope, `${prop}.consecutive5xxErrors`, od.consecutive5xxErrors, 0, UINT32);
  requireInteger(scope, `${prop}.consecutiveGatewayErrors`, od.consecutiveGatewayErrors, 1, UINT32);
  requireInteger(scope, `${prop}.consecutiveLocalOriginFailures`, od.consecutiveLocalOriginFailures, 1, UINT32);
  requireInteger(scope, `${prop}.maxEjectionPercent`, od.maxEjectionPercent, 0, 100);
  requireInteger(scope, `${prop}.minHealthPercent`, od.minHealthPercent, 0, 100);
  if (od.consecutiveLocalOriginFailures !== undefined && !od.splitExternalLocalOriginErrors) {
    throw meshError(scope, `${prop}.consecutiveLocalOriginFailures`,
      `has no effect without splitExternalLocalOriginErrors: true, got ${shown(od.consecutiveLocalOriginFailures)} with splitExternalLocalOriginErrors ${shown(od.splitExternalLocalOriginErrors ?? false)}`,
      'Set splitExternalLocalOriginErrors: true, or remove consecutiveLocalOriginFailures');
  }
  if (od.maxEjectionPercent !== undefined && od.maxEjectionPercent > 50 && !od.allowUnsafeEjectionPercent) {
    throw meshError(scope, `${prop}.maxEjectionPercent`, `must be at most 50, got ${od.maxEjectionPercent}: above half the pool, one bad deploy can eject most hosts (istio/istio#20135)`,
      'Keep it at 50 or less, or set allowUnsafeEjectionPercent: true');
  }
  if (od.maxEjectionPercent !== undefined && od.maxEjectionPercent > 50) {
    // The opt-in also opts in for the analysis pack: MESH104 reports exactly this.
    acknowledge(scope, 'MESH104', `allowUnsafeEjectionPercent: true at ${prop} (maxEjectionPercent ${od.maxEjectionPercent})`);
  }
  if (od.replicaCount !== undefined) {
    requireInteger(scope, `${prop}.replicaCount`, od.replicaCount, 1, INT32);
    const cap = od.maxEjectionPercent ?? ISTIO_DEFAULT_EJECTION_PERCENT;
    const ejected = cap === 0 ? 0 : Math.min(od.replicaCount, Math.ceil((cap * od.replicaCount) / 100));
    if (ejected >= od.replicaCount) {
      throw meshError(scope, `${prop}.maxEjectionPercent`,
        `of ${cap}% with replicaCount ${od.replicaCount} lets Envoy eject ${ejected} of ${od.replicaCount} hosts (it ejects while fewer than ${cap}% are out, ceil(${cap} × ${od.replicaCount} / 100) = ${ejected}, and always at least one: envoyproxy/envoy#26877), leaving none to serve`,
        'Run more replicas, lower maxEjectionPercent, or remove outlierDetection');
    }
  }
  return compact({
    consecutive5xxErrors: od.consecutive5xxErrors ?? 10,
    consecutiveGatewayErrors: od.consecutiveGatewayErrors,
    consecutiveLocalOriginFailures: od.consecutiveLocalOriginFailures,
    splitExternalLocalOriginErrors: od.splitExternalLocalOriginErrors,
    interval: dur(scope, `${prop}.interval`, od.interval ?? Duration.seconds(60)),
    baseEjectionTime: dur(scope, `${prop}.baseEjectionTime`, od.baseEjectionTime ?? Duration.seconds(30)),
    maxEjectionPercent: od.maxEjectionPercent,
    minHealthPercent: od.minHealthPercent,
  });
}

const MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];
const FILE_FIELDS = ['clientCertificate', 'privateKey', 'caCertificates', 'caCrl'];

/**
 * Renders `ClientTLSSettings` with Istio's own checks (`ValidateTLS`) and ours: DISABLE and insecureSkipVerify
 * need an opt-in whose name says they are unsafe.
 */
export function renderClientTls(scope: IConstruct, prop: string, tls: any): any {
  if (tls === undefined) return undefined;
  if (!MODES.includes(tls.mode)) throw meshError(scope, `${prop}.mode`, `must be one of ${MODES.join(', ')}, got ${shown(tls.mode)}`);
  const set = (field: string) => tls[field] !== undefined;
  if (tls.mode === 'DISABLE') {
    if (!tls.allowUnsafeDisable) {
      throw meshError(scope, `${prop}.mode`, 'DISABLE overrides Istio\'s auto-mTLS and breaks as soon as the destination\'s namespace is STRICT',
        'Omit tls to keep auto-mTLS, or set allowUnsafeDisable: true for a destination outside the mesh');
    }
    const extra = ['credentialName', ...FILE_FIELDS, 'subjectAltNames', 'sni', 'insecureSkipVerify'].filter(set);
    if (extra.length > 0) throw meshError(scope, `${prop}.${extra[0]}`, 'has no effect with mode DISABLE (plain text)', `Remove ${extra[0]}`);
  }
  if (tls.mode === 'ISTIO_MUTUAL' && ['credentialName', ...FILE_FIELDS, 'insecureSkipVerify'].some(set)) {
    throw meshError(scope, prop, 'mode ISTIO_MUTUAL uses Istio\'s certificates and takes no credentialName, clientCertificate, privateKey, caCertificates, caCrl or insecureSkipVerify', 'Use MUTUAL for your own certificates');
  }
  if (tls.credentialName !== undefined) {
    if (typeof tls.credentialName !== 'string' || tls.credentialName.length === 0) {
      throw meshError(scope, `${prop}.credentialName`, `must be a non-empty Secret name, got ${shown(tls.credentialName)}`);
    }
    const files = FILE_FIELDS.filter(set);
    if (files.length > 0) {
      throw meshError(scope, `${prop}.${files[0]}`, 'cannot be combined with credentialName: the Secret holds the certificates (Istio rejects both)',
        `Remove ${files[0]}, or remove credentialName and use files`);
    }
  }
  if (tls.mode === 'MUTUAL' && tls.credentialName === undefined && (tls.clientCertificate === undefined || tls.privateKey === undefined)) {
    throw meshError(scope, prop, 'mode MUTUAL needs credentialName, or clientCertificate and privateKey');
  }
  for (const field of FILE_FIELDS) {
    if (set(field) && (typeof tls[field] !== 'string' || tls[field].length === 0)) {
      throw meshError(scope, `${prop}.${field}`, `must be a non-empty file path, got ${shown(tls[field])}`);
    }
  }
  requireNonEmptyStrings(scope, `${prop}.subjectAltNames`, tls.subjectAltNames);
  if (tls.sni !== undefined && (typeof tls.sni !== 'string' || tls.sni.length === 0)) {
    throw meshError(scope, `${prop}.sni`, `must be a non-empty server name, got ${shown(tls.sni)}`);
  }
  if (tls.insecureSkipVerify === true) {
    if (!tls.allowUnsafeInsecureSkipVerify) {
      throw meshError(scope, `${prop}.insecureSkipVerify`, 'turns off verification of the upstream certificate, so anyone on the path can impersonate the upstream',
        'Give caCertificates or credentialName to verify it, or set allowUnsafeInsecureSkipVerify: true');
    }
    const conflicting = ['caCertificates', 'subjectAltNames', ...(tls.mode === 'SIMPLE' ? ['credentialName'] : [])].filter(set);
    if (conflicting.length > 0) {
      throw meshError(scope, `${prop}.${conflicting[0]}`, 'cannot be combined with insecureSkipVerify: true (Istio rejects it: nothing would be verified)', `Remove ${conflicting[0]}`);
    }
  }
  return compact({
    mode: tls.mode,
    credentialName: tls.credentialName,
    clientCertificate: tls.clientCertificate,
    privateKey: tls.privateKey,
    caCertificates: tls.caCertificates,
    caCrl: tls.caCrl,
    subjectAltNames: tls.subjectAltNames,
    sni: tls.sni,
    insecureSkipVerify: tls.insecureSkipVerify,
  });
}
