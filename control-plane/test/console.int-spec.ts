import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

/** The built console served by the real app: files, deep links, and the API never shadowed. */
describe('console serving', () => {
  const cwd = process.cwd();
  const root = mkdtempSync(join(tmpdir(), 'wom-console-'));
  let testApp: TestApp;

  beforeAll(async () => {
    const browser = join(root, 'ui', 'dist', 'console', 'browser');
    mkdirSync(browser, { recursive: true });
    writeFileSync(join(browser, 'index.html'), '<!doctype html><html><body><wom-root></wom-root><script src="main-ABCDEFGH.js" type="module"></script></body></html>');
    writeFileSync(join(browser, 'main-ABCDEFGH.js'), 'console.log("console");');
    // The module looks for the build under the working directory, as `npm start` runs from the repository root.
    process.chdir(root);
    try {
      testApp = await startTestApp();
    } finally {
      process.chdir(cwd);
    }
  });

  afterAll(async () => {
    await testApp?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (path: string) => request(testApp.http).get(path);

  it('serves the index page at / and for deep links, under a CSP that allows its own scripts', async () => {
    for (const path of ['/', '/peers/0d3c9f1e-1111-4f4f-9999-000000000000', '/topology']) {
      const res = await get(path).expect(200);
      expect(res.text).toContain('<wom-root>');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      // Plain HTTP on a LAN address must still load the console's own scripts.
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    }
  });

  it('serves hashed bundles as immutable', async () => {
    const res = await get('/main-ABCDEFGH.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('never answers API or operations paths with the console', async () => {
    const missing = await get('/api/nope').expect(404);
    expect(missing.body.code).toBe('ROUTE.NOT_FOUND');
    await get('/api/wan').expect(200).expect('content-type', /json/);
    await get('/healthz').expect(200, { status: 'ok' });
    const metrics = await get('/metrics').expect(200);
    expect(metrics.text).not.toContain('<wom-root>');
  });

  it('404s a missing asset and refuses path traversal', async () => {
    await get('/main-MISSING1.js').expect(404);
    const traversal = await get('/..%2f..%2fetc%2fpasswd');
    expect(traversal.status).toBe(404);
    expect(traversal.text).not.toContain('root:');
  });

  it('does not serve the console to writes', async () => {
    const res = await request(testApp.http).post('/peers').send({});
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('<wom-root>');
  });
});
