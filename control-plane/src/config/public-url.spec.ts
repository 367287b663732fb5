import { loadAppConfig } from './app-config';
import { isLoopbackHost, publicUrl } from './public-url';

describe('PUBLIC_URL', () => {
  it('defaults to the listen address, reading a wildcard as loopback', () => {
    expect(publicUrl(undefined, '127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
    expect(publicUrl(undefined, '0.0.0.0', 8080)).toBe('http://127.0.0.1:8080');
    expect(publicUrl(undefined, '192.0.2.10', 9000)).toBe('http://192.0.2.10:9000');
    expect(publicUrl(undefined, 'fd00::1', 8080)).toBe('http://[fd00::1]:8080');
  });

  it('keeps a path prefix and drops the trailing slash', () => {
    expect(publicUrl('https://noc.example.com/wom/', '0.0.0.0', 8080)).toBe('https://noc.example.com/wom');
    expect(loadAppConfig({ PUBLIC_URL: 'https://wom.example.com', HOST: '0.0.0.0' }).publicUrl).toBe('https://wom.example.com');
  });

  it.each([
    ['wom.example.com', /expected the URL/],
    ['ftp://wom.example.com', /http:\/\/ or https:\/\//],
    ['https://user:secret@wom.example.com', /credentials/],
    ['https://wom.example.com/?next=1', /query/],
  ])('refuses %s', (raw, message) => {
    expect(() => loadAppConfig({ PUBLIC_URL: raw })).toThrow(message);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['[::1]', true],
    ['::1', true],
    ['wom.example.com', false],
    ['192.0.2.10', false],
    ['0.0.0.0', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
