const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go duration as Linkerd's CLI and annotations accept it (`5s`, `250ms`, `1m30s`, `1.5s`) into
 * whole milliseconds; undefined when the text is not one or is not a whole number of milliseconds.
 */
export function parseLinkerdDuration(text: string): number | undefined {
  if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, value, , unit] of text.matchAll(/([0-9]+(\.[0-9]+)?)(ms|s|m|h)/g)) {
    total += Number(value) * UNITS[unit];
  }
  const rounded = Math.round(total * 1000) / 1000;
  return Number.isInteger(rounded) ? rounded : undefined;
}
