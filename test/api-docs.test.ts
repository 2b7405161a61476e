import * as fs from 'fs';
import * as path from 'path';

/**
 * The public API documents itself: every optional property in the jsii assembly states its `@default`,
 * including what the mesh does when the field is absent. Reads `.jsii`, written by `npx projen compile`
 * (the `ci` and `build` tasks compile before testing).
 */
describe('public API docs', () => {
  const assemblyPath = path.join(__dirname, '..', '.jsii');

  test('every optional property has @default', () => {
    expect(fs.existsSync(assemblyPath) ? 'compiled' : 'run `npx projen compile` first').toBe('compiled');
    const assembly = JSON.parse(fs.readFileSync(assemblyPath, 'utf8'));
    const undocumented = Object.entries<any>(assembly.types)
      .flatMap(([name, type]) => (type.properties ?? [])
        .filter((p: any) => p.optional && p.docs?.default === undefined)
        .map((p: any) => `${name}.${p.name}`));
    expect(undocumented).toEqual([]);
  });

  test('the public surface is the root (core and patterns) plus the layer submodules, and no generated binding', () => {
    const assembly = JSON.parse(fs.readFileSync(assemblyPath, 'utf8'));
    const fqns = Object.keys(assembly.types);
    const namespaces = new Set(fqns.filter(fqn => fqn.split('.').length > 2).map(fqn => fqn.split('.')[1]));
    expect([...namespaces].sort()).toEqual(['analysis', 'flagger', 'gatewayApi', 'istio', 'k8s', 'linkerd']);
    const files = new Set(fqns.map(fqn => assembly.types[fqn].locationInModule?.filename as string));
    expect([...files].filter(f => f.startsWith('src/imports/'))).toEqual([]);
    const rootFiles = fqns.filter(fqn => fqn.split('.').length === 2).map(fqn => assembly.types[fqn].locationInModule?.filename as string);
    expect(rootFiles.filter(f => !f.startsWith('src/core/') && !f.startsWith('src/patterns/'))).toEqual([]);
  });
});
