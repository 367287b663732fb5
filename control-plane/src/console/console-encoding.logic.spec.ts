import { chooseEncoding, contentTypeOf, entityTag, isCompressible, matchesIfNoneMatch } from './console-encoding.logic';

describe('chooseEncoding', () => {
  it.each([
    // [Accept-Encoding, offered, chosen]
    ['gzip, deflate, br', ['br', 'gzip'], 'br'],
    ['gzip, deflate, br, zstd', ['br', 'gzip'], 'br'],
    ['br, gzip', ['gzip'], 'gzip'],
    ['gzip, deflate', ['br', 'gzip'], 'gzip'],
    ['x-gzip', ['br', 'gzip'], 'gzip'],
    ['GZIP', ['gzip'], 'gzip'],
    ['gzip;q=1, br;q=0.5', ['br', 'gzip'], 'gzip'],
    ['br;q=0, gzip', ['br', 'gzip'], 'gzip'],
    ['br;q=0.2, gzip;q=0.1', ['br', 'gzip'], 'br'],
    ['gzip;q=0.5', ['br', 'gzip'], 'gzip'],
    ['*', ['br', 'gzip'], 'br'],
    ['*;q=0.5, br;q=0', ['br', 'gzip'], 'gzip'],
    ['identity', ['br', 'gzip'], 'identity'],
    ['identity;q=1, gzip;q=0.5', ['br', 'gzip'], 'identity'],
    ['', ['br', 'gzip'], 'identity'],
    [undefined, ['br', 'gzip'], 'identity'],
    ['deflate', ['br', 'gzip'], 'identity'],
    ['br', [], 'identity'],
    ['gzip;q=oops, br', ['gzip'], 'gzip'],
    ['gzip;q=2', ['gzip'], 'gzip'], // an unreadable q is ignored, as for q=oops
    [';;;, , br', ['br'], 'br'],
  ] as const)('%j offering %j → %s', (header, offered, chosen) => {
    expect(chooseEncoding(header, offered)).toBe(chosen);
  });

  it('returns null when identity is refused and nothing acceptable is offered', () => {
    expect(chooseEncoding('identity;q=0', [])).toBeNull();
    expect(chooseEncoding('*;q=0', ['br', 'gzip'])).toBeNull();
    expect(chooseEncoding('identity;q=0, gzip', ['br', 'gzip'])).toBe('gzip');
  });

  it('reads only a bounded prefix of a hostile header', () => {
    expect(chooseEncoding(`${'x, '.repeat(100_000)}br`, ['br'])).toBe('identity');
  });
});

describe('content types and compressibility', () => {
  it.each([
    ['main-ABCDEFGH.js', 'text/javascript; charset=utf-8'],
    ['styles-ABCDEFGH.css', 'text/css; charset=utf-8'],
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/logo.SVG', 'image/svg+xml; charset=utf-8'],
    ['assets/i18n.json', 'application/json; charset=utf-8'],
    ['favicon.ico', 'image/x-icon'],
    ['font.woff2', 'font/woff2'],
    ['archive.bin', 'application/octet-stream'],
  ])('%s is %s', (path, type) => expect(contentTypeOf(path)).toBe(type));

  it('compresses text from 1 KiB up, never images or fonts', () => {
    expect(isCompressible('main.js', 1024)).toBe(true);
    expect(isCompressible('main.js', 1023)).toBe(false);
    expect(isCompressible('photo.png', 100_000)).toBe(false);
    expect(isCompressible('font.woff2', 100_000)).toBe(false);
  });
});

describe('entity tags', () => {
  it('differ per encoding and per file version', () => {
    const tags = new Set([entityTag(100, 1_700_000_000_000, 'identity'), entityTag(100, 1_700_000_000_000, 'br'), entityTag(100, 1_700_000_000_000, 'gzip'), entityTag(101, 1_700_000_000_000, 'br'), entityTag(100, 1_700_000_001_000, 'br')]);
    expect(tags.size).toBe(5);
    for (const tag of tags) expect(tag).toMatch(/^"[0-9a-z-]+"$/);
  });

  it('match If-None-Match lists, weak tags and *', () => {
    const tag = entityTag(100, 1_700_000_000_000, 'br');
    expect(matchesIfNoneMatch(`"other", ${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch(`W/${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
    expect(matchesIfNoneMatch(entityTag(100, 1_700_000_000_000, 'gzip'), tag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
  });
});
