import * as fs from 'fs';
import { Yaml } from 'cdk8s';

/**
 * A YAML printer for JSON data that writes exactly the bytes cdk8s writes (`Yaml.stringify`: its bundled `yaml`
 * package, YAML 1.1 schema, `lineWidth: 0`), several times faster.
 *
 * The common case (block mappings and sequences, plain scalars) is printed directly. Every scalar that is not
 * obviously plain (it could read as another type in YAML 1.1, such as `on`, `yes`, `0755`, `1e3`, or it needs
 * quoting) is rendered once by cdk8s's printer itself and memoised, so quoting is the same as cdk8s's, byte for
 * byte. A document with a multi-line string, or a scalar document, is printed by cdk8s's printer whole (block
 * scalars depend on their indentation).
 *
 * One deliberate difference: a key `<<`, which cdk8s writes plain and YAML 1.1 readers (kubectl's) take for a merge
 * key, is written `!!str "<<"`. Internal module (not public API).
 */

/**
 * cdk8s's own printer (`Yaml.stringify`: its bundled copy of the `yaml` package, whose version can differ from ours
 * and prints some scalars differently, such as `-0` or `"\n"`), for everything not printed here.
 */
function yaml(doc: unknown): string {
  return Yaml.stringify(doc);
}

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
const nestedKeyMemo = new Memo();
const numberMemo = new Memo();

/** Raised inside a document that only the `yaml` package can print (a multi-line string). */
class NeedsLibrary extends Error {}
const NEEDS_LIBRARY = new NeedsLibrary('multi-line scalar');

function strip(text: string, prefix: string, suffix: string): string {
  return text.startsWith(prefix) && text.endsWith(suffix) ? text.slice(prefix.length, text.length - suffix.length) : '\n';
}

function valueString(s: string): string {
  if (SIMPLE.test(s) && !RESERVED.has(s) && !EXPONENT.test(s)) return s;
  const r = valueMemo.get(s, () => strip(yaml({ k: s }), 'k: ', '\n'));
  if (r === null) throw NEEDS_LIBRARY;
  return r;
}

/** A key; `nested` when it does not start a line at column 0 (where `---` and `...` would end the document). */
function keyString(s: string, nested: boolean): string {
  if (SIMPLE.test(s) && !RESERVED.has(s) && !EXPONENT.test(s)) return s;
  // The one place we differ from cdk8s: it writes the key `<<` plain, which YAML 1.1 readers (kubectl's among them)
  // take for a merge key. Quoted, it stays a string key.
  if (s === '<<') throw NEEDS_LIBRARY;
  const r = nested
    ? nestedKeyMemo.get(s, () => strip(yaml({ k: { [s]: 1 } }), 'k:\n  ', ': 1\n'))
    : keyMemo.get(s, () => strip(yaml({ [s]: 1 }), '', ': 1\n'));
  if (r === null) throw NEEDS_LIBRARY;
  return r;
}

function numberString(n: number): string {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n);
  const r = numberMemo.get(Object.is(n, -0) ? '-0' : n, () => strip(yaml({ k: n }), 'k: ', '\n'));
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
    const key = keyString(k, prefix !== '');
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
    // A scalar document prints differently from the same scalar in a collection (`---` as a block scalar): rare.
    if (scalar(doc) !== undefined) return yaml(doc);
    const out: string[] = [];
    if (Array.isArray(doc)) printSeq(doc, '', out);
    else printMap(doc as Record<string, unknown>, '', '', out);
    return out.join('');
  } catch (e) {
    if (e !== NEEDS_LIBRARY) throw e;
    return hasMergeKey(doc) ? yamlQuotingMergeKeys(doc) : yaml(doc);
  }
}

function hasMergeKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasMergeKey);
  if (v === null || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => k === '<<' || hasMergeKey(x));
}

/** `yaml(doc)`, but with every `<<` key written `!!str "<<"` (a plain `<<` is a merge key in YAML 1.1). */
function yamlQuotingMergeKeys(doc: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Document, isScalar, Scalar, visit } = require('yaml') as typeof import('yaml');
  const options = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;
  const d = new Document(doc, options);
  visit(d, {
    Pair(_, pair) {
      // The merge tag claims every `<<` it prints; an explicit string tag is the only way past it.
      if (isScalar(pair.key) && pair.key.value === '<<') Object.assign(pair.key, { type: Scalar.QUOTE_DOUBLE, tag: 'tag:yaml.org,2002:str' });
    },
  });
  return d.toString(options);
}

/** Documents joined as cdk8s joins them (`Yaml.stringify(...docs)`): `---` between, `undefined` as an empty one. */
export function printDocuments(docs: unknown[]): string {
  return docs.map(d => (d === undefined ? '\n' : printDocument(d))).join('---\n');
}

/**
 * Writes `printDocuments(docs)` to `file` (UTF-8) a megabyte at a time, so a large app never holds its whole YAML
 * text, nor the pieces it is joined from, in memory at once.
 */
export function writeDocuments(file: string, docs: unknown[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    let buffer = '';
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i];
      buffer += (i > 0 ? '---\n' : '') + (d === undefined ? '\n' : printDocument(d));
      if (buffer.length >= 1_048_576) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    if (buffer.length > 0) fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
}
