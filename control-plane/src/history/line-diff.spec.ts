import { formatLineDiff, lineDiff, MAX_LCS_CELLS } from './line-diff';

describe('lineDiff', () => {
  it.each([
    ['identical texts', 'a\nb\n', 'a\nb\n', ' a\n b\n', 0, 0],
    ['a changed line', 'a\nb\nc\n', 'a\nx\nc\n', ' a\n-b\n+x\n c\n', 1, 1],
    ['an inserted block', 'a\nd\n', 'a\nb\nc\nd\n', ' a\n+b\n+c\n d\n', 2, 0],
    ['a removed block', '[Peer]\nA\n[Peer]\nB\n', '[Peer]\nB\n', ' [Peer]\n-A\n-[Peer]\n B\n', 0, 2],
    ['from nothing', '', 'x\n', '+x\n', 1, 0],
    ['to nothing', 'x\n', '', '-x\n', 0, 1],
    ['moved lines keep the longest common run', 'a\nb\nc\nd\n', 'b\nc\nd\na\n', '-a\n b\n c\n d\n+a\n', 1, 1],
  ])('diffs %s', (_name, before, after, expected, added, removed) => {
    const diff = lineDiff(before, after);
    expect(formatLineDiff(diff)).toBe(expected);
    expect({ added: diff.added, removed: diff.removed }).toEqual({ added, removed });
  });

  it('rebuilds both texts from the diff', () => {
    const before = Array.from({ length: 50 }, (_, i) => `line ${i % 7}`).join('\n');
    const after = Array.from({ length: 60 }, (_, i) => `line ${(i * 3) % 11}`).join('\n');
    const { lines } = lineDiff(before, after);
    expect(lines.filter((l) => l.op !== '+').map((l) => l.text).join('\n')).toBe(before);
    expect(lines.filter((l) => l.op !== '-').map((l) => l.text).join('\n')).toBe(after);
  });

  it('replaces a huge differing middle whole instead of building the table', () => {
    const side = Math.ceil(Math.sqrt(MAX_LCS_CELLS)) + 1;
    const diff = lineDiff(Array.from({ length: side }, (_, i) => `a${i}`).join('\n'), Array.from({ length: side }, (_, i) => `b${i}`).join('\n'));
    expect({ added: diff.added, removed: diff.removed }).toEqual({ added: side, removed: side });
  });
});
