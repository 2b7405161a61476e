/**
 * The `format` checks the API server applies (kube-openapi's strfmt registry), for the formats our
 * schemas use. Unknown formats are ignored, as upstream does.
 */

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const DURATION = /^\s*([+-]?\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)\s*)+$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Returns a message if `value` does not have `format`, else undefined. */
export function checkFormat(format: string, value: string | number): string | undefined {
  if (typeof value === 'number') {
    if (format === 'int32' && (value < INT32_MIN || value > INT32_MAX)) {
      return `must fit in a 32-bit signed integer (int32), got ${value}`;
    }
    if (format === 'int64' && !Number.isSafeInteger(value)) {
      return `must be an integer that fits in int64 and is exactly representable, got ${value}`;
    }
    return undefined;
  }
  const test = FORMATS[format];
  if (test && !test(value)) return `must be in format '${format}', got ${JSON.stringify(value)}`;
  return undefined;
}

const FORMATS: Record<string, (v: string) => boolean> = {
  'date-time': v => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))),
  'datetime': v => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))),
  'date': v => DATE.test(v) && !Number.isNaN(Date.parse(v)),
  'byte': v => BASE64.test(v),
  'uuid': v => UUID.test(v),
  'duration': v => DURATION.test(v),
  'ipv4': v => IPV4.test(v),
  'hostname': v => HOSTNAME.test(v),
};
