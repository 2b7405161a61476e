/* eslint-disable no-bitwise -- network prefixes are bit arithmetic on bigint addresses */
/** An IPv4 or IPv6 network. */
export class Cidr {
  constructor(public readonly v6: boolean, private readonly base: bigint, private readonly prefix: number) {}

  /** The addresses of this network as a half-open interval `[start, end)`. */
  public interval(): [bigint, bigint] {
    const shift = BigInt((this.v6 ? 128 : 32) - this.prefix);
    const start = (this.base >> shift) << shift;
    return [start, start + (1n << shift)];
  }

  /** Whether `other` is inside this network (same family, longer or equal prefix, same leading bits). */
  public contains(other: Cidr): boolean {
    if (other.v6 !== this.v6 || other.prefix < this.prefix) return false;
    const bits = this.v6 ? 128 : 32;
    const shift = BigInt(bits - this.prefix);
    return (other.base >> shift) === (this.base >> shift);
  }
}

/** A network and the sub-networks it leaves out. */
export interface NetworkWithExceptions {
  readonly cidr: Cidr;
  readonly except: Cidr[];
}

/** Whether `networks`, less their exceptions, together hold every IPv4 (or, with `v6`, every IPv6) address. */
export function coversEveryAddress(networks: NetworkWithExceptions[], v6: boolean): boolean {
  const pieces: Array<[bigint, bigint]> = [];
  for (const network of networks.filter(n => n.cidr.v6 === v6)) {
    let parts = [network.cidr.interval()];
    for (const [exStart, exEnd] of network.except.map(e => e.interval())) {
      parts = parts.flatMap(([start, end]): Array<[bigint, bigint]> => [
        [start, end < exStart ? end : exStart],
        [start > exEnd ? start : exEnd, end],
      ]).filter(([start, end]) => start < end);
    }
    pieces.push(...parts);
  }
  pieces.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let reached = 0n;
  for (const [start, end] of pieces) {
    if (start > reached) return false;
    if (end > reached) reached = end;
  }
  return reached === 1n << (v6 ? 128n : 32n);
}

/** Parses `a.b.c.d/n`, `x:y::z/n`, or a bare address (a host network); undefined when invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const v6 = addr.includes(':');
  const bits = v6 ? 128 : 32;
  const base = v6 ? parseV6(addr) : parseV4(addr);
  if (base === undefined) return undefined;
  if (prefixText !== undefined && !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return new Cidr(v6, base, prefix);
}

function parseV4(addr: string): bigint | undefined {
  const parts = addr.split('.');
  if (parts.length !== 4 || !parts.every(p => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n);
}

function parseV6(addr: string): bigint | undefined {
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const group = (s: string) => (s === '' ? [] : s.split(':'));
  const head = group(halves[0]);
  const tail = halves.length === 2 ? group(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}
