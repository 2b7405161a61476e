/** CIDR membership for IP-based policy fields (Istio ipBlocks, Linkerd NetworkAuthentication). */
/** Whether `ip` (IPv4 or IPv6) lies in `cidr` (a CIDR or a bare address); false for anything unparsable. */
export function cidrContains(cidr: unknown, ip: string): boolean {
  if (typeof cidr !== 'string') return false;
  const [base, bitsText] = cidr.split('/');
  const a = ipBits(base);
  const b = ipBits(ip);
  if (!a || !b || a.length !== b.length) return false;
  const bits = bitsText === undefined ? a.length : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > a.length) return false;
  return a.slice(0, bits) === b.slice(0, bits);
}

/** An address as a string of 32 or 128 bits. */
function ipBits(ip: string): string | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    return parts.every(p => p <= 255) ? parts.map(p => p.toString(2).padStart(8, '0')).join('') : undefined;
  }
  if (!ip.includes(':') || !/^[0-9a-fA-F:]+$/.test(ip)) return undefined;
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array(Math.max(fill, 0)).fill('0'), ...tail];
  if (groups.length !== 8 || groups.some(g => g.length === 0 || g.length > 4)) return undefined;
  return groups.map(g => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
}
