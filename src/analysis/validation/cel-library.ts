/**
 * The Kubernetes CEL libraries that CRD `x-kubernetes-validations` rules may call, registered on a
 * `@marcbachmann/cel-js` environment, with the semantics of `k8s.io/apiserver/pkg/cel/library`:
 * URLs (Go `net/url`), IPs and CIDRs (Go `net/netip`), lists, RE2 regexes, the cel-go string extensions
 * cel-js lacks, and Go's `time.ParseDuration`.
 */
/* eslint-disable no-bitwise */ // IP addresses and masks are byte arithmetic
import type { RE2JS } from 're2js';
import { re2js } from '../../private/lazy';

/** The part of a cel-js `Environment` this library uses. */
export interface CelRegistry {
  registerFunction(signature: string, handler: (...args: any[]) => unknown): unknown;
  registerType(name: string, ctor: new (...args: any[]) => unknown): unknown;
  registerOperator(signature: string, handler: (a: any, b: any) => unknown): unknown;
}

export interface LibraryContext {
  /** Creates the error a handler throws to fail the evaluation (a cel-js EvaluationError). */
  readonly fail: (message: string) => Error;
  /** cel-js's (unexported) Duration class: `new Duration(seconds, nanos)`. */
  readonly durationCtor: new (seconds: bigint, nanos: number) => unknown;
}

// ---------------------------------------------------------------------------------------------- IPs
export class CelIP {
  constructor(readonly bytes: readonly number[]) {}
  get is4(): boolean { return this.bytes.length === 4; }
  u16(i: number): number { return (this.bytes[2 * i] << 8) | this.bytes[2 * i + 1]; }
  toString(): string {
    if (this.is4) return this.bytes.join('.');
    let zs = -1, ze = -1; // longest run of >= 2 zero groups becomes '::' (Go's Addr.String)
    for (let i = 0; i < 8; i++) {
      let j = i;
      while (j < 8 && this.u16(j) === 0) j++;
      if (j - i >= 2 && j - i > ze - zs) { zs = i; ze = j; }
    }
    let out = '';
    for (let i = 0; i < 8; i++) {
      if (i === zs) { out += '::'; i = ze - 1; continue; }
      if (i > 0 && !out.endsWith(':')) out += ':';
      out += this.u16(i).toString(16);
    }
    return out;
  }
}
export class CelCIDR {
  constructor(readonly ip: CelIP, readonly bits: number) {}
  toString(): string { return `${this.ip}/${this.bits}`; }
  masked(): CelCIDR {
    return new CelCIDR(new CelIP(this.ip.bytes.map((b, i) => b & maskByte(this.bits, i))), this.bits);
  }
}
const maskByte = (bits: number, i: number): number => (bits >= 8 * (i + 1) ? 0xff : bits <= 8 * i ? 0 : (0xff << (8 - (bits - 8 * i))) & 0xff);

function parseIPv4(s: string): number[] | string {
  const fields = s.split('.');
  if (fields.length !== 4) return 'IPv4 address must have 4 fields';
  const out: number[] = [];
  for (const f of fields) {
    if (!/^[0-9]{1,3}$/.test(f)) return `invalid IPv4 field ${JSON.stringify(f)}`;
    if (f.length > 1 && f[0] === '0') return 'IPv4 field has octet with leading zero';
    if (Number(f) > 255) return 'IPv4 field has value >255';
    out.push(Number(f));
  }
  return out;
}

/** Go's netip.parseIPv6 (zones are rejected up front: Kubernetes never allows them). */
function parseIPv6(input: string): number[] | string {
  if (input.includes('%')) return 'IP address with zone value is not allowed';
  let s = input;
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return ip;
  }
  let i = 0;
  while (i < 16) {
    let off = 0, acc = 0;
    for (; off < s.length && /[0-9a-fA-F]/.test(s[off]); off++) {
      if (off > 3) return 'each colon-separated field must have at most 4 hex digits';
      acc = acc * 16 + parseInt(s[off], 16);
    }
    if (off === 0) return 'each colon-separated field must have at least one digit';
    if (s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return 'embedded IPv4 address must replace the final 2 fields of the address';
      if (i + 4 > 16) return 'too many hex fields to fit an embedded IPv4 at the end of the address';
      const v4 = parseIPv4(s);
      if (typeof v4 === 'string') return v4;
      ip.splice(i, 4, ...v4);
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') return 'unexpected character, want colon';
    if (s.length === 1) return 'colon must be followed by more characters';
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return 'multiple :: in address';
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return 'trailing garbage after address';
  if (i < 16) {
    if (ellipsis < 0) return 'address string too short';
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return 'the :: must expand to at least one field of zeros';
  }
  return ip;
}

/** netip.ParseAddr plus the Kubernetes restrictions (no zones, no IPv4-mapped IPv6). */
export function parseIP(raw: string): CelIP | string {
  const sep = /[.:%]/.exec(raw)?.[0];
  const bytes = sep === '.' ? parseIPv4(raw) : sep === ':' ? parseIPv6(raw) : sep === '%' ? 'missing IPv6 address' : 'unable to parse IP';
  if (typeof bytes === 'string') return `IP Address ${JSON.stringify(raw)} parse error during conversion from string: ${bytes}`;
  if (bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `IPv4-mapped IPv6 address ${JSON.stringify(raw)} is not allowed`;
  }
  return new CelIP(bytes);
}

/** netip.ParsePrefix plus the Kubernetes restrictions. Host bits after the prefix are allowed (see masked()). */
export function parseCIDR(raw: string): CelCIDR | string {
  const slash = raw.lastIndexOf('/');
  if (slash < 0) return `network address parse error during conversion from string: no '/' in ${JSON.stringify(raw)}`;
  const ip = parseIP(raw.slice(0, slash));
  if (typeof ip === 'string') return `network address parse error during conversion from string: ${ip}`;
  const bitsStr = raw.slice(slash + 1);
  const bits = Number(bitsStr);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsStr) || bits > (ip.is4 ? 32 : 128)) {
    return `network address parse error during conversion from string: bad bits after slash: ${JSON.stringify(bitsStr)}`;
  }
  return new CelCIDR(ip, bits);
}

function cidrContainsIP(c: CelCIDR, ip: CelIP): boolean {
  return c.ip.is4 === ip.is4 && c.masked().ip.bytes.every((b, i) => b === (ip.bytes[i] & maskByte(c.bits, i)));
}
/** As Kubernetes does it: `Masked() == PrefixFrom(other.Addr(), bits)`; PrefixFrom does not mask the other address. */
function cidrContainsCIDR(c: CelCIDR, other: CelCIDR): boolean {
  const m = c.masked();
  return m.ip.is4 === other.ip.is4 && m.ip.bytes.every((b, i) => b === other.ip.bytes[i]) && c.bits <= other.bits;
}

// --------------------------------------------------------------------------------------------- URLs
export class CelURL {
  constructor(readonly scheme: string, readonly host: string, readonly path: string, readonly rawPath: string, readonly rawQuery: string) {}
}
type Mode = 'path' | 'host' | 'zone' | 'user' | 'query' | 'fragment';
const utf8 = new TextEncoder();
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Go's net/url shouldEscape. */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && '!$&\'()*+,;=:[]<>"'.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path': return ch === '?';
      case 'user': return '@/?:'.includes(ch);
      case 'query': return true;
      case 'fragment': return false;
      default: break;
    }
  }
  return !(mode === 'fragment' && '!()*'.includes(ch));
}

/** Go's net/url unescape (on UTF-8 bytes, as Go strings are); throws a message on malformed input. */
function unescape(s: string, mode: Mode): string {
  const b = utf8.encode(s);
  const out: number[] = [];
  const isHex = (c: number | undefined) => c !== undefined && /[0-9a-fA-F]/.test(String.fromCharCode(c));
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x25) { // '%'
      const esc = String.fromCharCode(...b.slice(i, i + 3));
      if (i + 2 >= b.length || !isHex(b[i + 1]) || !isHex(b[i + 2])) throw `invalid URL escape ${JSON.stringify(esc)}`;
      const v = parseInt(esc.slice(1), 16);
      if (mode === 'host' && v < 0x80 && esc !== '%25') throw `invalid URL escape ${JSON.stringify(esc)}`;
      if (mode === 'zone' && esc !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) throw `invalid URL escape ${JSON.stringify(esc)}`;
      out.push(v);
      i += 2;
    } else if (c === 0x2b && mode === 'query') { // '+'
      out.push(0x20);
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
        throw `invalid character ${JSON.stringify(String.fromCharCode(c))} in host name`;
      }
      out.push(c);
    }
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of utf8.encode(s)) out += shouldEscape(b, mode) ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
  return out;
}

const validOptionalPort = (port: string): boolean => port === '' || /^:[0-9]*$/.test(port);

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw "missing ']' in host";
    if (!validOptionalPort(host.slice(i + 1))) throw `invalid port ${JSON.stringify(host.slice(i + 1))} after host`;
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host');
  } else if (host.lastIndexOf(':') >= 0 && !validOptionalPort(host.slice(host.lastIndexOf(':')))) {
    throw `invalid port ${JSON.stringify(host.slice(host.lastIndexOf(':')))} after host`;
  }
  return unescape(host, 'host');
}

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[-A-Za-z0-9._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw 'net/url: invalid userinfo';
    const colon = userinfo.indexOf(':');
    for (const part of colon < 0 ? [userinfo] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)]) unescape(part, 'user');
  }
  return host;
}

/** Go's net/url parse(rawURL, viaRequest). Throws a message string on error. */
function goParse(raw: string, viaRequest: boolean): CelURL {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw 'net/url: invalid control character in URL';
  if (raw === '' && viaRequest) throw 'empty url';
  if (raw === '*') return new CelURL('', '', '*', '', '');
  let scheme = '', rest = raw;
  const sm = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(raw);
  if (sm) {
    scheme = sm[0].slice(0, -1).toLowerCase();
    rest = raw.slice(sm[0].length);
  } else if (raw.startsWith(':')) {
    throw 'missing protocol scheme';
  }
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else if (rest.includes('?')) {
    rawQuery = rest.slice(rest.indexOf('?') + 1);
    rest = rest.slice(0, rest.indexOf('?'));
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return new CelURL(scheme, '', '', '', rawQuery); // opaque
    if (viaRequest) throw 'invalid URI for request';
    if (rest.split('/')[0].includes(':')) throw 'first path segment in URL cannot contain colon';
  }
  let host = '';
  if ((scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    authority = slash >= 0 ? authority.slice(0, slash) : authority;
    host = parseAuthority(authority);
  }
  const path = unescape(rest, 'path');
  return new CelURL(scheme, host, path, escape(path, 'path') === rest ? '' : rest, rawQuery);
}

/** `url()`: url.ParseRequestURI must accept it, then url.Parse (which splits off the fragment) provides the parts. */
export function parseURL(raw: string): CelURL | string {
  try {
    goParse(raw, true);
    const hash = raw.indexOf('#');
    if (hash >= 0) unescape(raw.slice(hash + 1), 'fragment');
    return goParse(hash >= 0 ? raw.slice(0, hash) : raw, false);
  } catch (e) {
    return `URL parse error during conversion from string: parse ${JSON.stringify(raw)}: ${e}`;
  }
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort, port = '';
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(host.slice(colon))) { port = host.slice(colon + 1); host = host.slice(0, colon); }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

function escapedPath(u: CelURL): string {
  if (u.rawPath !== '' && /^[-A-Za-z0-9_.~!$&'()*+,;=:@[\]%/]*$/.test(u.rawPath)) {
    try { if (unescape(u.rawPath, 'path') === u.path) return u.rawPath; } catch { /* fall through */ }
  }
  return u.path === '*' ? '*' : escape(u.path, 'path');
}

function query(u: CelURL): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of u.rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    try {
      const k = unescape(eq >= 0 ? pair.slice(0, eq) : pair, 'query');
      const v = eq >= 0 ? unescape(pair.slice(eq + 1), 'query') : '';
      out.set(k, [...(out.get(k) ?? []), v]);
    } catch { /* Go's ParseQuery skips malformed pairs */ }
  }
  return out;
}

// ----------------------------------------------------------------------------------- values & lists
const INT_MIN = -(2n ** 63n), INT_MAX = 2n ** 63n - 1n;
const isNum = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

/** CEL equality for the runtime values cel-js uses (heterogeneous numeric equality, deep lists and maps). */
export function celEquals(a: unknown, b: unknown): boolean {
  if (isNum(a) && isNum(b)) return a == b; // eslint-disable-line eqeqeq
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && celEquals(v, b.get(k)));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof CelIP && b instanceof CelIP) return a.toString() === b.toString();
  if (a instanceof CelCIDR && b instanceof CelCIDR) return a.toString() === b.toString();
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && a.constructor === b.constructor && 'valueOf' in a) {
    return a.valueOf() === b.valueOf(); // durations
  }
  return a === b;
}

function compare(a: any, b: any, fail: LibraryContext['fail']): number {
  const comparable = (isNum(a) && isNum(b)) || (typeof a === typeof b && ['string', 'boolean'].includes(typeof a))
    || (a instanceof Date && b instanceof Date) || (a?.constructor === b?.constructor && typeof a?.seconds === 'bigint');
  if (!comparable) throw fail('no such overload');
  const x = typeof a === 'object' ? a.valueOf() : a, y = typeof b === 'object' ? b.valueOf() : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

function sum(list: unknown[], ctx: LibraryContext): unknown {
  if (list.length === 0) return 0n;
  if (list.every((v) => typeof v === 'bigint')) {
    const total = (list as bigint[]).reduce((x, y) => x + y, 0n);
    if (total < INT_MIN || total > INT_MAX) throw ctx.fail('integer overflow');
    return total;
  }
  if (list.every((v) => typeof v === 'number')) return (list as number[]).reduce((x, y) => x + y, 0);
  if (list.every((v: any) => typeof v?.addDuration === 'function')) return list.reduce((x: any, y) => x.addDuration(y));
  throw ctx.fail('no such overload');
}

// ----------------------------------------------------------------------------------- regex & durations
const regexCache = new Map<string, RE2JS>();
function re2(pattern: string, fail: LibraryContext['fail']): RE2JS {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = re2js().RE2JS.compile(pattern);
    } catch (e) {
      throw fail(`error parsing regexp: ${(e as Error).message}`);
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

function findAll(s: string, pattern: string, limit: number, fail: LibraryContext['fail']): string[] {
  const out: string[] = [];
  const m = re2(pattern, fail).matcher(s);
  while ((limit < 0 || out.length < limit) && m.find()) out.push(m.group() ?? '');
  return out;
}

const DURATION_UNITS = new Map<string, bigint>([
  ['ns', 1n], ['us', 1000n], ['µs', 1000n], ['μs', 1000n], ['ms', 1000000n], ['s', 1000000000n], ['m', 60000000000n], ['h', 3600000000000n],
]);

/** Go's time.ParseDuration, in nanoseconds; undefined if invalid. */
export function parseGoDuration(orig: string): bigint | undefined {
  let s = orig;
  const neg = s.startsWith('-');
  if (neg || s.startsWith('+')) s = s.slice(1);
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    const num = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    if (num[1] === '' && !num[2]) return undefined;
    s = s.slice(num[0].length);
    const unit = /^[^0-9.]+/.exec(s)?.[0];
    const u = unit === undefined ? undefined : DURATION_UNITS.get(unit);
    if (unit === undefined || u === undefined) return undefined;
    s = s.slice(unit.length);
    total += BigInt(num[1] || '0') * u + (num[2] ? (BigInt(num[2]) * u) / 10n ** BigInt(num[2].length) : 0n);
    if (total > (neg ? -INT_MIN : INT_MAX)) return undefined;
  }
  return neg ? -total : total;
}

export function makeDuration(nanos: bigint, ctx: LibraryContext): unknown {
  return new ctx.durationCtor(nanos / 1000000000n, Number(nanos % 1000000000n));
}

// ------------------------------------------------------------------------------------- registration
export function registerKubernetesLibrary(env: CelRegistry, ctx: LibraryContext): void {
  const { fail } = ctx;
  const fn = (signature: string, handler: (...args: any[]) => unknown) => env.registerFunction(signature, handler);
  const orFail = <T>(v: T | string): T => { if (typeof v === 'string') throw fail(v); return v; };
  const index = (list: unknown[], item: unknown, last: boolean) => {
    const i = last ? list.map((x) => celEquals(x, item)).lastIndexOf(true) : list.findIndex((x) => celEquals(x, item));
    return BigInt(i);
  };
  env.registerType('kubernetes.URL', CelURL);
  env.registerType('net.IP', CelIP);
  env.registerType('net.CIDR', CelCIDR);

  // Go duration parsing and RE2 regexes in place of cel-js's built-ins (rules are rewritten to call these: see RENAMED_BUILTINS in cel.ts).
  fn('__k8s_duration(string): google.protobuf.Duration', (s: string) => {
    const nanos = parseGoDuration(s);
    if (nanos === undefined) throw fail(`type conversion error from 'string' to 'google.protobuf.Duration': time: invalid duration ${JSON.stringify(s)}`);
    return makeDuration(nanos, ctx);
  });
  fn('__k8s_duration(google.protobuf.Duration): google.protobuf.Duration', (d: unknown) => d);
  env.registerOperator('net.IP == net.IP', (a: CelIP, b: CelIP) => celEquals(a, b));
  env.registerOperator('net.CIDR == net.CIDR', (a: CelCIDR, b: CelCIDR) => celEquals(a, b));
  fn('string.__k8s_matches(string): bool', (s: string, p: string) => re2(p, fail).matcher(s).find());
  fn('__k8s_matches(string, string): bool', (s: string, p: string) => re2(p, fail).matcher(s).find());

  // kubernetes.regex
  fn('string.find(string): string', (s: string, p: string) => findAll(s, p, 1, fail)[0] ?? '');
  fn('string.findAll(string): list<string>', (s: string, p: string) => findAll(s, p, -1, fail));
  fn('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) => findAll(s, p, Number(n), fail));

  // kubernetes.lists
  fn('list.isSorted(): bool', (l: unknown[]) => l.every((v, i) => i === 0 || compare(l[i - 1], v, fail) <= 0));
  fn('list.sum(): dyn', (l: unknown[]) => sum(l, ctx));
  for (const [name, sign] of [['min', 1], ['max', -1]] as const) {
    fn(`list.${name}(): dyn`, (l: unknown[]) => {
      if (l.length === 0) throw fail(`${name} called on empty list`);
      return l.reduce((acc, v) => (compare(acc, v, fail) === sign ? v : acc));
    });
  }
  fn('list.indexOf(dyn): int', (l: unknown[], item: unknown) => index(l, item, false));
  fn('list.lastIndexOf(dyn): int', (l: unknown[], item: unknown) => index(l, item, true));

  // kubernetes.urls
  fn('isURL(string): bool', (s: string) => { try { goParse(s, true); return true; } catch { return false; } });
  fn('url(string): kubernetes.URL', (s: string) => orFail(parseURL(s)));
  fn('kubernetes.URL.getScheme(): string', (u: CelURL) => u.scheme);
  fn('kubernetes.URL.getHost(): string', (u: CelURL) => u.host);
  fn('kubernetes.URL.getHostname(): string', (u: CelURL) => splitHostPort(u.host)[0]);
  fn('kubernetes.URL.getPort(): string', (u: CelURL) => splitHostPort(u.host)[1]);
  fn('kubernetes.URL.getEscapedPath(): string', (u: CelURL) => escapedPath(u));
  fn('kubernetes.URL.getQuery(): map<string, list<string>>', (u: CelURL) => query(u));

  // kubernetes.net.ip
  fn('isIP(string): bool', (s: string) => typeof parseIP(s) !== 'string');
  fn('ip(string): net.IP', (s: string) => orFail(parseIP(s)));
  fn('string(net.IP): string', (ip: CelIP) => ip.toString());
  fn('net.IP.family(): int', (ip: CelIP) => (ip.is4 ? 4n : 6n));
  fn('net.IP.isUnspecified(): bool', (ip: CelIP) => ip.bytes.every((b) => b === 0));
  fn('net.IP.isLoopback(): bool', (ip: CelIP) => isLoopback(ip));
  fn('net.IP.isLinkLocalMulticast(): bool', (ip: CelIP) => (ip.is4 ? ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0 : (ip.u16(0) & 0xff0f) === 0xff02));
  fn('net.IP.isLinkLocalUnicast(): bool', (ip: CelIP) => isLinkLocalUnicast(ip));
  fn('net.IP.isGlobalUnicast(): bool', (ip: CelIP) => {
    const multicast = ip.is4 ? (ip.bytes[0] & 0xf0) === 0xe0 : ip.bytes[0] === 0xff;
    const broadcast = ip.is4 && ip.bytes.every((b) => b === 255);
    return !ip.bytes.every((b) => b === 0) && !broadcast && !isLoopback(ip) && !multicast && !isLinkLocalUnicast(ip);
  });

  // net.cidr
  fn('isCIDR(string): bool', (s: string) => typeof parseCIDR(s) !== 'string');
  fn('cidr(string): net.CIDR', (s: string) => orFail(parseCIDR(s)));
  fn('string(net.CIDR): string', (c: CelCIDR) => c.toString());
  fn('net.CIDR.containsIP(string): bool', (c: CelCIDR, s: string) => cidrContainsIP(c, orFail(parseIP(s))));
  fn('net.CIDR.containsIP(net.IP): bool', (c: CelCIDR, ip: CelIP) => cidrContainsIP(c, ip));
  fn('net.CIDR.containsCIDR(string): bool', (c: CelCIDR, s: string) => cidrContainsCIDR(c, orFail(parseCIDR(s))));
  fn('net.CIDR.containsCIDR(net.CIDR): bool', (c: CelCIDR, o: CelCIDR) => cidrContainsCIDR(c, o));
  fn('net.CIDR.ip(): net.IP', (c: CelCIDR) => c.ip);
  fn('net.CIDR.prefixLength(): int', (c: CelCIDR) => BigInt(c.bits));
  fn('net.CIDR.masked(): net.CIDR', (c: CelCIDR) => c.masked());

}

const isLoopback = (ip: CelIP): boolean => (ip.is4 ? ip.bytes[0] === 127 : ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1);
const isLinkLocalUnicast = (ip: CelIP): boolean => (ip.is4 ? ip.bytes[0] === 169 && ip.bytes[1] === 254 : (ip.u16(0) & 0xffc0) === 0xfe80);
