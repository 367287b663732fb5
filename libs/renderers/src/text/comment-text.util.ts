/**
 * Makes free text (peer and service names, ids, timestamps) safe to print inside a `#`
 * comment of a wg-quick file or an nft script. Both formats end a comment at a line break,
 * so a name carrying one could start a new INI section or nft statement; control and
 * format characters (NUL, ANSI escapes, bidi overrides, zero-width marks) could hide what
 * a reviewer reads. Letters, digits, marks, punctuation, symbols and plain spaces in any
 * script survive, so `Zürich-Büro` stays readable; everything else becomes `?`.
 */
const UNSAFE_CHARACTER = /[^\p{L}\p{N}\p{M}\p{P}\p{S} ]/gu;

/** Long names are cut so a hostile 10k-character name cannot bloat every line it touches. */
export const COMMENT_MAX_LENGTH = 120;

/** Printable ASCII needs no cleaning: the common case, checked without the Unicode regex. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

export function commentSafe(text: unknown, maxLength = COMMENT_MAX_LENGTH): string {
  const raw = typeof text === 'string' ? text : String(text);
  if (raw.length <= maxLength && PLAIN_ASCII.test(raw)) return raw.trim();
  // Array.from splits by code point, so a cut never leaves half a surrogate pair behind.
  const characters = Array.from(raw.replace(UNSAFE_CHARACTER, '?'));
  const clean = characters.length > maxLength ? `${characters.slice(0, maxLength - 3).join('')}...` : characters.join('');
  return clean.trim();
}
