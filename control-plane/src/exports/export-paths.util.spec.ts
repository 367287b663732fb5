import { MAX_FILE_NAME_LENGTH, safeFileName, uniqueSafeFileNames, validateArchivePath } from './export-paths.util';

describe('safeFileName', () => {
  it.each([
    ['branch-a', 'branch-a'],
    ['Paris office #2', 'Paris-office-2'],
    ['Zürich-Büro', 'Zurich-Buro'],
    ['../../etc/passwd', 'etc-passwd'],
    ['/absolute', 'absolute'],
    ['C:\\Windows\\evil', 'C-Windows-evil'],
    ['.bashrc', 'bashrc'],
    ['-rf', 'rf'],
    ['name.', 'name'],
    ['a\u0000b\nc\u202Ed', 'a-b-c-d'],
    ['東京', 'peer'],
    ['', 'peer'],
    ['   ', 'peer'],
    ['CON', 'CON_'],
    ['lpt1.conf', 'lpt1_.conf'],
    ['nul', 'nul_'],
    ['ﬁle', 'file'],
    ['a    b', 'a-b'],
    ['hq_hub.v2', 'hq_hub.v2'],
  ])('%p → %p', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
    expect(() => validateArchivePath(safeFileName(input))).not.toThrow();
  });

  it('caps the length', () => {
    expect(safeFileName('a'.repeat(500))).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(safeFileName(`${'a'.repeat(63)}.-x`)).toBe('a'.repeat(63));
  });

  it('uses the fallback when nothing is left', () => {
    expect(safeFileName('🚀', 'router')).toBe('router');
  });
});

describe('uniqueSafeFileNames', () => {
  it('suffixes collisions, letter case aside, in input order', () => {
    expect(uniqueSafeFileNames(['a b', 'a-b', 'A b', 'a-b-2'])).toEqual(['a-b', 'a-b-2', 'A-b-3', 'a-b-2-2']);
  });

  it('keeps suffixed names within the length cap', () => {
    const names = uniqueSafeFileNames(['x'.repeat(100), 'x'.repeat(100)]);
    expect(names[1]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(names[1]!.endsWith('-2')).toBe(true);
  });
});

describe('validateArchivePath', () => {
  it('accepts nested safe names', () => {
    expect(validateArchivePath('branch-a/mikrotik/wg-wan-overlay.rsc')).toBe('branch-a/mikrotik/wg-wan-overlay.rsc');
  });

  it('names the field and quotes the bad part printably', () => {
    expect(() => validateArchivePath('a/\u0000..', 'files[3].path')).toThrow(expect.objectContaining({ code: 'EXPORT.INVALID_PATH', details: { field: 'files[3].path' } }));
    expect(() => validateArchivePath('a/\u0000..')).toThrow('unsafe part "?.."');
  });
});
