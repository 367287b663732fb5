import { DomainError } from '@wom/domain';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The only two ways text enters a RouterOS script. Everything else in a script line is
 * written by our own templates.
 */

/** Characters with a meaning inside a RouterOS double-quoted string: escape, end, variable, help. */
const STRING_SPECIALS = new Set(['\\', '"', '$', '?']);
/** In a `#` comment line, additionally anything a parser could take as structure. */
const COMMENT_SPECIALS = new Set(['\\', '"', '$', '?', '{', '}', '[', ']', ';']);

/**
 * A RouterOS double-quoted string literal holding exactly `value`. `\`, `"`, `$` and `?`
 * are backslash-escaped; control and non-ASCII characters become `\HH` escapes of their UTF-8
 * bytes (RouterOS wants upper-case hex), so a literal never spans lines and never expands.
 *
 * Example: routerOsString('Zürich "HQ" $1') → `"Z\C3\BCrich \"HQ\" \$1"`
 */
export function routerOsString(value: string): string {
  return `"${encode(value, STRING_SPECIALS, (ch) => `\\${ch}`)}"`;
}

/**
 * Text for a `#` comment line. Newlines, CR and other controls become `\HH`, so a name like
 * "x\n/system reset-configuration" stays inside the comment; every backslash is followed by
 * two hex digits, so a line can never end in a continuation backslash.
 */
export function routerOsCommentText(value: string): string {
  return encode(value, COMMENT_SPECIALS, hexEscape);
}

function encode(value: string, specials: ReadonlySet<string>, escapeSpecial: (ch: string) => string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new DomainError('VALIDATION.UNSAFE_TEXT', 'Text contains a lone UTF-16 surrogate and cannot be written to a RouterOS script.');
    }
    if (specials.has(ch)) out += escapeSpecial(ch);
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += hexEscape(ch);
  }
  return out;
}

function hexEscape(ch: string): string {
  return Array.from(utf8ToBytes(ch), (byte) => `\\${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
