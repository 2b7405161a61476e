import { GVKS } from '../src/private/gvks';

describe('the GVK table the constructs emit', () => {
  const entries = Object.entries(GVKS).flatMap(([module, classes]) => Object.entries(classes).map(([cls, gvk]) => [module, cls, gvk] as const));

  test.each(entries)('%s %s is the binding\'s own GVK', (module, cls, gvk) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const binding = require(`../src/imports/${module}`)[cls];
    expect(binding).toBeDefined();
    expect(gvk).toEqual(binding.GVK);
  });
});
