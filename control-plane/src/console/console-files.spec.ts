import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import { ConsoleFiles, IMMUTABLE_CACHE_CONTROL } from './console-files';

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One raw request: no client-side decompression, so the bytes on the wire are what is checked. */
function fetchRaw(server: Server, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Text that compresses (like a real bundle) with enough random bits to tell files apart. */
const bundleText = (bytes: number) => {
  let text = `/* ${randomBytes(8).toString('hex')} */\n`;
  for (let i = 0; text.length < bytes; i++) text += `export function handler${i}(event){return event.value*${i}+${i % 7};}\n`;
  return text;
};

describe('ConsoleFiles over a real HTTP server', () => {
  let root: string;
  let server: Server;
  const main = bundleText(40_000);
  const styles = bundleText(8_000);
  const index = `<!doctype html><html><head><script src="main-ABCDEFGH.js" type="module"></script></head><body><wom-root></wom-root>${' '.repeat(2000)}</body></html>`;
  const data = JSON.stringify({ peers: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `site-${i}` })) });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wom-console-files-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), index);
    writeFileSync(join(root, 'main-ABCDEFGH.js'), main);
    // Precompressed copies as the post-build step writes them.
    writeFileSync(join(root, 'main-ABCDEFGH.js.br'), brotliCompressSync(main));
    writeFileSync(join(root, 'main-ABCDEFGH.js.gz'), gzipSync(main, { level: 9 }));
    writeFileSync(join(root, 'index.html.br'), brotliCompressSync(index));
    writeFileSync(join(root, 'index.html.gz'), gzipSync(index));
    // Only a gzip copy: a browser that asks for br still gets a compressed file.
    writeFileSync(join(root, 'styles-ABCDEFGH.css'), styles);
    writeFileSync(join(root, 'styles-ABCDEFGH.css.gz'), gzipSync(styles));
    // No copies at all: compressed here, once.
    writeFileSync(join(root, 'assets', 'data.json'), data);
    writeFileSync(join(root, 'assets', 'tiny.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(root, 'assets', 'logo.png'), randomBytes(4096));
    const app = express();
    app.use(new ConsoleFiles().handler(root));
    app.use((_req, res) => void res.status(404).json({ code: 'NOT_FOUND' }));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('sends the precompressed brotli copy to a browser that accepts it, with every header a cache needs', async () => {
    const reply = await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['vary']).toBe('Accept-Encoding');
    expect(reply.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(reply.headers['accept-ranges']).toBe('none');
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    expect(reply.body.length).toBeLessThan(main.length / 4);
    expect(brotliDecompressSync(reply.body).toString()).toBe(main);
  });

  it('falls back to gzip, then to the file itself, as Accept-Encoding says', async () => {
    const gzipped = await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString()).toBe(main);
    const refused = await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.headers['vary']).toBe('Accept-Encoding');
    expect(refused.body.toString()).toBe(main);
    const none = await fetchRaw(server, '/main-ABCDEFGH.js');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(Number(none.headers['content-length'])).toBe(Buffer.byteLength(main));
  });

  it('uses the copies the build wrote even when only one of them exists', async () => {
    const reply = await fetchRaw(server, '/styles-ABCDEFGH.css', { 'accept-encoding': 'br, gzip' });
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(gunzipSync(reply.body).toString()).toBe(styles);
  });

  it('gives each encoding its own tag and answers a matching If-None-Match with an empty 304', async () => {
    const tags = new Set<string>();
    for (const accept of ['br', 'gzip', 'identity']) {
      const first = await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': accept });
      const tag = first.headers['etag']!;
      expect(tag).toMatch(/^"[^"]+"$/);
      tags.add(tag);
      const again = await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': accept, 'if-none-match': tag });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers['etag']).toBe(tag);
      expect(again.headers['vary']).toBe('Accept-Encoding');
    }
    expect(tags.size).toBe(3);
    // A tag of another encoding must not validate this one.
    const brTag = (await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': 'br' })).headers['etag']!;
    expect((await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': 'gzip', 'if-none-match': brTag })).status).toBe(200);
  });

  it('answers HEAD with the same headers as GET and no body', async () => {
    const get = await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': 'br' });
    const head = await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'content-encoding', 'etag', 'vary', 'cache-control']) expect(head.headers[name]).toBe(get.headers[name]);
  });

  it('ignores Range and sends the whole representation, as Accept-Ranges: none announces', async () => {
    for (const accept of ['br', 'identity']) {
      const reply = await fetchRaw(server, '/main-ABCDEFGH.js', { 'accept-encoding': accept, range: 'bytes=0-99' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-range']).toBeUndefined();
      expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
      expect(reply.body.length).toBeGreaterThan(100);
    }
  });

  it('serves the index page compressed and revalidated, for the root and for deep links', async () => {
    for (const path of ['/', '/index.html', '/peers/0d3c9f1e-1111-4f4f-9999-000000000000']) {
      const reply = await fetchRaw(server, path, { 'accept-encoding': 'br' });
      expect(reply.status).toBe(200);
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(brotliDecompressSync(reply.body).toString()).toBe(index);
    }
  });

  it('compresses a file the build left without copies, and keeps the result for the next request', async () => {
    const first = await fetchRaw(server, '/assets/data.json', { 'accept-encoding': 'br' });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(Number(first.headers['content-length'])).toBe(first.body.length);
    expect(brotliDecompressSync(first.body).toString()).toBe(data);
    const second = await fetchRaw(server, '/assets/data.json', { 'accept-encoding': 'br' });
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    const gzipped = await fetchRaw(server, '/assets/data.json', { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gzipped.body).toString()).toBe(data);
  });

  it('sends small files and images as they are, without Vary', async () => {
    for (const path of ['/assets/tiny.svg', '/assets/logo.png']) {
      const reply = await fetchRaw(server, path, { 'accept-encoding': 'br, gzip' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-encoding']).toBeUndefined();
      expect(reply.headers['vary']).toBeUndefined();
    }
    expect((await fetchRaw(server, '/assets/tiny.svg')).headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect((await fetchRaw(server, '/assets/logo.png')).headers['content-type']).toBe('image/png');
  });

  it('sees a rebuilt file: a new version gets a new tag and new bytes', async () => {
    const before = await fetchRaw(server, '/assets/data.json', { 'accept-encoding': 'gzip' });
    const rebuilt = JSON.stringify({ rebuilt: true, peers: Array.from({ length: 300 }, (_, i) => i) });
    const path = join(root, 'assets', 'data.json');
    writeFileSync(path, rebuilt);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path, later, later);
    const after = await fetchRaw(server, '/assets/data.json', { 'accept-encoding': 'gzip', 'if-none-match': before.headers['etag']! });
    expect(after.status).toBe(200);
    expect(after.headers['etag']).not.toBe(before.headers['etag']);
    expect(gunzipSync(after.body).toString()).toBe(rebuilt);
  });

  it('leaves API paths, missing assets, dot-files and writes to the next handler', async () => {
    writeFileSync(join(root, '.env'), 'SECRET=1');
    for (const [method, path] of [['GET', '/api/wan'], ['GET', '/main-MISSING1.js'], ['GET', '/.env'], ['POST', '/main-ABCDEFGH.js']] as const) {
      const reply = await fetchRaw(server, path, { 'accept-encoding': 'br' }, method);
      expect([method, path, reply.status]).toEqual([method, path, 404]);
    }
  });
});
