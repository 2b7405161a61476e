// A reader for the plain block-style YAML that cdk8s, kubectl and js-yaml emit for Kubernetes objects, about ten
// times faster than the `yaml` package's full parser. It reads only a subset whose meaning is the same in YAML 1.1
// (kubectl) and 1.2, and gives up (returns undefined) on anything else, so the caller parses the text with the
// `yaml` package instead: that keeps the YAML 1.1 semantics (booleans yes/no/on/off, octal, sexagesimal and
// timestamps kept as strings, merge keys) and its error messages and lines in one place.
//
// The subset: `---` between documents; block mappings and sequences indented with spaces (a sequence may sit at
// its key's indentation, as the `yaml` package writes it, or deeper; `- key: value` starts a mapping in an item);
// whole-line comments; keys that are plain words or quoted strings; values that are single-line single- or
// double-quoted strings (JSON escapes only), `[]`, `{}`, `null`, `true`, `false`, decimal integers and decimals,
// and plain strings that cannot read as anything else in either YAML version. Given up on: anchors, aliases, tags,
// merge keys, flow collections, block scalars, multi-line scalars, trailing comments, tabs, directives, duplicate
// keys, and every plain scalar that YAML 1.1 could read as a boolean, null, number or timestamp.

/** One document read. */
export interface PlainYamlDocument {
  /** The value (null for an empty document). */
  readonly value: unknown;
  /** 1-based line of the document's first line that is not blank, a comment or `---`. */
  readonly line: number;
}

/** Thrown (and caught in `readPlainYaml`) when the text leaves the subset. */
class OutsideSubset extends Error {}

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly no: number;
}

/** Reads every document of `text`, or returns undefined when the text uses anything outside the subset. */
export function readPlainYaml(text: string): PlainYamlDocument[] | undefined {
  try {
    return readDocuments(text);
  } catch (e) {
    if (e instanceof OutsideSubset) return undefined;
    throw e;
  }
}

function readDocuments(text: string): PlainYamlDocument[] {
  const docs: PlainYamlDocument[] = [];
  let lines: Line[] = [];
  let seenSeparator = false;
  let sawContent = false;
  const flush = () => {
    if (lines.length === 0) {
      docs.push({ value: null, line: 0 });
      return;
    }
    const reader = new Reader(lines);
    const value = reader.node(lines[0].indent, -1);
    if (reader.i < lines.length) outside();
    docs.push({ value, line: lines[0].no });
  };
  const raw = text.split('\n');
  for (let n = 0; n < raw.length; n++) {
    let s = raw[n];
    if (s.endsWith('\r')) s = s.slice(0, -1);
    if (s.startsWith('---')) {
      if (s.trimEnd() !== '---') outside();
      // `---` as the stream's first content opens the first document instead of closing an empty one.
      if (seenSeparator || sawContent) flush();
      seenSeparator = true;
      lines = [];
      sawContent = false;
      continue;
    }
    if (s.includes('\t') || s.startsWith('%') || s.startsWith('...')) outside();
    let indent = 0;
    while (s.charCodeAt(indent) === 32) indent++;
    const content = s.slice(indent).trimEnd();
    if (content === '') continue;
    if (content.startsWith('#')) continue;
    if (content.includes(' #')) outside();
    sawContent = true;
    lines.push({ indent, text: content, no: n + 1 });
  }
  if (lines.length > 0 || seenSeparator || sawContent) flush();
  return docs;
}

class Reader {
  public i = 0;
  constructor(private readonly lines: Line[]) {}

  /** The node whose first line is the current one, at `indent` (deeper than its parent's `parent`). */
  public node(indent: number, parent: number): unknown {
    const line = this.lines[this.i];
    if (line.indent !== indent || indent <= parent) outside();
    return isItem(line.text) ? this.sequence(indent) : this.mapping(indent, line.text);
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      // A key at the items' indentation ends a sequence that sits at its key's indentation.
      if (line.indent < indent || line.indent === indent && !isItem(line.text)) break;
      if (line.indent > indent) outside();
      this.i++;
      const rest = line.text.slice(1);
      const content = rest.trimStart();
      if (content === '') {
        out.push(this.nested(indent, false));
      } else if (isItem(content)) {
        outside();
      } else if (keyEnd(content) >= 0) {
        // `- key: value`: a mapping whose first key sits after the dash.
        this.i--;
        out.push(this.mapping(indent + 1 + rest.length - content.length, content));
      } else {
        out.push(scalar(content));
        this.noDeeper(indent);
      }
    }
    return out;
  }

  /** A mapping at `indent`; `first` is the text of its first line (after a `- ` for a mapping in an item). */
  private mapping(indent: number, first: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let text = first;
    for (;;) {
      const at = keyEnd(text);
      if (at < 0) outside();
      const key = mapKey(text.slice(0, at));
      if (Object.prototype.hasOwnProperty.call(out, key)) outside();
      const value = text.slice(at + 1).trimStart();
      this.i++;
      if (value === '') {
        out[key] = this.nested(indent, true);
      } else {
        out[key] = scalar(value);
        this.noDeeper(indent);
      }
      if (this.i >= this.lines.length) break;
      const next = this.lines[this.i];
      if (next.indent < indent) break;
      if (next.indent > indent || isItem(next.text)) outside();
      text = next.text;
    }
    return out;
  }

  /** The value under a `key:` or `-` with nothing after it: a deeper node, a sequence at the key's indent, or null. */
  private nested(indent: number, inMapping: boolean): unknown {
    if (this.i >= this.lines.length) return null;
    const next = this.lines[this.i];
    if (next.indent > indent) return this.node(next.indent, indent);
    if (inMapping && next.indent === indent && isItem(next.text)) return this.sequence(indent);
    return null;
  }

  /** After a scalar value the next line may not be deeper (that would be a multi-line scalar or an error). */
  private noDeeper(indent: number): void {
    if (this.i < this.lines.length && this.lines[this.i].indent > indent) outside();
  }
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** The index of the `:` that ends the key of `text`, or -1 when `text` is not `key: ...` or `key:`. */
function keyEnd(text: string): number {
  const q = text[0];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, 1);
    if (close < 0 || text[close + 1] !== ':' || (text.length > close + 2 && text[close + 2] !== ' ')) return -1;
    return close + 1;
  }
  const colon = text.indexOf(': ');
  if (colon >= 0) return colon;
  return text.endsWith(':') ? text.length - 1 : -1;
}

/** Plain keys that read as strings in both YAML versions, and quoted keys. */
function mapKey(raw: string): string {
  const key = raw.startsWith('"') || raw.startsWith("'") ? scalar(raw) : raw;
  if (typeof key !== 'string') outside();
  if (raw === key && (!/^[A-Za-z_][A-Za-z0-9_.\/-]*$/.test(key) || AMBIGUOUS.test(key))) outside();
  if (key === '__proto__' || key === '<<') outside();
  return key;
}

/** Plain words YAML 1.1 or 1.2 reads as booleans or null (the `yaml` package reads them case by case). */
const AMBIGUOUS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/;

/** Characters a plain scalar may not start with. */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '.', '+', '~', '=', '<']);

function scalar(s: string): unknown {
  const c = s[0];
  if (c === "'") {
    if (s.length < 2 || !s.endsWith("'") || s.slice(1, -1).replace(/''/g, '').includes("'")) outside();
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (c === '"') {
    if (s.length < 2 || !s.endsWith('"')) outside();
    try {
      const v = JSON.parse(s);
      if (typeof v === 'string') return v;
    } catch {
      // YAML escapes JSON does not have (`\x41`, `\e`): the full parser reads them.
    }
    outside();
  }
  if (s === '[]') return [];
  if (s === '{}') return {};
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null') return null;
  if (/^(0|-?[1-9][0-9]{0,14})$/.test(s) || /^-?(0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/.test(s)) return Number(s);
  // A number with a unit (`10s`, `100m`, `1Gi`, `50%`) is a string in both versions.
  if (/^[0-9][0-9.]*[A-Za-z%]+$/.test(s) && !/^0[xXbBoO]/.test(s) && !/[eE]$/.test(s)) return s;
  // Whatever else starts with a digit or sign (octal, hex, sexagesimal, timestamps, exponents) or is a 1.1 word.
  if (/^[-+.0-9]/.test(s) || INDICATORS.has(c) || AMBIGUOUS.test(s) || s.includes(': ') || s.endsWith(':')) outside();
  return s;
}

function outside(): never {
  throw new OutsideSubset();
}
