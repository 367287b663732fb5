import { DomainError, isDomainError, type DomainErrorCode } from '../errors';
import { printable } from '../net/ipv4';

/**
 * A validator: returns the normalized value or throws a DomainError whose `details.field`
 * names the input. Every exported validator of this folder has this shape, so the API's
 * class-validator decorators and {@link checkField} can call any of them the same way.
 */
export type FieldValidator<T> = (value: unknown, field: string) => T;

export function invalid(code: DomainErrorCode, field: string, message: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError(code, message, { field, ...extra });
}

/**
 * Says what a caller sent in words a user recognises, quoting strings safely:
 * `the string "80"`, `1.5`, `null`, `an array`, `nothing`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string "${printable(value)}"`;
  if (typeof value === 'object') return 'an object';
  return printable(value);
}

/** Names one character so that even an invisible one shows up: `";"`, `a space`, `U+0000`. */
export function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === ' ') return 'a space';
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`;
  if (code > 0x7e) return `the non-ASCII character ${hex}`;
  return `"${char}"`;
}

/** The first character of `text` outside `allowed`, or null when there is none. */
export function firstCharOutside(text: string, allowed: RegExp): string | null {
  for (const char of text) if (!allowed.test(char)) return char;
  return null;
}

/** Demands a string; anything else fails with `code`, saying what arrived instead. */
export function requireString(value: unknown, field: string, code: DomainErrorCode, expected: string): string {
  if (typeof value !== 'string') throw invalid(code, field, `${field} must be ${expected}; got ${describeValue(value)}.`);
  return value;
}

/**
 * Demands a whole number in [min, max]. Strings are refused even when they hold digits:
 * the API's ValidationPipe converts them before we run, so a string here is a client bug.
 */
export function requireInteger(value: unknown, field: string, code: DomainErrorCode, min: number, max: number, unit = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(code, field, `${field} must be a whole number from ${min} to ${max}${unit}; got ${describeValue(value)}.`, { min, max });
  }
  return value;
}

/**
 * Runs a parser that already throws DomainErrors (from net/ipv4) and puts the field name in
 * front of its message, so every message names the field it is about.
 */
export function withFieldContext<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new DomainError(error.code, `${field}: ${error.message}`, { ...error.details, field });
  }
}
