import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { MeshAnalyzer } from '../src/analysis';

/** The README's rule table is the pack's documentation: it must list exactly the pack's rules. */
describe('README rule table', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Analysis: know what the mesh will do'));
  const rows = [...section.matchAll(/^\| ((?:IST|KIA|MESH)\d+) \| (\w+) \| .* \| (.+) \|$/gm)];
  const notImplemented = new Set([...section.matchAll(/^\| ((?:IST\d+(?:, )?)+) \| [^|]+ \|$/gm)].flatMap(m => m[1].split(', ')));

  test('every rule, with its severity and an upstream source or "ours"', () => {
    const rules = MeshAnalyzer.rules();
    expect(rows.map(r => `${r[1]} ${r[2]}`)).toEqual(rules.map(r => `${r.id} ${r.severity}`));
    for (const r of rows) expect(r[3]).toMatch(r[1].startsWith('IST') ? /^istioctl `/ : r[1].startsWith('KIA') ? /^Kiali `/ : /^ours/);
  });

  test('every code of istioctl\'s catalogue is either implemented or listed as out of reach', () => {
    const catalogue: string[] = parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'istioctl-analyzers', 'messages.yaml'), 'utf8')).messages.map((m: any) => m.code);
    const implemented = new Set(MeshAnalyzer.rules().map(r => r.upstream ?? r.id).filter(c => c.startsWith('IST')));
    for (const code of implemented) expect(notImplemented.has(code)).toBe(false);
    expect(catalogue.filter(c => !implemented.has(c) && !notImplemented.has(c))).toEqual([]);
  });
});
