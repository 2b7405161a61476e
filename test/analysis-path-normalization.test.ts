import { normalizeIstioPath } from '../src/analysis/explain/path-normalization';
import { PathNormalization } from '../src/analysis/mesh-config';

describe('normalizeIstioPath', () => {
  test.each([
    ['/api/payments/../admin', PathNormalization.BASE, '/api/admin'],
    ['/a/./b/../c/', PathNormalization.BASE, '/a/c/'],
    ['/a/b/..', PathNormalization.BASE, '/a/'],
    ['/../../x', PathNormalization.BASE, '/x'],
    ['/a\\..\\admin', PathNormalization.BASE, '/admin'],
    ['/a//b', PathNormalization.BASE, '/a//b'],
    ['/a//b', PathNormalization.MERGE_SLASHES, '/a/b'],
    ['/a%2F..%2Fadmin', PathNormalization.MERGE_SLASHES, '/a%2F..%2Fadmin'],
    ['/a%2f..%2Fadmin', PathNormalization.DECODE_AND_MERGE_SLASHES, '/admin'],
    ['/a%5c%5Cb', PathNormalization.DECODE_AND_MERGE_SLASHES, '/a/b'],
    ['/api/payments/../admin', PathNormalization.NONE, '/api/payments/../admin'],
    ['/a/../b?x=/../y', PathNormalization.BASE, '/b?x=/../y'],
  ])('%s under %s is %s', (sent, mode, decided) => {
    expect(normalizeIstioPath(sent, mode)).toEqual(decided);
  });
});
