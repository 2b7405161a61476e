import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { FindingSeverity, formatFinding, validateManifests } from '../src/analysis';

/**
 * Istio's own CRD validation test data (pkg/config/validation/testdata/crds in istio/istio; see
 * fixtures/istio-validation/SOURCE.md): an external check of the engine. Each document of an
 * `*-invalid.yaml` file must be rejected; each of a `*-valid.yaml` file accepted. Invalid documents
 * carry the expected error in `_err`, which is not part of the object.
 */
const DIR = path.join(__dirname, 'fixtures', 'istio-validation');

interface Case { file: string; index: number; expected: string; object: any }

function load(suffix: string): Case[] {
  const cases: Case[] = [];
  for (const file of fs.readdirSync(DIR).filter(f => f.endsWith(suffix)).sort()) {
    parseAllDocuments(fs.readFileSync(path.join(DIR, file), 'utf8')).forEach((doc, index) => {
      const object = doc.toJS();
      if (!object) return;
      const { _err: expected, ...rest } = object;
      cases.push({ file, index, expected: String(expected ?? ''), object: rest });
    });
  }
  return cases;
}

/**
 * Whether one of our findings states upstream's `_err`: the API server's wording differs from ours for
 * structural errors ("in body should be at least 1 chars long" / "must be at least 1 characters long"),
 * so a finding matches when it names the same field path, or quotes the same text (CEL messages,
 * "Unsupported value", "Required value", "Duplicate value").
 */
function sameReason(expected: string, found: string[]): boolean {
  // The field, full (`spec.a.b`) or as upstream abbreviates it (`audiences[0] in body ...`).
  const field = /^([\w.[\]]+)(?=:| in body)/.exec(expected)?.[1];
  const text = expected.replace(/^[\w.[\]]+(: | in body )/, '').replace(/^Invalid value: "\w+": /, '').trim();
  const phrase = PHRASES[text] ?? text;
  return found.some(f => {
    const at = f.split(': ')[1] ?? '';
    return (field !== undefined && (at === field || at.endsWith(`.${field}`)))
      || (phrase.length > 0 && f.toLowerCase().includes(phrase.toLowerCase()));
  });
}

/** Upstream wordings of CEL runtime errors that cel-js words differently. */
const PHRASES: Record<string, string> = {
  'type conversion error from': 'cannot convert',
};

function errorsOf(object: any): string[] {
  return validateManifests([object]).filter(f => f.severity === FindingSeverity.ERROR).map(formatFinding);
}

/**
 * Valid cases this test cannot feed to the engine faithfully, with the reason and the exact finding.
 * Each is checked, so the list stays honest.
 */
const PARSER_DIFFERENCES: Record<string, string[]> = {
  // In a flow sequence, `001:db8::]` ends with ':' before ']': the `yaml` package (YAML 1.2 flow rules,
  // also in its 1.1 mode) reads a one-key map; go-yaml, which kubectl uses, reads the string "001:db8::".
  // The engine is right about the value it was given.
  'serviceentry-valid.yaml#0 full': ['ServiceEntry/full: spec.addresses[1]: must be of type string, got object {"001:db8:":null}'],
};

describe('Istio validation test data', () => {
  const valid = load('-valid.yaml');
  const invalid = load('-invalid.yaml');

  test('the fixtures are there', () => {
    expect(valid.length).toBe(33);
    expect(invalid.length).toBe(76);
  });

  test.each(valid.map(c => [`${c.file}#${c.index} ${c.object.metadata?.name}`, c] as const))('accepts %s', (key, c) => {
    expect(errorsOf(c.object)).toEqual(PARSER_DIFFERENCES[key] ?? []);
  });

  test.each(invalid.map(c => [`${c.file}#${c.index} ${c.object.metadata?.name}`, c] as const))('rejects %s', (key, c) => {
    const found = errorsOf(c.object);
    expect({ key, expected: c.expected, rejected: found.length > 0 }).toEqual({ key, expected: c.expected, rejected: true });
    // ... and for the reason upstream gives: its message, or its field path.
    expect({ key, expected: c.expected, found, forTheSameReason: sameReason(c.expected, found) })
      .toEqual({ key, expected: c.expected, found, forTheSameReason: true });
  });
});
