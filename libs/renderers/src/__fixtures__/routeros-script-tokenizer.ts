/**
 * A small RouterOS script tokenizer for specs: splits one line into words, punctuation and
 * double-quoted strings, decoding each string the way RouterOS would. It is strict on
 * purpose: an escape we don't emit, a raw control or non-ASCII character inside a string, or
 * an unterminated string throws, so a spec fails as soon as a value could break out.
 */
export type ScriptToken =
  | { readonly kind: 'comment'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: string };

const PUNCTUATION = new Set(['[', ']', '{', '}', '(', ')', ';']);
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', $: '$', '?': '?' };

export function tokenizeRouterOsLine(line: string): ScriptToken[] {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('#')) return [{ kind: 'comment', value: decodeHexEscapes(trimmed.slice(1).trimStart()) }];
  const tokens: ScriptToken[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === ' ') {
      i += 1;
    } else if (ch === '"') {
      const { value, end } = readString(line, i + 1);
      tokens.push({ kind: 'string', value });
      i = end;
    } else if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: 'punct', value: ch });
      i += 1;
    } else {
      let end = i;
      while (end < line.length && line[end] !== ' ' && line[end] !== '"' && !PUNCTUATION.has(line[end] as string)) end += 1;
      tokens.push({ kind: 'word', value: line.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

/** Reads a string body starting after its opening quote; returns the decoded value and the index after the closing quote. */
function readString(line: string, start: number): { value: string; end: number } {
  const bytes: number[] = [];
  let i = start;
  while (i < line.length) {
    const ch = line[i] as string;
    const code = ch.charCodeAt(0);
    if (ch === '"') return { value: new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)), end: i + 1 };
    if (code < 0x20 || code > 0x7e) throw new Error(`raw character U+${code.toString(16)} inside a string in: ${line}`);
    // RouterOS expands `$name`, `$(...)` and `$[...]` inside strings; `?` is console help.
    if (ch === '$' || ch === '?') throw new Error(`unescaped ${ch} inside a string in: ${line}`);
    if (ch !== '\\') {
      bytes.push(code);
      i += 1;
      continue;
    }
    const next = line[i + 1] ?? '';
    const hex = line.slice(i + 1, i + 3);
    if (SIMPLE_ESCAPES[next] !== undefined) {
      bytes.push((SIMPLE_ESCAPES[next] as string).charCodeAt(0));
      i += 2;
    } else if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      throw new Error(`unexpected escape \\${next} in: ${line}`);
    }
  }
  throw new Error(`unterminated string in: ${line}`);
}

/** Decodes the `\HH` escapes of a comment line written by routerOsCommentText. */
export function decodeHexEscapes(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '\\' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code > 0x7e || text[i] === '\\') throw new Error(`raw or bare-escape character in comment: ${text}`);
      bytes.push(code);
      i += 1;
    }
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
}
