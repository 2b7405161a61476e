/**
 * A YAML printer for JSON data that writes exactly the bytes cdk8s writes (`Yaml.stringify`: the `yaml` package,
 * YAML 1.1 schema, `lineWidth: 0`), several times faster.
 *
 * The common case (block mappings and sequences, plain scalars) is printed directly. Every scalar that is not
 * obviously plain (it could read as another type in YAML 1.1, such as `on`, `yes`, `0755`, `1e3`, or it needs
 * quoting) is rendered once by the `yaml` package itself and memoised, so quoting is the same as cdk8s's, byte for
 * byte. A document with a multi-line string is printed by the `yaml` package whole (block scalars depend on
 * their indentation). Internal module (not public API).
 */

/** The `yaml` package, loaded on first use so that `require('cdk8s-mesh')` stays light. */
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!yamlModule) yamlModule = require('yaml') as typeof import('yaml');
  return yamlModule;
}

/** cdk8s's options (cdk8s `Yaml.stringify`). */
const CDK8S_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/**
 * Starts with a letter or `_`/`/`, then letters, digits, `_`, `-`, `.`, `/`: plain in YAML 1.1 unless a reserved
 * word or an exponent with no mantissa (`e5`, `E-3`, which YAML 1.1 reads as floats).
 */
const SIMPLE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const EXPONENT = /^[eE]-?[0-9]/;

/** Words YAML 1.1 reads as booleans or null (the `yaml` package's 1.1 schema), which such strings could spell. */
const RESERVED = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL',
]);

/** Bounded memo of scalar renderings (single-line ones; `undefined` marks a multi-line one). */
class Memo {
  private readonly map = new Map<unknown, string | null>();
  public get(key: unknown, render: () => string): string | null {
    let v = this.map.get(key);
    if (v === undefined) {
      const text = render();
      v = text.includes('\n') ? null : text;
      if (this.map.size > 50_000) this.map.clear();
      this.map.set(key, v);
    }
    return v;
  }
}
const valueMemo = new Memo();
const keyMemo = new Memo();
const numberMemo = new Memo();

/** Raised inside a document that only the `yaml` package can print (a multi-line string). */
class NeedsLibrary extends Error {}
const NEEDS_LIBRARY = new NeedsLibrary('multi-line scalar');

function strip(text: string, prefix: string, suffix: string): string {
  return text.startsWith(prefix) && text.endsWith(suffix) ? text.slice(prefix.length, text.length - suffix.length) : '\n';
}

function valueString(s: string): string {
  if (SIMPLE.test(s) && !RESERVED.has(s) && !EXPONENT.test(s)) return s;
  const r = valueMemo.get(s, () => strip(yaml().stringify({ k: s }, CDK8S_OPTIONS), 'k: ', '\n'));
  if (r === null) throw NEEDS_LIBRARY;
  return r;
}

function keyString(s: string): string {
  if (SIMPLE.test(s) && !RESERVED.has(s) && !EXPONENT.test(s)) return s;
  const r = keyMemo.get(s, () => strip(yaml().stringify({ [s]: 1 }, CDK8S_OPTIONS), '', ': 1\n'));
  if (r === null) throw NEEDS_LIBRARY;
  return r;
}

function numberString(n: number): string {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n);
  const r = numberMemo.get(Object.is(n, -0) ? '-0' : n, () => strip(yaml().stringify({ k: n }, CDK8S_OPTIONS), 'k: ', '\n'));
  if (r === null) throw NEEDS_LIBRARY;
  return r;
}

/** A scalar, or `undefined` if `v` is a non-empty collection (printed on the following lines). */
function scalar(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string': return valueString(v);
    case 'number': return numberString(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
      for (const _ in v) return undefined;
      return '{}';
    default:
      throw NEEDS_LIBRARY; // functions, symbols, bigints: whatever the `yaml` package does with them
  }
}

/** Appends the lines of mapping `obj` at indentation `indent`. `first` is the prefix of the first line. */
function printMap(obj: Record<string, unknown>, indent: string, first: string, out: string[]) {
  let prefix = first;
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
    const v = obj[k];
    const key = keyString(k);
    const s = scalar(v);
    if (s !== undefined) {
      out.push(`${prefix}${key}: ${s}\n`);
    } else {
      out.push(`${prefix}${key}:\n`);
      if (Array.isArray(v)) printSeq(v, indent + '  ', out);
      else printMap(v as Record<string, unknown>, indent + '  ', indent + '  ', out);
    }
    prefix = indent;
  }
}

/** Appends the items of sequence `arr`, each starting with `- ` at indentation `indent`. */
function printSeq(arr: unknown[], indent: string, out: string[]) {
  for (let i = 0; i < arr.length; i++) printItem(arr[i], indent, `${indent}- `, out);
}

function printItem(v: unknown, indent: string, first: string, out: string[]) {
  const s = scalar(v);
  if (s !== undefined) {
    out.push(`${first}${s}\n`);
  } else if (Array.isArray(v)) {
    // A sequence in a sequence: `- - a` on one line, the rest aligned under it.
    const inner = indent + '  ';
    printItem(v[0], inner, `${first}- `, out);
    for (let i = 1; i < v.length; i++) printItem(v[i], inner, `${inner}- `, out);
  } else {
    printMap(v as Record<string, unknown>, indent + '  ', first, out);
  }
}

/** One document, as the `yaml` package prints it with cdk8s's options (ending in a newline). */
export function printDocument(doc: unknown): string {
  try {
    const s = scalar(doc);
    if (s !== undefined) return `${s}\n`;
    const out: string[] = [];
    if (Array.isArray(doc)) printSeq(doc, '', out);
    else printMap(doc as Record<string, unknown>, '', '', out);
    return out.join('');
  } catch (e) {
    if (e !== NEEDS_LIBRARY) throw e;
    return yaml().stringify(doc, CDK8S_OPTIONS);
  }
}

/** Documents joined as cdk8s joins them (`Yaml.stringify(...docs)`): `---` between, `undefined` as an empty one. */
export function printDocuments(docs: unknown[]): string {
  return docs.map(d => (d === undefined ? '\n' : printDocument(d))).join('---\n');
}
