import * as fs from 'fs';
import * as path from 'path';
import { yamlPackage } from '../private/lazy';
import { readPlainYaml } from '../private/plain-yaml';

/** File extensions read from directories (a file named explicitly is read whatever its extension). */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Files larger than this are refused unread: the API server takes objects of at most about 1.5 MiB. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Plain scalars that YAML 1.1 (kubectl) reads as booleans. */
const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** One Kubernetes object read from a file, with where it came from. */
export interface LoadedManifest {
  /** The object, as kubectl would send it to the API server (YAML 1.1 scalars resolved). */
  readonly manifest: any;
  /** The file it was read from, as given (directory entries joined onto the directory given). */
  readonly file: string;
  /** 1-based index of the YAML document in the file (items of a `kind: List` share their document's index). */
  readonly documentIndex: number;
  /**
   * 1-based line of the file where the object's document starts.
   * @default - unknown
   */
  readonly line?: number;
  /**
   * Field paths (`spec.mtls.mode`) whose unquoted value YAML 1.1 read as a boolean (`OFF`, `yes`), for hints.
   * @default - none
   */
  readonly yaml11Booleans?: string[];
}

/** An input that could not be read or parsed. */
export interface ReadProblem {
  /** The file (or path) as given. */
  readonly file: string;
  /**
   * 1-based line of the problem.
   * @default - not known, or the whole file
   */
  readonly line?: number;
  /** What is wrong, in one line. */
  readonly message: string;
}

/** A file of a directory that is not read as manifests, and why. */
export interface SkippedFile {
  /** The file. */
  readonly file: string;
  /** Why it was skipped. */
  readonly reason: string;
}

/** What `ManifestReader.read` found. */
export interface ManifestReadResult {
  /** The objects read. */
  readonly manifests: LoadedManifest[];
  /** Inputs that could not be read or parsed (the rest is still read). */
  readonly problems: ReadProblem[];
  /** Files of directories that are not manifests (cdk8s's `construct-metadata.json`, other files). */
  readonly skipped: SkippedFile[];
}

/**
 * Reads Kubernetes manifests the way `kubectl apply -f` does: multi-document YAML with YAML 1.1 scalars
 * (`on`/`off`/`yes`/`no`/`y`/`n` are booleans, `0755` is octal), timestamps kept as strings (as go-yaml v2
 * does when decoding into JSON), empty documents skipped and `kind: List` items expanded.
 */
export class ManifestReader {
  /**
   * Reads files and directories (recursively, `.yaml`/`.yml`/`.json`, in sorted order so the result is
   * deterministic). Throws on an unreadable path or a document that does not parse, naming the file and the
   * 1-based document index.
   */
  public static readPaths(paths: string[]): LoadedManifest[] {
    const out: LoadedManifest[] = [];
    for (const p of paths) {
      for (const file of listManifestFiles(p)) {
        // One by one: push(...documents) overflows the stack on a large file.
        for (const m of ManifestReader.parse(fs.readFileSync(file, 'utf-8'), file)) out.push(m);
      }
    }
    return out;
  }

  /**
   * Reads files and directories as the command line does, on any input: what cannot be read (a missing path,
   * a binary file, a file over 64 MiB, a document that does not parse or is not an object) becomes one problem
   * per file, naming the file and line, and the other files are still read. In directories, files that are not
   * manifests are skipped with a reason: other extensions, and files none of whose documents has `apiVersion`
   * or `kind` (cdk8s's `construct-metadata.json`). A file named explicitly is read whatever it holds.
   */
  public static read(paths: string[]): ManifestReadResult {
    const manifests: LoadedManifest[] = [];
    const problems: ReadProblem[] = [];
    const skipped: SkippedFile[] = [];
    for (const p of paths) {
      let files: ListedFile[];
      try {
        files = listFiles(p, true, skipped);
      } catch (e) {
        problems.push({ file: p, message: (e as Error).message.replace(`${p}: `, '') });
        continue;
      }
      for (const { file, explicit } of files) {
        const { loaded, problem } = readFile(file);
        if (problem) problems.push(problem);
        if (!explicit && loaded.length > 0 && !loaded.some(l => 'apiVersion' in l.manifest || 'kind' in l.manifest)) {
          skipped.push({
            file,
            reason: path.basename(file) === 'construct-metadata.json'
              ? 'cdk8s construct metadata, not a manifest'
              : 'not a Kubernetes manifest (no document has apiVersion or kind)',
          });
          continue;
        }
        for (const l of loaded) manifests.push(l);
      }
    }
    return { manifests, problems, skipped };
  }

  /**
   * Parses multi-document YAML (or JSON) text. `fileName` only names the source in errors and results.
   */
  public static parse(text: string, fileName: string = '<input>'): LoadedManifest[] {
    const { loaded, problem } = parseText(text, fileName);
    if (problem) {
      const line = problem.line !== undefined ? ` (line ${problem.line})` : '';
      throw new Error(`${problem.file}: ${problem.message.replace(/^(document \d+): /, `$1${line}: `)}`);
    }
    return loaded;
  }
}

/**
 * Parses every document of `text`; the first document that does not parse or is not an object is the
 * problem (its message starts with `document N (line L)`), and the other documents are still returned.
 */
function parseText(text: string, fileName: string): { loaded: LoadedManifest[]; problem?: ReadProblem } {
  // The plain block style cdk8s and kubectl write reads the same in YAML 1.1 and 1.2, and fast; anything else, and
  // every text with a problem to report, goes through the `yaml` package.
  const plain = fromPlainYaml(text, fileName);
  if (plain) return { loaded: plain };
  const loaded: LoadedManifest[] = [];
  let problem: ReadProblem | undefined;
  const YAML = yamlPackage();
  const lineCounter = new YAML.LineCounter();
  const docs = YAML.parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    lineCounter,
    // go-yaml v2 (sigs.k8s.io/yaml) keeps timestamps and sexagesimal numbers as strings.
    customTags: tags => tags.filter(t => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME')),
  });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    if (problem) return;
    const start = lineCounter.linePos(firstContentOffset(text, doc.range?.[0] ?? 0)).line;
    const fail = (message: string, line: number) => {
      problem = { file: fileName, line, message: `document ${i + 1}: ${message}` };
    };
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      return fail(firstLine(e.message), e.linePos ? e.linePos[0].line : start);
    }
    let value: any;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return fail(firstLine((e as Error).message), start);
    }
    if (value === null || value === undefined) return; // an empty document, as kubectl skips it
    if (typeof value !== 'object' || Array.isArray(value)) {
      const got = Array.isArray(value) ? 'a list' : JSON.stringify(value);
      return fail(`expected a Kubernetes object (a mapping with apiVersion and kind), got ${got.length > 60 ? `${got.slice(0, 57)}...` : got}`, start);
    }
    let items: any[];
    try {
      items = expandList(value, `document ${i + 1}`);
    } catch (e) {
      return fail((e as Error).message.replace(`document ${i + 1}: `, ''), start);
    }
    const booleans = yaml11Booleans(doc.contents, '');
    for (const m of items) {
      loaded.push({
        manifest: m,
        file: fileName,
        documentIndex: i + 1,
        line: start,
        ...(booleans.length > 0 && items.length === 1 ? { yaml11Booleans: booleans } : {}),
      });
    }
  });
  return { loaded, problem };
}

/** The objects of a text in the plain subset (see `readPlainYaml`), or undefined if it is not or has a problem. */
function fromPlainYaml(text: string, fileName: string): LoadedManifest[] | undefined {
  const docs = readPlainYaml(text);
  if (!docs) return undefined;
  const loaded: LoadedManifest[] = [];
  for (let i = 0; i < docs.length; i++) {
    const { value, line } = docs[i];
    if (value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    let items: any[];
    try {
      items = expandList(value, `document ${i + 1}`);
    } catch {
      return undefined;
    }
    for (const m of items) loaded.push({ manifest: m, file: fileName, documentIndex: i + 1, line });
  }
  return loaded;
}

/** The offset of the first line of a document that is not blank, a comment or `---`. */
function firstContentOffset(text: string, from: number): number {
  const re = /[^\s]/g;
  let offset = from;
  for (;;) {
    re.lastIndex = offset;
    const m = re.exec(text);
    if (!m) return from;
    const lineEnd = text.indexOf('\n', m.index);
    const line = text.slice(m.index, lineEnd < 0 ? text.length : lineEnd);
    if (line.startsWith('#') || /^---(\s|$)/.test(line)) {
      if (lineEnd < 0) return from;
      offset = lineEnd + 1;
      continue;
    }
    return m.index;
  }
}

/** Paths (`spec.mtls.mode`, `spec.http[0].x`) of plain scalars YAML 1.1 read as booleans. */
function yaml11Booleans(node: unknown, at: string): string[] {
  const YAML = yamlPackage();
  const out: string[] = [];
  const visit = (n: any, p: string) => {
    if (YAML.isMap(n)) {
      for (const pair of n.items) {
        const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        visit(pair.value, p ? `${p}.${key}` : key);
      }
    } else if (YAML.isSeq(n)) {
      n.items.forEach((item, i) => visit(item, `${p}[${i}]`));
    } else if (YAML.isScalar(n) && typeof n.value === 'boolean' && n.type === 'PLAIN' && typeof n.source === 'string' && YAML11_BOOLEANS.test(n.source)) {
      out.push(p);
    }
  };
  visit(node, at);
  return out;
}

interface ListedFile {
  readonly file: string;
  /** Named on the command line (read whatever it holds), not found in a directory. */
  readonly explicit: boolean;
}

/** The files under a path; notes the files of directories left out (other extensions) in `skipped`. */
function listFiles(p: string, explicit: boolean, skipped: SkippedFile[]): ListedFile[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e: any) {
    throw new Error(`${p}: cannot read: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
  }
  if (!stat.isDirectory()) return [{ file: p, explicit }];
  const out: ListedFile[] = [];
  const entries = fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
  for (const entry of entries) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) {
      for (const f of listFiles(child, false, skipped)) out.push(f);
    } else if (MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
      out.push({ file: child, explicit: false });
    } else {
      skipped.push({ file: child, reason: `not a ${MANIFEST_EXTENSIONS.join(', ')} file` });
    }
  }
  return out;
}

/** Reads and parses one file; a file that cannot be read, is binary or too large is one problem. */
function readFile(file: string): { loaded: LoadedManifest[]; problem?: ReadProblem } {
  let buffer: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      return { loaded: [], problem: { file, message: `is ${(size / 1024 / 1024).toFixed(1)} MiB, more than the 64 MiB read from one file (the API server takes objects of at most about 1.5 MiB): not read; split it into files` } };
    }
    buffer = fs.readFileSync(file);
  } catch (e: any) {
    return { loaded: [], problem: { file, message: `cannot read: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}` } };
  }
  const nul = buffer.indexOf(0);
  let text: string;
  try {
    if (nul >= 0) throw new Error();
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    const at = nul >= 0 ? `a NUL byte at offset ${nul}` : 'bytes that are not UTF-8';
    const line = nul >= 0 ? buffer.subarray(0, nul).toString('latin1').split('\n').length : undefined;
    return { loaded: [], problem: { file, ...(line !== undefined ? { line } : {}), message: `is not a text file (${at}): not read` } };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseText(text, file);
}

/** The manifest files under a path: the file itself, or every `.yaml`/`.yml`/`.json` below a directory, sorted. */
export function listManifestFiles(p: string): string[] {
  return listFiles(p, true, []).map(f => f.file);
}

/** `kind: List` (and `<Kind>List` with `items`), as kubectl expands them; nested lists too. */
function expandList(value: any, where: string): any[] {
  const isList = typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
  if (!isList) return [value];
  return value.items.flatMap((item: any, j: number) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new Error(`${where}: items[${j}] of ${value.kind} is not an object`);
    }
    return expandList(item, `${where}: items[${j}]`);
  });
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
