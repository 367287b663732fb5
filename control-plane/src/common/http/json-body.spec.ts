import { AppError } from '../errors/app-error';
import { MAX_JSON_DEPTH, refuseDeepJson } from './json-body';

const bytes = (text: string) => new TextEncoder().encode(text);
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('refuseDeepJson', () => {
  it.each([
    ['an empty body', ''],
    ['a flat object', '{"name":"x","tags":["a","b"]}'],
    ['nesting exactly at the limit', nested(MAX_JSON_DEPTH)],
    ['brackets inside a string', JSON.stringify({ description: '['.repeat(MAX_JSON_DEPTH * 3) })],
    ['an escaped quote before brackets in a string', JSON.stringify({ description: `\\"${'{'.repeat(MAX_JSON_DEPTH + 1)}` })],
    ['multi-byte text around brackets', JSON.stringify({ description: `日本語🚀${'['.repeat(40)}` })],
    ['many siblings, each shallow', `[${Array.from({ length: 1000 }, () => nested(3)).join(',')}]`],
  ])('accepts %s', (_what, text) => {
    expect(() => refuseDeepJson(bytes(text))).not.toThrow();
  });

  it.each([
    ['one level past the limit', nested(MAX_JSON_DEPTH + 1)],
    ['thousands of levels', nested(5_000)],
    ['objects inside arrays', '{"a":'.repeat(20) + nested(20) + '}'.repeat(20)],
    ['an unterminated deep body', '['.repeat(100_000)],
    ['deep nesting after a string holding an escaped backslash', `["\\\\",${nested(MAX_JSON_DEPTH)}]`],
  ])('refuses %s with REQUEST.TOO_DEEP', (_what, text) => {
    expect(() => refuseDeepJson(bytes(text))).toThrow(expect.objectContaining({ code: 'REQUEST.TOO_DEEP' }) as AppError);
  });
});
