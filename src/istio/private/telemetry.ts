import { IConstruct } from 'constructs';
import { compact } from './render';
import { meshError, shown } from '../../core/errors';

const MODES = ['CLIENT_AND_SERVER', 'CLIENT', 'SERVER'];
const METRICS = ['ALL_METRICS', 'REQUEST_COUNT', 'REQUEST_DURATION', 'REQUEST_SIZE', 'RESPONSE_SIZE', 'TCP_OPENED_CONNECTIONS',
  'TCP_CLOSED_CONNECTIONS', 'TCP_SENT_BYTES', 'TCP_RECEIVED_BYTES', 'GRPC_REQUEST_MESSAGES', 'GRPC_RESPONSE_MESSAGES'];

type CelParse = (expression: string) => unknown;
let celParse: CelParse | undefined;
/** The CEL parser of `@marcbachmann/cel-js`, an ES module loaded on first use (Node >= 20.19 can require() it). */
function parseCel(expression: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!celParse) celParse = require('@marcbachmann/cel-js').parse as CelParse;
  celParse(expression);
}

/** Throws unless `mode` is a `WorkloadMode`. */
export function requireMode(scope: IConstruct, prop: string, mode: unknown): void {
  if (mode !== undefined && !MODES.includes(mode as string)) {
    throw meshError(scope, prop, `must be one of ${MODES.join(', ')}, got ${shown(mode)}`);
  }
}

/** Renders `metrics[].overrides`. */
export function renderMetricOverrides(scope: IConstruct, prop: string, overrides: any[] | undefined): any[] | undefined {
  if (overrides === undefined) return undefined;
  if (!Array.isArray(overrides) || overrides.length === 0) throw meshError(scope, prop, 'must not be empty when given', 'Omit it instead');
  return overrides.map((o, i) => {
    const at = `${prop}[${i}]`;
    if (o.metric !== undefined && o.customMetric !== undefined) {
      throw meshError(scope, at, 'must have at most one of metric and customMetric, got both', 'Keep one of them');
    }
    if (o.metric !== undefined && !METRICS.includes(o.metric)) throw meshError(scope, `${at}.metric`, `must be an IstioMetric, got ${shown(o.metric)}`);
    if (o.customMetric !== undefined && (typeof o.customMetric !== 'string' || o.customMetric.length === 0)) {
      throw meshError(scope, `${at}.customMetric`, `must be a non-empty metric name, got ${shown(o.customMetric)}`);
    }
    requireMode(scope, `${at}.mode`, o.mode);
    if (o.disabled === true && o.tagOverrides !== undefined) {
      throw meshError(scope, `${at}.tagOverrides`, 'has no effect on disabled metrics', 'Remove tagOverrides or disabled');
    }
    const tags: [string, any][] = Object.entries(o.tagOverrides ?? {});
    if (o.tagOverrides !== undefined && tags.length === 0) throw meshError(scope, `${at}.tagOverrides`, 'must not be empty when given', 'Omit it instead');
    if (o.disabled === undefined && o.tagOverrides === undefined) {
      throw meshError(scope, at, 'changes nothing: it has neither disabled nor tagOverrides', 'Set disabled: true or tagOverrides');
    }
    const tagOverrides: any = {};
    for (const [tag, t] of tags) {
      const tat = `${at}.tagOverrides.${tag}`;
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(tag)) throw meshError(scope, tat, 'must be named like a Prometheus label (letters, digits and _, not starting with a digit)');
      if (!t || (t.operation !== 'UPSERT' && t.operation !== 'REMOVE')) {
        throw meshError(scope, tat, `must be a MetricTagOverride, got ${shown(t)}`, 'Use MetricTagOverride.upsert() or MetricTagOverride.remove()');
      }
      if (t.operation === 'UPSERT') {
        if (typeof t.value !== 'string' || t.value.trim().length === 0) {
          throw meshError(scope, `${tat}.value`, `must be a non-empty CEL expression for UPSERT, got ${shown(t.value)}`);
        }
        try {
          parseCel(t.value);
        } catch (e) {
          throw meshError(scope, `${tat}.value`, `${shown(t.value)} is not a valid CEL expression (${String((e as Error).message).split('\n')[0]})`,
            'Quote literals: MetricTagOverride.upsert("\'v1\'")');
        }
        tagOverrides[tag] = { operation: 'UPSERT', value: t.value };
      } else {
        if (t.value !== undefined) {
          throw meshError(scope, `${tat}.value`, `must be absent for REMOVE (the CRD refuses a value there), got ${shown(t.value)}`, 'Use MetricTagOverride.remove()');
        }
        tagOverrides[tag] = { operation: 'REMOVE' };
      }
    }
    return compact({
      match: o.metric === undefined && o.customMetric === undefined && o.mode === undefined ? undefined
        : compact({ metric: o.metric, customMetric: o.customMetric, mode: o.mode }),
      disabled: o.disabled,
      tagOverrides: tags.length ? tagOverrides : undefined,
    });
  });
}

/** Renders `tracing[].customTags`. */
export function renderCustomTags(scope: IConstruct, prop: string, tags: { [name: string]: any } | undefined): any {
  if (tags === undefined) return undefined;
  const entries = Object.entries(tags);
  if (entries.length === 0) throw meshError(scope, prop, 'must not be empty when given', 'Omit it instead');
  const out: any = {};
  for (const [name, tag] of entries) {
    const at = `${prop}.${name}`;
    if (!name) throw meshError(scope, prop, 'keys must be non-empty');
    if (!tag || !['literal', 'environment', 'header', 'formatter'].includes(tag.kind)) {
      throw meshError(scope, at, `must be a TracingTag, got ${shown(tag)}`, 'Use TracingTag.literal(), .environment(), .header() or .formatter()');
    }
    if (typeof tag.source !== 'string' || tag.source.length === 0) {
      throw meshError(scope, at, `${tag.kind} needs a non-empty ${tag.kind === 'literal' || tag.kind === 'formatter' ? 'value' : 'name'}, got ${shown(tag.source)}`);
    }
    out[name] = tag.kind === 'literal' || tag.kind === 'formatter'
      ? { [tag.kind]: { value: tag.source } }
      : { [tag.kind]: compact({ name: tag.source, defaultValue: tag.defaultValue }) };
  }
  return out;
}
