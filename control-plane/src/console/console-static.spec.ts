import { consoleAnswer } from './console-static';

const root = '/srv/console';
const files = new Set(['/srv/console/main-ABCDEFGH.js', '/srv/console/favicon.ico', '/srv/console/assets/logo.svg', '/srv/console/index.html']);
const answer = (method: string, path: string) => consoleAnswer(root, method, path, (p) => files.has(p));

describe('consoleAnswer', () => {
  it('serves built files, hashed ones as immutable', () => {
    expect(answer('GET', '/main-ABCDEFGH.js')).toEqual({ kind: 'file', path: '/srv/console/main-ABCDEFGH.js', immutable: true });
    expect(answer('HEAD', '/assets/logo.svg')).toEqual({ kind: 'file', path: '/srv/console/assets/logo.svg', immutable: false });
  });

  it('answers deep links and the root with the index page', () => {
    expect(answer('GET', '/')).toEqual({ kind: 'index' });
    expect(answer('GET', '/index.html')).toEqual({ kind: 'index' });
    expect(answer('GET', '/peers/0d3c9f1e-1111-4f4f-9999-000000000000')).toEqual({ kind: 'index' });
  });

  it.each(['/api', '/api/wan', '/api/docs', '/healthz', '/readyz', '/metrics', '/metrics/'])('never shadows %s', (path) => {
    expect(answer('GET', path)).toEqual({ kind: 'pass' });
  });

  it('lets missing assets 404 instead of returning the index page', () => {
    expect(answer('GET', '/main-MISSING1.js')).toEqual({ kind: 'pass' });
  });

  it('passes writes and paths that escape the root', () => {
    expect(answer('POST', '/peers')).toEqual({ kind: 'pass' });
    expect(answer('GET', '/%2e%2e/%2e%2e/etc/passwd')).toEqual({ kind: 'pass' });
    expect(answer('GET', '/..%2f..%2fetc/passwd')).toEqual({ kind: 'pass' });
    expect(answer('GET', '/%E0%A4%A')).toEqual({ kind: 'pass' });
    expect(answer('GET', '/a%00b')).toEqual({ kind: 'pass' });
  });

  it('never serves dot-files, even when they exist', () => {
    const withDotFiles = (path: string) => consoleAnswer(root, 'GET', path, (p) => p === '/srv/console/.env' || p === '/srv/console/assets/.secret.json');
    expect(withDotFiles('/.env')).toEqual({ kind: 'pass' });
    expect(withDotFiles('/assets/.secret.json')).toEqual({ kind: 'pass' });
    expect(withDotFiles('/%2eenv')).toEqual({ kind: 'pass' });
  });

  it('does not treat api-like names outside the prefix as reserved', () => {
    expect(answer('GET', '/apiary')).toEqual({ kind: 'index' });
  });
});
