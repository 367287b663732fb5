import { isDomainError } from '@wom/domain';
import { decodeHexEscapes, tokenizeRouterOsLine } from '../__fixtures__/routeros-script-tokenizer';
import { routerOsCommentText, routerOsString } from './routeros-string.encoder';

describe('routerOsString', () => {
  const cases: ReadonlyArray<[string, string]> = [
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['$[/system reboot]', '"\\$[/system reboot]"'],
    ['C:\\path\\', '"C:\\\\path\\\\"'],
    ['why?', '"why\\?"'],
    ['a\nb\rc\td\0', '"a\\0Ab\\0Dc\\09d\\00"'],
    ['Zürich', '"Z\\C3\\BCrich"'],
    ['🚀', '"\\F0\\9F\\9A\\80"'],
    ['\x7f', '"\\7F"'],
    ['', '""'],
  ];
  it.each(cases)('encodes %p as %s', (value, literal) => {
    expect(routerOsString(value)).toBe(literal);
  });

  it('round-trips through a RouterOS string tokenizer for every hostile value', () => {
    for (const value of ['"; /system reset-configuration; "', '\\"', '$(:put 1)', '{ } [ ] ;', 'x\\\ny', 'Ω≈ç√', '\u2028\u2029', 'end\\']) {
      const tokens = tokenizeRouterOsLine(`:put ${routerOsString(value)}`);
      expect(tokens).toEqual([{ kind: 'word', value: ':put' }, { kind: 'string', value }]);
    }
  });

  it('refuses a lone surrogate, which has no UTF-8 form', () => {
    let caught: unknown;
    try {
      routerOsString('bad \ud800 text');
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught) && caught.code).toBe('VALIDATION.UNSAFE_TEXT');
  });
});

describe('routerOsCommentText', () => {
  it('keeps a name with a newline on its comment line, and never ends a line in a backslash', () => {
    const text = routerOsCommentText('evil\n/system reset-configuration\\');
    expect(text).toBe('evil\\0A/system reset-configuration\\5C');
    expect(text).not.toMatch(/[\r\n]/);
    expect(decodeHexEscapes(text)).toBe('evil\n/system reset-configuration\\');
  });

  it('hex-escapes quotes, variables, braces and brackets so no parser sees structure', () => {
    expect(routerOsCommentText('a"b$c?d{e}f[g]h;i')).toBe('a\\22b\\24c\\3Fd\\7Be\\7Df\\5Bg\\5Dh\\3Bi');
    expect(routerOsCommentText('hq-hub (Zürich)')).toBe('hq-hub (Z\\C3\\BCrich)');
  });
});

describe('tokenizeRouterOsLine (spec helper)', () => {
  it('refuses what RouterOS would read differently', () => {
    expect(() => tokenizeRouterOsLine(':put "open')).toThrow(/unterminated/);
    expect(() => tokenizeRouterOsLine(':put "\\n"')).toThrow(/unexpected escape/);
    expect(() => tokenizeRouterOsLine(':put "é"')).toThrow(/raw character/);
    expect(() => tokenizeRouterOsLine(':put "$[/system reboot]"')).toThrow(/unescaped \$/);
    expect(() => decodeHexEscapes('trailing \\')).toThrow(/bare-escape/);
  });
});
