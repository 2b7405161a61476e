/**
 * The bad-input catalogue: what a user sees for each wrong input, one row per input, across the constructs.
 * Read it as documentation: every row is the exact message, naming the construct path, the property, the
 * value received and, where there is one, the fix. Plain JavaScript callers (and jsii languages where a value
 * arrives untyped) are in the same table: the `as any` rows.
 */
import * as fs from 'fs';
import { Chart, Duration, Testing } from 'cdk8s';
import * as lib from '../src';
import { gatewayApi, istio, k8s, linkerd } from '../src';

const { CanaryService, Identity, Mesh, RetryableRoute, StrictMtlsNamespace, TrafficMirror, ZeroTrustAuthz, HttpMethod } = lib;

function chart(): Chart {
  return new Chart(Testing.app(), 'payments', { namespace: 'production' });
}

/** Runs `build` on a fresh chart and synthesizes; returns the message of what was thrown. */
function messageOf(build: (c: Chart) => void): string {
  const c = chart();
  try {
    build(c);
    Testing.synth(c);
  } catch (e) {
    return (e as Error).message;
  }
  return '<no error>';
}

const svc = (name = 'payment-api', port = 8080) => gatewayApi.RouteParent.service(name, port);

type Row = [what: string, build: (c: Chart) => void, message: string];

const CATALOGUE: Row[] = [
  // --- Istio VirtualService
  ['VirtualService without props (JavaScript)', c => new (istio.VirtualService as any)(c, 'vs'),
    '[payments/vs] hosts is required. List at least one host, or set isDelegate: true for a delegate VirtualService'],
  ['VirtualService hosts given as a string', c => new istio.VirtualService(c, 'vs', { hosts: 'payment-api' as any }),
    '[payments/vs] hosts must be an array of string, got "payment-api"'],
  ['VirtualService with an unknown key', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], http: [] } as any),
    '[payments/vs] http is not a property of VirtualServiceProps, got []. Did you mean httpRoutes?'],
  ['a key that only Object.prototype has (toString)', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], toString: 'x' } as any),
    '[payments/vs] toString is not a property of VirtualServiceProps, got "x". Known properties: apiVersion, exportTo, gateways, hosts, httpRoutes, isDelegate, metadata, tcpRoutes, tlsRoutes'],
  ['retryOn as a comma-separated YAML string', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }], retries: { attempts: 2, retryOn: '5xx,reset' as any } }] }),
    '[payments/vs] httpRoutes[0].retries.retryOn must be an array of RetryOn, got "5xx,reset". List one value per element (a comma-separated string from YAML is not split), e.g. ["5xx", "reset"] where the elements are RetryOn'],
  ['timeout as a YAML string', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }], timeout: '10s' as any }] }),
    '[payments/vs] httpRoutes[0].timeout must be a Duration, got "10s". Use Duration.seconds(10) from cdk8s'],
  ['a timeout typo', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }], timout: Duration.seconds(3) } as any] }),
    '[payments/vs] httpRoutes[0].timout is not a property of HttpRouteOptions, got Duration.seconds(3). Did you mean timeout?'],
  ['weights 60 + 60', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'a', weight: 60 }, { host: 'b', weight: 60 }] }] }),
    '[payments/vs] httpRoutes[0].destinations weights must sum to 100 (percent of the traffic, rendered as given), got 60 + 60 = 120. Write 50 + 50 for the same shares'],
  ['a lone weight of 120', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'a', weight: 120 }] }] }),
    '[payments/vs] httpRoutes[0].destinations[0].weight must be 100 for a lone destination, got 120. Write weight: 100, or leave the weight out (a lone destination gets all traffic)'],
  ['a weight of NaN', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'a', weight: NaN }, { host: 'b', weight: 100 }] }] }),
    '[payments/vs] httpRoutes[0].destinations[0].weight must be a finite number, got NaN'],
  ['a negative weight', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'a', weight: -10 }, { host: 'b', weight: 110 }] }] }),
    '[payments/vs] httpRoutes[0].destinations[0].weight must be a non-negative integer, got -10'],
  ['weights that are all 0', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'a', weight: 0 }, { host: 'b', weight: 0 }] }] }),
    '[payments/vs] httpRoutes[0].destinations weights must not all be 0 (got 0 + 0 = 0): Istio rejects a route with no traffic. Give at least one destination a positive weight'],
  ['retries on a route that matches POST', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }], retries: { attempts: 3 } }] }),
    '[payments/vs] httpRoutes[0].retries.attempts is 3, but the route has no match, so it matches every method, POST included: a retried POST can execute twice (istio/istio#50506). Add a route whose matches pin idempotent methods (StringMatch.exact(\'GET\')) for the retries and keep this one at attempts 0, or set allowUnsafeRetries: true'],
  ['the old and new retry opt-in disagree', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }], retries: { attempts: 3 }, allowUnsafeRetries: false, allowUnsafeRetriesOfNonIdempotentRequests: true }] }),
    '[payments/vs] httpRoutes[0].allowUnsafeRetriesOfNonIdempotentRequests contradicts allowUnsafeRetries, got true and false. Remove allowUnsafeRetriesOfNonIdempotentRequests (the former name) and keep allowUnsafeRetries'],
  ['a VirtualService with no route', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'] }),
    'Validation failed with the following errors:\n  [payments/vs] httpRoutes, tcpRoutes and tlsRoutes must not all be empty (Istio rejects a VirtualService without http, tcp or tls routes), got 0 routes. Call addHttpRoute(), addTcpRoute() or addTlsRoute()'],
  ['a sub-millisecond timeout', c => new istio.VirtualService(c, 'vs', { hosts: ['payment-api'], httpRoutes: [{ destinations: [{ host: 'payment-api' }], timeout: Duration.millis(0.5) }] }),
    '[payments/vs] httpRoutes[0].timeout must be a whole number of milliseconds and at least 1ms, got 0.5ms'],
  // --- Istio DestinationRule
  ['maxEjectionPercent above 50 without opt-in', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', trafficPolicy: { outlierDetection: { maxEjectionPercent: 100 } } }),
    '[payments/dr] trafficPolicy.outlierDetection.maxEjectionPercent must be at most 50, got 100: above half the pool, one bad deploy can eject most hosts (istio/istio#20135). Keep it at 50 or less, or set allowUnsafeEjectionPercent: true'],
  ['consecutive5xxErrors misspelt', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', trafficPolicy: { outlierDetection: { consecutive5xxError: 10 } as any } }),
    '[payments/dr] trafficPolicy.outlierDetection.consecutive5xxError is not a property of OutlierDetection, got 10. Did you mean consecutive5xxErrors?'],
  ['a subset name that is not a DNS label', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', subsets: [{ name: 'V1', labels: { version: 'v1' } }] }),
    '[payments/dr] subsets[0].name must be a DNS-1123 label (lower-case alphanumerics and \'-\', at most 63), got "V1"'],
  ['the same subset twice', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v1', labels: { version: 'v2' } }] }),
    '[payments/dr] subsets[1].name "v1" is already a subset of payment-api. Give every subset a distinct name'],
  ['an empty host', c => new istio.DestinationRule(c, 'dr', { host: '' }),
    '[payments/dr] host must be a non-empty service name, got ""'],
  // --- Istio PeerAuthentication
  ['mtls: { mode } instead of mode (JavaScript)', c => new istio.PeerAuthentication(c, 'pa', { mtls: { mode: 'DISABLE' } } as any),
    '[payments/pa] mtls is not a property of PeerAuthenticationProps, got {"mode":"DISABLE"}. Did you mean mode?'],
  ['mode DISABLE without opt-in', c => new istio.PeerAuthentication(c, 'pa', { mode: istio.MtlsMode.DISABLE }),
    '[payments/pa] mode must not be DISABLE without allowUnsafeDisable: true (mTLS off: the workload accepts plain text from anyone who can reach it, and authorization policies see no peer identity), got "DISABLE". Use STRICT (or PERMISSIVE while migrating clients into the mesh), or set allowUnsafeDisable: true'],
  ['mode OFF from YAML read as boolean', c => new istio.PeerAuthentication(c, 'pa', { mode: false as any }),
    '[payments/pa] mode must be one of "UNSET", "DISABLE", "PERMISSIVE", "STRICT" (MtlsMode), got false. A YAML 1.1 reader turns an unquoted OFF/ON/YES/NO into a boolean: quote the value'],
  ['mode in lowercase', c => new istio.PeerAuthentication(c, 'pa', { mode: 'strict' as any }),
    '[payments/pa] mode must be one of "UNSET", "DISABLE", "PERMISSIVE", "STRICT" (MtlsMode), got "strict". Did you mean MtlsMode.STRICT ("STRICT")?'],
  ['portLevelMtls without a selector', c => new istio.PeerAuthentication(c, 'pa', { portLevelMtls: [{ port: 8080, mode: istio.MtlsMode.PERMISSIVE }] }),
    '[payments/pa] portLevelMtls requires a selector (Istio rejects port-level mTLS in a namespace- or mesh-wide policy). Add selector: { matchLabels: { app: ... } }'],
  // --- Istio AuthorizationPolicy
  ['a selector without matchLabels (JavaScript)', c => new istio.AuthorizationPolicy(c, 'ap', { selector: { app: 'payment-api' } as any, rules: [{ allowAnySource: true }] }),
    '[payments/ap] selector.app is not a property of WorkloadSelector, got "payment-api". Labels go under matchLabels: matchLabels: { "app": "payment-api" }'],
  ['an ALLOW rule with no source', c => new istio.AuthorizationPolicy(c, 'ap', { rules: [{ operations: [{ methods: ['GET'] }] }] }),
    '[payments/ap] rules[0].sources is empty in an ALLOW rule, which admits every caller, unauthenticated ones included, got none. Add sources (principals, namespaces, ...), or set allowAnySource: true'],
  ['principals: ["*"]', c => new istio.AuthorizationPolicy(c, 'ap', { rules: [{ sources: [{ principals: ['*'] }] }] }),
    '[payments/ap] rules[0].sources[0].principals[0] is a wildcard, "*", which admits every identity it matches. List exact principals, or set allowWildcardPrincipals: true on the rule'],
  ['namespaces: ["*"]', c => new istio.AuthorizationPolicy(c, 'ap', { rules: [{ sources: [{ namespaces: ['*'] }] }] }),
    '[payments/ap] rules[0].sources[0].namespaces[0] is a wildcard, "*", which admits every mTLS peer in the namespaces it matches (all of the mesh). List exact namespaces, or set allowWildcardPrincipals: true on the rule'],
  ['a principal with spiffe://', c => new istio.AuthorizationPolicy(c, 'ap', { rules: [{ sources: [{ principals: ['spiffe://cluster.local/ns/production/sa/frontend'] }] }] }),
    '[payments/ap] rules[0].sources[0].principals[0] must not start with spiffe://, got "spiffe://cluster.local/ns/production/sa/frontend". Use "cluster.local/ns/production/sa/frontend"'],
  ['a path without a leading /', c => new istio.AuthorizationPolicy(c, 'ap', { rules: [{ sources: [{ namespaces: ['frontend'] }], operations: [{ paths: ['api/payments'] }] }] }),
    '[payments/ap] rules[0].operations[0].paths[0] must start with "/" (or "*" for a suffix match), got "api/payments": a request path always starts with "/", so it would never match. Write "/api/payments"'],
  ['a DENY policy without rules', c => new istio.AuthorizationPolicy(c, 'ap', { action: istio.AuthorizationAction.DENY }),
    'Validation failed with the following errors:\n  [payments/ap] rules must not be empty (Istio rejects a DENY policy without rules), got 0 rules. Call addRule(), or use AuthorizationPolicy.allowNothing() for a deny-all'],
  ['a port that is not a number', c => new istio.AuthorizationPolicy(c, 'ap', { rules: [{ sources: [{ namespaces: ['frontend'] }], operations: [{ ports: ['8080' as any] }] }] }),
    '[payments/ap] rules[0].operations[0].ports[0] must be a number, got "8080". Write the number without quotes: 8080'],
  // --- Istio RequestAuthentication, ServiceEntry, Sidecar
  ['a claim-to-header with an invalid header', c => new istio.RequestAuthentication(c, 'ra', { jwtRules: [{ issuer: 'https://issuer.example.com', outputClaimToHeaders: [{ claim: 'sub', header: 'x user' }] }] }),
    '[payments/ra] jwtRules[0].outputClaimToHeaders[0].header must be a header name (letters, digits, \'-\' and \'_\'), got "x user"'],
  ['a targetRef group that is not an API group', c => new istio.RequestAuthentication(c, 'ra', { targetRefs: [{ kind: 'Gateway', name: 'ingress', group: 'Gateway API' }], jwtRules: [{ issuer: 'https://issuer.example.com' }] }),
    '[payments/ra] targetRefs[0].group must be an API group (a DNS-1123 subdomain, or "" for the core group), got "Gateway API"'],
  ['a ServiceEntry with two ports of one name', c => new istio.ServiceEntry(c, 'se', { hosts: ['api.example.com'], ports: [{ number: 443, protocol: istio.PortProtocol.HTTPS, name: 'tls' }, { number: 8443, protocol: istio.PortProtocol.HTTPS, name: 'tls' }], resolution: istio.ServiceEntryResolution.DNS }),
    '[payments/se] ports[1].name "tls" names an earlier port too. Give every port its own name (Istio refuses duplicates)'],
  ['a ServiceEntry port without a number', c => new istio.ServiceEntry(c, 'se', { hosts: ['api.example.com'], ports: [{} as any], resolution: istio.ServiceEntryResolution.DNS }),
    '[payments/se] ports[0].number is required, got undefined'],
  ['a Sidecar ingress listener without a port', c => new istio.Sidecar(c, 'sc', { workloadSelector: { app: 'payment-api' }, ingress: [{} as any] }),
    '[payments/sc] ingress[0].port is required, got undefined. Give the workload port the listener receives on'],
  // --- metadata, everywhere
  ['metadata.labels given as a string', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', metadata: { labels: 'app=payment-api' as any } }),
    '[payments/dr] metadata.labels must be an object of string values, got "app=payment-api"'],
  ['a metadata name with capitals', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', metadata: { name: 'Payment-API' } }),
    '[payments/dr] metadata.name must be a DNS-1123 subdomain (lowercase alphanumerics, \'-\' and \'.\', starting and ending with an alphanumeric, at most 253 characters), got "Payment-API"'],
  ['a label value with a comma', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', metadata: { labels: { team: 'a,b' } } }),
    '[payments/dr] metadata.labels[team] is invalid (Invalid label value: "a,b": must be at most 63 characters, empty or alphanumerics with \'-\', \'_\' or \'.\' inside)'],
  ['a metadata field misspelt', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', metadata: { label: { app: 'payment-api' } } as any }),
    '[payments/dr] metadata.label is not a field of metadata the library renders, got {"app":"payment-api"}. Did you mean labels?'],
  ['a finalizer listed twice', c => new istio.DestinationRule(c, 'dr', { host: 'payment-api', metadata: { finalizers: ['example.com/x', 'example.com/x'] } }),
    '[payments/dr] metadata.finalizers[1] is invalid (Duplicate value: "example.com/x")'],
  ['metadata.namespace that is not a DNS label', c => new k8s.NetworkPolicy(c, 'np', { metadata: { namespace: 'Production' } }),
    '[payments/np] metadata.namespace must be a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters), got "Production"'],
  // --- Kubernetes
  ['a Service port listed twice', c => new k8s.Service(c, 'svc', { selector: { app: 'payment-api' }, ports: [{ port: 8080 }, { port: 8080 }] }),
    '[payments/svc] ports[1].port 8080 is listed twice. List every Service port once'],
  ['a Service name that is not a DNS-1035 label', c => new k8s.Service(c, 'svc', { metadata: { name: '1payments' }, selector: { app: 'payment-api' }, ports: [{ port: 8080 }] }),
    '[payments/svc] metadata.name is invalid (Invalid value: "1payments": must be a DNS-1035 label (lowercase alphanumerics and \'-\', starting with a letter and ending with an alphanumeric, at most 63 characters))'],
  ['Namespace labels given as a string', c => new k8s.Namespace(c, 'ns', { name: 'production', labels: '5xx,reset' as any }),
    '[payments/ns] labels must be an object of string values, got "5xx,reset"'],
  // --- Linkerd
  ['a podSelector given as { matchLabels }', c => new linkerd.Server(c, 'srv', { podSelector: { matchLabels: { app: 'payment-api' } } as any, port: linkerd.ServerPort.named('http') }),
    '[payments/srv] podSelector.matchLabels must be a string, got {"app":"payment-api"}. podSelector takes the labels themselves: write podSelector: {"app":"payment-api"}'],
  ['a Server name with a quote', c => new linkerd.Server(c, 'srv', { metadata: { name: '"web' }, podSelector: { app: 'payment-api' }, port: linkerd.ServerPort.named('http') }),
    '[payments/srv] metadata.name is invalid (Invalid value: "\\"web": must be a DNS-1123 subdomain (lowercase alphanumerics, \'-\' and \'.\', starting and ending with an alphanumeric, at most 253 characters))'],
  ['a retryRatio of 5 (meant 5%)', c => new linkerd.ServiceProfile(c, 'sp', { service: { name: 'payment-api' }, retryBudget: { retryRatio: 5 } }),
    '[payments/sp] retryBudget.retryRatio must be at most 1 (retries at most as many as the original requests), got 5, which lets retries multiply the load on a failing service by 6. For 5% write 0.05; Linkerd\'s default is 0.2. Or set retryBudget.allowUnsafeRetryRatio: true'],
  ['a lowercase method in methodAndPath', c => new linkerd.ServiceProfile(c, 'sp', { service: { name: 'payment-api' }, routes: [{ name: 'POST /payments', condition: linkerd.RequestMatch.methodAndPath('post' as any, '/payments') }] }),
    '[linkerd.RequestMatch.methodAndPath] method must be one of "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE", "POST", "PATCH", "CONNECT" (HttpMethod), got "post". Did you mean HttpMethod.POST ("POST")?'],
  ['a pathRegex that does not compile', c => new linkerd.ServiceProfile(c, 'sp', { service: { name: 'payment-api' }, routes: [{ name: 'broken', condition: linkerd.RequestMatch.pathRegex('/api/([') }] }),
    '[payments/sp] routes[0].condition.pathRegex must be a valid RE2 regular expression, got "/api/([" (error parsing regexp: missing closing ]: `[`). Linkerd compiles it with Rust\'s regex crate and refuses the route otherwise: no backreferences or lookaround'],
  ['a POST route made retryable', c => new linkerd.ServiceProfile(c, 'sp', { service: { name: 'payment-api' }, routes: [{ name: 'POST /payments', condition: linkerd.RequestMatch.method(HttpMethod.POST), isRetryable: true }] }),
    '[payments/sp] routes[0].isRetryable must not be true on route "POST /payments", which matches POST, got true. Retrying a non-idempotent request can repeat its side effect (a double payment): restrict the condition to safe methods with RequestMatch.method(), or set allowUnsafeRetries: true if the handler deduplicates'],
  ['ServiceProfile metadata with a foreign name', c => new linkerd.ServiceProfile(c, 'sp', { service: { name: 'payment-api' }, metadata: { name: 'payment-api' } }),
    '[payments/sp] metadata.name must be "payment-api.production.svc.cluster.local" (Linkerd finds a profile by <svc>.<ns>.svc.<clusterDomain> only), got "payment-api". Omit metadata.name: it is derived from service'],
  ['a policy on a Server that does not exist', c => new linkerd.AuthorizationPolicy(c, 'ap', { target: linkerd.PolicyTarget.serverNamed('nope'), allowUnauthenticated: true }),
    'Validation failed with the following errors:\n  [payments/ap] target names the Server "nope", which no linkerd.Server of this app defines in namespace "production". Linkerd would apply the policy to nothing: fix the name, create the Server (new linkerd.Server) and target it with PolicyTarget.server(server), or use PolicyTarget.externalServer(name) for a Server another app creates'],
  ['a policy that requires no authentication', c => new linkerd.AuthorizationPolicy(c, 'ap', { target: linkerd.PolicyTarget.externalServer('web') }),
    'Validation failed with the following errors:\n  [payments/ap] requiredAuthentications must not be empty, got none. With no required authentication the policy authorizes every client, meshed or not: add one with addAuthentication(), or set allowUnauthenticated: true'],
  ['an empty ServiceAccount name', c => new linkerd.AuthorizationPolicy(c, 'ap', { target: linkerd.PolicyTarget.externalServer('web'), requiredAuthentications: [linkerd.AuthenticationRef.serviceAccount('')] }),
    '[AuthenticationRef.serviceAccount] name must be an object name (a DNS-1123 subdomain), got ""'],
  ['route retries that reach POST through the catch-all', c => new linkerd.HttpRoute(c, 'route', { parents: [svc()], retry: { limit: 2 } }),
    'Validation failed with the following errors:\n  [payments/route] retry must not be set on a route that can match POST, PATCH or CONNECT (its catch-all rule matches every method). Linkerd applies a route\'s retries to all its rules: give each rule a safe or idempotent method and keep the catch-all in a route without retries (catchAll: false here), or set allowUnsafeRetries: true'],
  ['a gRPC method name with a slash', c => new linkerd.GrpcRoute(c, 'route', { parents: [svc('ledger', 9090)], rules: [{ matches: [{ service: 'payments.v1.Ledger', method: 'Get/Entry' }] }] }),
    '[payments/route] rules[0].matches[0].method must be a gRPC method name (an identifier: GetEntry), got "Get/Entry"'],
  // --- Gateway API
  ['an HTTPRoute prop misspelt', c => new gatewayApi.HttpRoute(c, 'route', { parents: [svc()], rule: [] } as any),
    '[payments/route] rule is not a property of HttpRouteProps, got []. Did you mean rules?'],
  ['a path given as a string', c => new gatewayApi.HttpRoute(c, 'route', { parents: [svc()], rules: [{ matches: [{ path: '/api' as any }] }] }),
    '[payments/route] rules[0].matches[0].path must be a PathMatch, got "/api". Use PathMatch.exact(), PathMatch.prefix(), PathMatch.regex()'],
  ['the same Service parent twice', c => new gatewayApi.HttpRoute(c, 'route', { parents: [svc('payment-api', 8080), svc('payment-api', 9090)], catchAll: false, rules: [{}] }),
    '[payments/route] parents[1] repeats the Service "payment-api" of an earlier parent. List each parent once (the Gateway API refuses the same parent twice without distinct sectionNames)'],
  ['a backend weight of 1.5', c => new gatewayApi.HttpRoute(c, 'route', { parents: [svc()], rules: [{ backends: [{ name: 'payment-api', port: 8080, weight: 1.5 }] }] }),
    '[payments/route] rules[0].backends[0].weight must be an integer from 0 to 1000000, got 1.5'],
  ['a path with //', c => new gatewayApi.HttpRoute(c, 'route', { parents: [svc()], rules: [{ matches: [{ path: gatewayApi.PathMatch.prefix('/api//v1') }] }] }),
    '[payments/route] rules[0].matches[0].path must be a normalized absolute path of at most 1024 URL characters without "//", got "/api//v1". The Gateway API refuses paths with empty or dot segments, encoded slashes or fragments: use PathMatch.regex() for anything else'],
  // --- patterns
  ['CanaryService with a weight of 120', c => new CanaryService(c, 'canary', { mesh: Mesh.istio(), service: 'payment-api', port: 8080, stableSelector: { version: 'v1' }, canarySelector: { version: 'v2' }, canaryWeight: 120 }),
    '[payments/canary] canaryWeight must be an integer from 0 to 100, got 120'],
  ['CanaryService without a mesh', c => new CanaryService(c, 'canary', { service: 'payment-api', port: 8080, stableSelector: { version: 'v1' }, canarySelector: { version: 'v2' } } as any),
    '[payments/canary] mesh must be a Mesh, got undefined. Use Mesh.istio(), Mesh.istio({ dialect: IstioDialect.GAMMA }) or Mesh.linkerd()'],
  ['RetryableRoute with props null (JavaScript)', c => new (RetryableRoute as any)(c, 'rr', null),
    '[payments/rr] mesh must be a Mesh, got undefined. Use Mesh.istio(), Mesh.istio({ dialect: IstioDialect.GAMMA }) or Mesh.linkerd()'],
  ['StrictMtlsNamespace with a mesh name as a string', c => new StrictMtlsNamespace(c, 'strict', { mesh: 'istio' as any, namespace: 'production' }),
    '[payments/strict] mesh must be a Mesh, got "istio". Use Mesh.istio(), Mesh.linkerd()'],
  ['TrafficMirror at 150 percent', c => new TrafficMirror(c, 'mirror', { mesh: Mesh.istio(), service: 'payment-api', mirrorService: 'payment-api-shadow', port: 8080, percentage: 150 }),
    '[payments/mirror] percentage must be an integer from 1 to 100, got 150. To stop mirroring, remove the TrafficMirror'],
  ['ZeroTrustAuthz with a path without /', c => new ZeroTrustAuthz(c, 'zta', { mesh: Mesh.istio() }).addAllow({ sources: [Identity.serviceAccount('frontend', 'web')], to: { labels: { app: 'payment-api' }, ports: [8080] }, paths: ['api'] }),
    '[payments/zta] addAllow().paths[0] must start with "/" (or "*" for a suffix match), got "api". Write "/api"'],
];

describe('bad-input catalogue', () => {
  test('has at least 60 inputs, each a different situation', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CATALOGUE.map(([what]) => what)).size).toBe(CATALOGUE.length);
  });

  test.each(CATALOGUE)('%s', (_what, build, message) => {
    const got = messageOf(build);
    // CATALOGUE_PRINT=<file> records what each input gets, to review a change of wording.
    if (process.env.CATALOGUE_PRINT) fs.appendFileSync(process.env.CATALOGUE_PRINT, `${JSON.stringify([_what, got])}\n`);
    expect(got).toBe(message);
    // Every line that reports a problem names the construct path first.
    for (const line of got.split('\n').filter(l => l.trim() && !/^Validation failed/.test(l))) expect(line.trim()).toMatch(/^\[[^\]]+\] \S/);
  });
});
