export type DiffOp = ' ' | '-' | '+';

export interface DiffLine {
  readonly op: DiffOp;
  readonly text: string;
}

export interface LineDiff {
  readonly lines: readonly DiffLine[];
  readonly added: number;
  readonly removed: number;
}

/** Above this many cells the LCS table would cost too much memory; the middle is then replaced whole. */
export const MAX_LCS_CELLS = 16_000_000;

const splitLines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/**
 * A line diff of two texts by longest common subsequence. The common head and tail are
 * trimmed first, so two versions of a config that differ in a few `[Peer]` sections cost
 * only their differing middle. Pure and deterministic: deletions come before insertions.
 *
 * @example lineDiff('a\nb\n', 'a\nc\n').lines // [{op:' ',text:'a'}, {op:'-',text:'b'}, {op:'+',text:'c'}]
 */
export function lineDiff(before: string, after: string): LineDiff {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  const lines: DiffLine[] = [
    ...a.slice(0, head).map((text): DiffLine => ({ op: ' ', text })),
    ...diffMiddle(middleA, middleB),
    ...a.slice(a.length - tail).map((text): DiffLine => ({ op: ' ', text })),
  ];
  return { lines, added: lines.filter((l) => l.op === '+').length, removed: lines.filter((l) => l.op === '-').length };
}

function diffMiddle(a: readonly string[], b: readonly string[]): DiffLine[] {
  if ((a.length + 1) * (b.length + 1) > MAX_LCS_CELLS) {
    return [...a.map((text): DiffLine => ({ op: '-', text })), ...b.map((text): DiffLine => ({ op: '+', text }))];
  }
  const width = b.length + 1;
  // lcs[i * width + j] = LCS length of a[i..] and b[j..]
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      out.push({ op: '-', text: a[i++]! });
    } else {
      out.push({ op: '+', text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ op: '-', text: a[i++]! });
  while (j < b.length) out.push({ op: '+', text: b[j++]! });
  return out;
}

/** The diff as unified-style text: each line prefixed by ` `, `-` or `+`. */
export function formatLineDiff(diff: LineDiff): string {
  return diff.lines.map((line) => `${line.op}${line.text}`).join('\n') + (diff.lines.length > 0 ? '\n' : '');
}
