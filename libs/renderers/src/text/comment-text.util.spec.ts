import { COMMENT_MAX_LENGTH, commentSafe } from './comment-text.util';

describe('commentSafe', () => {
  it.each([
    ['plain names pass through', 'branch-a', 'branch-a'],
    ['line breaks cannot end the comment', 'a\n[Peer]\r\nPublicKey = x', 'a?[Peer]??PublicKey = x'],
    ['NUL and ANSI escapes are replaced', 'nul\u0000\u001b[31mred', 'nul??[31mred'],
    ['Unicode line and paragraph separators and NEL are replaced', 'a\u2028b\u2029c\u0085d', 'a?b?c?d'],
    ['bidi overrides and zero-width marks are replaced', 'safe\u202Eevil\u200B', 'safe?evil?'],
    ['tabs and non-breaking spaces are replaced', 'a\tb\u00A0c', 'a?b?c'],
    ['a lone surrogate is replaced', 'a\uD800b', 'a?b'],
    ['letters of any script survive', 'Zürich-Büro 東京 🚀', 'Zürich-Büro 東京 🚀'],
    ['punctuation and symbols survive', `"'$(x) [a] {b}; \\`, `"'$(x) [a] {b}; \\`],
    ['surrounding spaces are trimmed', '  hub  ', 'hub'],
  ])('%s', (_label, input, expected) => {
    expect(commentSafe(input)).toBe(expected);
  });

  it('cuts long text to the limit, by code point', () => {
    const cut = commentSafe('🚀'.repeat(10_000));
    expect(Array.from(cut)).toHaveLength(COMMENT_MAX_LENGTH);
    expect(cut.endsWith('🚀...')).toBe(true);
  });

  it('prints non-strings instead of throwing', () => {
    expect(commentSafe(42)).toBe('42');
    expect(commentSafe(undefined)).toBe('undefined');
  });
});
