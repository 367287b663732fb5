export const REDACTED = '[redacted]';

/**
 * Key names whose values are secrets, compared after lower-casing and dropping `_`, `-`
 * and `.`, and matched anywhere in the name: `mikrotik_password`, `X-Api-Key`,
 * `enrollmentToken` and `jwtSecret` are all caught. `publicKey` is not a secret.
 */
const SENSITIVE_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'privatekey',
  'presharedkey',
  'apikey',
  'masterkey',
  'authorization',
  'cookie',
  'credential',
];
/**
 * Secrets that hide inside strings: wg-quick text stored as configuration history (its
 * PrivateKey/PresharedKey lines) and our own API tokens.
 */
const WG_SECRET_LINE = /^(\s*(?:PrivateKey|PresharedKey)\s*=\s*)\S.*$/gim;
const API_TOKEN = /\bwom_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}\b/g;
const MAX_DEPTH = 32;

/** True for a key whose value must never reach a log or an audit entry. */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.\s]/g, '');
  return SENSITIVE_FRAGMENTS.some((fragment) => normalized.includes(fragment));
}

/**
 * A deep copy of `value` for logs and audit entries (before/after), with secrets replaced by
 * `"[redacted]"`: values under sensitive keys (see {@link isSensitiveKey}), PrivateKey and
 * PresharedKey lines inside wg-quick text, and `wom_…` API tokens inside any string.
 *
 * Booleans under sensitive keys (`hasPassword: true`) are kept: one bit is no secret.
 *
 * Never throws: cycles become `"[circular]"`, nesting past 32 levels `"[truncated]"`,
 * throwing getters `"[unreadable]"`, binary data `"[binary N bytes]"`; Dates are copied,
 * Maps and Sets become plain objects and arrays, class instances plain objects of their
 * own enumerable properties.
 *
 * @example redactSecrets({ name: 'r1', mikrotikPassword: 'x' }) // { name: 'r1', mikrotikPassword: '[redacted]' }
 */
export function redactSecrets<T>(value: T): T {
  return copy(value, new WeakSet(), 0) as T;
}

function copy(value: unknown, ancestors: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`;
  if (ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((entry) => copy(entry, ancestors, depth + 1));
    if (value instanceof Set) return [...value].map((entry) => copy(entry, ancestors, depth + 1));
    if (value instanceof Error) return copyEntries([['name', value.name], ['message', value.message], ...ownEntries(value)], ancestors, depth);
    if (value instanceof Map) return copyEntries([...value].map(([key, entry]) => [String(key), entry]), ancestors, depth);
    return copyEntries(ownEntries(value), ancestors, depth);
  } catch {
    return '[unreadable]';
  } finally {
    // Only ancestors count as cycles: the same object twice side by side is copied twice.
    ancestors.delete(value);
  }
}

function ownEntries(value: object): [string, unknown][] {
  return Object.keys(value).map((key) => {
    try {
      return [key, (value as Record<string, unknown>)[key]];
    } catch {
      return [key, '[unreadable]'];
    }
  });
}

function copyEntries(entries: [string, unknown][], ancestors: WeakSet<object>, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of entries) {
    // defineProperty, so a "__proto__" key from parsed JSON stays data and never becomes a prototype.
    Object.defineProperty(result, key, {
      value: isSensitiveKey(key) && entry !== null && entry !== undefined && typeof entry !== 'boolean' ? REDACTED : copy(entry, ancestors, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function redactString(text: string): string {
  if (!text.includes('wom_') && !/key\s*=/i.test(text)) return text;
  return text.replace(WG_SECRET_LINE, `$1${REDACTED}`).replace(API_TOKEN, REDACTED);
}
