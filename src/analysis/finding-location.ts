import { AnalysisFinding } from './finding';
import { LoadedManifest } from './yaml-reader';

/** Where a finding's object was read from, and a YAML 1.1 hint when its field was an unquoted boolean. */
export interface FindingLocation {
  /** The file the object was read from. */
  readonly file: string;
  /** 1-based line where the object's document starts. */
  readonly line?: number;
  /** ` (hint: ...)`, to append to the finding, when its field was an unquoted YAML 1.1 boolean. */
  readonly hint?: string;
}

/**
 * Finds, for a finding, the file and line of its object among `loaded` (by kind, namespace and name; by kind
 * and name when the finding's namespace was defaulted), and a hint when the field it is about was an unquoted
 * YAML 1.1 boolean (`mode: OFF`). Shared by the command line and the cdk8s-cli plugin.
 */
export function findingLocator(loaded: LoadedManifest[]): (f: AnalysisFinding) => FindingLocation | undefined {
  const byObject = new Map<string, LoadedManifest>();
  const key = (kind: unknown, namespace: unknown, name: unknown) => [kind, namespace ?? '', name].map(String).join('\u0000');
  for (const l of loaded) {
    const m = l.manifest;
    for (const k of [key(m?.kind, m?.metadata?.namespace, m?.metadata?.name), key(m?.kind, '*', m?.metadata?.name)]) {
      if (!byObject.has(k)) byObject.set(k, l);
    }
  }
  return f => {
    const l = byObject.get(key(f.kind, f.namespace, f.name)) ?? byObject.get(key(f.kind, '*', f.name));
    if (!l) return undefined;
    const boolean = l.yaml11Booleans?.find(p => f.path === p || f.path.startsWith(`${p}.`) || f.path.startsWith(`${p}[`));
    const hint = boolean !== undefined
      ? ` (hint: ${boolean} is an unquoted YAML 1.1 boolean such as OFF, on or yes, which kubectl reads as true or false: quote it, e.g. "OFF")`
      : undefined;
    return { file: l.file, ...(l.line !== undefined ? { line: l.line } : {}), ...(hint ? { hint } : {}) };
  };
}

