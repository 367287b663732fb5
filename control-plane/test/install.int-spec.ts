import { createHash } from 'node:crypto';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { fakeAgentDist } from './harness/agent-dist';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * /install serves the built agent to boxes without authentication, with this control plane's
 * PUBLIC_URL filled into the installer; /api/agents/install tells the console what a box
 * elsewhere needs. The build is stood in for by small files with the build's names.
 */
describe('serving the agent installer', () => {
  const fake = fakeAgentDist();
  const { dir: dist, executable, sha256: digest } = fake;
  let testApp: TestApp;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    testApp = await startTestApp({ AGENT_DIST_DIR: dist, PUBLIC_URL: "https://wom.example.com/o'clock/" });
  });

  afterAll(async () => {
    await testApp?.close();
    fake.remove();
  });

  it('fills the public address into the installer, quoted for the shell', async () => {
    const res = await api().get('/install/agent.sh').expect(200);
    expect(res.headers['content-type']).toContain('text/x-shellscript');
    expect(res.text).toContain(`SERVER='https://wom.example.com/o'\\''clock'`);
    expect(res.text).not.toContain('@WOM_SERVER@');
  });

  it('serves the executable gzip-encoded to clients that accept it, plain to the others, and its checksum', async () => {
    const gzipped = await api().get('/install/wom-agent-linux-x64').set('Accept-Encoding', 'gzip').buffer(true).parse(rawBody).expect(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    // supertest decompresses what it was sent; the length on the wire is the archive's.
    expect(createHash('sha256').update(gzipped.body as Buffer).digest('hex')).toBe(digest);
    expect(Number(gzipped.headers['content-length'])).toBe(gzipSync(executable).length);
    const plain = await api().get('/install/wom-agent-linux-x64').set('Accept-Encoding', 'identity').buffer(true).parse(rawBody).expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((plain.body as Buffer).equals(executable)).toBe(true);
    expect((await api().get('/install/wom-agent-linux-x64.sha256').expect(200)).text).toBe(`${digest}  wom-agent-linux-x64\n`);
    const head = await api().head('/install/wom-agent-linux-x64').set('Accept-Encoding', 'identity').expect(200);
    expect(head.headers['content-length']).toBe(String(executable.length));
  });

  it('never serves a gzip twin older than the executable', async () => {
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dist, 'wom-agent-linux-x64.gz'), old, old);
    const res = await api().get('/install/wom-agent-linux-x64').set('Accept-Encoding', 'gzip').buffer(true).parse(rawBody).expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    writeFileSync(join(dist, 'wom-agent-linux-x64.gz'), gzipSync(executable));
  });

  it.each(['../package.json', 'install.sh.bak', '.env', 'wom-agent-linux-x64.gz'])('refuses %s with a 404 naming what it serves', async (name) => {
    const res = await api().get(`/install/${encodeURIComponent(name)}`).expect(404);
    expect(res.body.code).toMatch(/^(INSTALL|ROUTE)\.NOT_FOUND$/);
  });

  it('says the agent is not built, and how to build it, when it is missing', async () => {
    rmSync(join(dist, 'wom-agent.mjs'), { force: true });
    const res = await api().get('/install/wom-agent.mjs').expect(404);
    expect(res.body).toMatchObject({ code: 'INSTALL.NOT_BUILT', message: expect.stringContaining('npm run build:agent') });
  });

  it('tells the console what keeps boxes elsewhere out', async () => {
    const res = await api().get('/api/agents/install').expect(200);
    expect(res.body).toMatchObject({
      publicUrl: "https://wom.example.com/o'clock",
      scriptUrl: "https://wom.example.com/o'clock/install/agent.sh",
      executable: { sha256: digest, sizeBytes: executable.length },
      // No NATS in this app: agents could not enroll.
      reachableFromOtherHosts: false,
      warnings: [expect.stringContaining('NATS is not configured')],
    });
  });
});

/** Collects the body as bytes (in Node, superagent hands a parser the response stream). */
function rawBody(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
