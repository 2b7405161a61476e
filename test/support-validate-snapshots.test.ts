describe('snapshot validation', () => {
  test('a snapshot holding an object the API server would reject fails', () => {
    // GIVEN a VirtualService whose hosts is a string, not a list
    const bad = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'x' }, spec: { hosts: 'x' } };
    // THEN snapshotting it (as an object, nested, or as YAML text) fails with the engine's finding
    const message = /snapshot holds objects the API server would reject or prune:\n {2}VirtualService\/x: spec\.hosts: must be of type array/;
    expect(() => expect({ nested: [bad] }).toMatchInlineSnapshot()).toThrow(message);
    expect(() => expect('apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: x\n').toMatchInlineSnapshot()).toThrow(message);
  });

  test('a valid object passes through untouched', () => {
    expect({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ok' } }).toMatchInlineSnapshot(`
{
  "apiVersion": "v1",
  "kind": "Namespace",
  "metadata": {
    "name": "ok",
  },
}
`);
  });
});
