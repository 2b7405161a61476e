import { Manifest } from '../manifest-index';

/** Code-unit string order (locale-independent, so output is the same on every machine). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `metadata.creationTimestamp`, or '' (manifests usually have none: then name order decides). */
export function createdAt(m: Manifest): string {
  return String((m.metadata as any)?.creationTimestamp ?? '');
}
