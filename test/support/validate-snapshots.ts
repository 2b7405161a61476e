import { parseAllDocuments } from 'yaml';
import { FindingSeverity, formatFinding, validateManifests } from '../../src/analysis';

/**
 * Every snapshot is checked by the validation engine, not by eye: a snapshot serializer whose `test` runs
 * on every value pretty-format visits. Kubernetes objects (and YAML text holding them) are validated
 * there; an error fails the snapshot assertion. It never serializes anything itself.
 *
 * A snapshot of a deliberately invalid object opts out by holding `invalidOnPurpose: true` at its root.
 */
const seen = new WeakSet<object>();

function isManifest(value: any): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    && typeof value.apiVersion === 'string' && typeof value.kind === 'string' && typeof value.metadata === 'object';
}

function check(manifests: any[]) {
  const errors = validateManifests(manifests).filter(f => f.severity === FindingSeverity.ERROR).map(formatFinding);
  if (errors.length > 0) {
    throw new Error(`snapshot holds objects the API server would reject or prune:\n  ${errors.join('\n  ')}`);
  }
}

expect.addSnapshotSerializer({
  test(value: unknown): boolean {
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) return false;
      seen.add(value);
      if (isManifest(value) && !(value as any).invalidOnPurpose) check([value]);
    } else if (typeof value === 'string' && /^apiVersion: /m.test(value) && /^kind: /m.test(value)) {
      const docs = parseAllDocuments(value).map(d => d.toJS()).filter(isManifest);
      if (docs.length > 0) check(docs);
    }
    return false;
  },
  serialize: () => '',
});
