import * as fs from 'fs';
import * as path from 'path';
import { yamlPackage } from '../private/lazy';

/** File extensions read from directories (a file named explicitly is read whatever its extension). */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** One Kubernetes object read from a file, with where it came from. */
export interface LoadedManifest {
  /** The object, as kubectl would send it to the API server (YAML 1.1 scalars resolved). */
  readonly manifest: any;
  /** The file it was read from, as given (directory entries joined onto the directory given). */
  readonly file: string;
  /** 1-based index of the YAML document in the file (items of a `kind: List` share their document's index). */
  readonly documentIndex: number;
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
        out.push(...ManifestReader.parse(fs.readFileSync(file, 'utf-8'), file));
      }
    }
    return out;
  }

  /**
   * Parses multi-document YAML (or JSON) text. `fileName` only names the source in errors and results.
   */
  public static parse(text: string, fileName: string = '<input>'): LoadedManifest[] {
    const out: LoadedManifest[] = [];
    const docs = yamlPackage().parseAllDocuments(text, {
      version: '1.1',
      merge: true,
      // go-yaml v2 (sigs.k8s.io/yaml) keeps timestamps and sexagesimal numbers as strings.
      customTags: tags => tags.filter(t => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME')),
    });
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, i) => {
      const where = `${fileName}: document ${i + 1}`;
      if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const line = e.linePos ? ` (line ${e.linePos[0].line})` : '';
        throw new Error(`${where}${line}: ${firstLine(e.message)}`);
      }
      const value = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) return; // an empty document, as kubectl skips it
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new Error(`${where}: expected a Kubernetes object (a mapping with apiVersion and kind), got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
      }
      for (const m of expandList(value, where)) out.push({ manifest: m, file: fileName, documentIndex: i + 1 });
    });
    return out;
  }
}

/** The manifest files under a path: the file itself, or every `.yaml`/`.yml`/`.json` below a directory, sorted. */
export function listManifestFiles(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e: any) {
    throw new Error(`${p}: cannot read: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
  }
  if (!stat.isDirectory()) return [p];
  const out: string[] = [];
  const entries = fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
  for (const entry of entries) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) out.push(...listManifestFiles(child));
    else if (MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) out.push(child);
  }
  return out;
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
