import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import request from 'supertest';
import { createRedirectServer } from '../src/tls/redirect-server';
import { fakeAgentDist } from './harness/agent-dist';
import { httpsRequest } from './harness/https-client';
import { createTestDatabase, startTestApp, type TestDatabase } from './harness/test-app';
import { startTlsApp, type TlsTestApp } from './harness/tls-app';

/**
 * HTTPS served by the control plane itself: with a certificate it is given (reloaded when the
 * files change), with one it generates and keeps, HSTS over HTTPS only, and the redirect
 * listener. Real HTTPS connections with Node's own client, real PostgreSQL.
 */

const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();

/** A private CA and a server certificate it signed for 127.0.0.1 and localhost. */
async function issued(ca: { cert: string; key: string }, commonName: string) {
  const pair = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { cert: pair.cert, key: pair.private };
}

/** Waits (bounded) until `check` holds; returns whether it did. */
async function eventually(check: () => Promise<boolean>, deadlineMs = 15_000): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('HTTPS (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dir: string;
  const apps: TlsTestApp[] = [];
  const start = async (env: Record<string, string>) => {
    const app = await startTlsApp(database.url, env);
    apps.push(app);
    return app;
  };
  /** Each group closes what it started, so no server outlives its tests. */
  const closeAll = async () => {
    for (const app of apps.splice(0)) await app.close();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'wom-tls-'));
  });
  afterAll(async () => {
    await closeAll();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('with TLS_CERT and TLS_KEY', () => {
    let ca: { cert: string; key: string };
    let app: TlsTestApp;
    const certFile = () => join(dir, 'given-cert.pem');
    const keyFile = () => join(dir, 'given-key.pem');

    beforeAll(async () => {
      const root = await generate([{ name: 'commonName', value: 'Test NOC CA' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true, critical: true }],
      });
      ca = { cert: root.cert, key: root.private };
      const server = await issued(ca, 'first');
      writeFileSync(certFile(), server.cert);
      writeFileSync(keyFile(), server.key);
      // On loopback, given files alone turn HTTPS on (TLS=auto).
      app = await start({ TLS_CERT: certFile(), TLS_KEY: keyFile() });
    });
    afterAll(closeAll);

    it('serves the given certificate, verified against its CA, with HSTS', async () => {
      expect(app.url).toMatch(/^https:/);
      const res = await httpsRequest(`${app.url}/api/wan`, { ca: ca.cert });
      expect(res.status).toBe(200);
      expect(res.fingerprintSha256).toBe(fingerprintOf(readFileSync(certFile(), 'utf8')));
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    });

    it('tells installers it is CA-issued, so install commands carry no pin', async () => {
      const info = JSON.parse((await httpsRequest(`${app.url}/api/agents/install`, { ca: ca.cert })).body);
      expect(info.tls).toEqual({ fingerprintSha256: fingerprintOf(readFileSync(certFile(), 'utf8')), publicKeyPin: expect.stringMatching(/^sha256\/\/[A-Za-z0-9+/]{43}=$/), selfSigned: false, notAfter: expect.any(String) });
      expect(info.publicUrl).toBe(app.url.replace(/:\d+$/, ':8080'));
    });

    it('serves a renewed certificate without a restart, and keeps the old one when the new pair is broken', async () => {
      const before = await httpsRequest(`${app.url}/healthz`, { ca: ca.cert });
      const renewed = await issued(ca, 'renewed');
      writeFileSync(keyFile(), renewed.key);
      writeFileSync(certFile(), renewed.cert);
      expect(await eventually(async () => (await httpsRequest(`${app.url}/healthz`, { ca: ca.cert })).fingerprintSha256 === fingerprintOf(renewed.cert))).toBe(true);
      expect(before.fingerprintSha256).not.toBe(fingerprintOf(renewed.cert));
      expect(app.messages.info.at(-1)).toContain(`reloaded the TLS certificate from ${certFile()}`);

      // A certificate whose key is not the one beside it: refused, logged, the renewed one stays.
      const stray = await issued(ca, 'stray');
      const refusalsBefore = app.messages.error.length;
      writeFileSync(certFile(), stray.cert);
      expect(await eventually(async () => app.messages.error.length > refusalsBefore)).toBe(true);
      expect(app.messages.error.at(-1)).toMatch(/kept the current TLS certificate: .* refused because the key does not fit the certificate/);
      expect(app.messages.error.join('\n')).not.toContain('PRIVATE KEY');
      expect((await httpsRequest(`${app.url}/healthz`, { ca: ca.cert })).fingerprintSha256).toBe(fingerprintOf(renewed.cert));
    });
  });

  describe('with a generated certificate', () => {
    const dataDir = () => join(dir, 'data');
    const dist = fakeAgentDist();
    // The real installer's two placeholders.
    writeFileSync(join(dist.dir, 'install.sh'), "#!/bin/sh\nSERVER='@WOM_SERVER@'\nPIN='@WOM_PIN@'\n");
    afterAll(async () => {
      await closeAll();
      dist.remove();
    });
    // What main.ts gets on a non-loopback HOST; TLS=on does the same on loopback, where the test listens.
    const env = () => ({ TLS: 'on', DATA_DIR: dataDir(), AGENT_DIST_DIR: dist.dir, PUBLIC_URL: 'https://wom.example.test:8443' });

    it('generates one for the public host and loopback, keeps it across a restart, and prints its fingerprint', async () => {
      const first = await start(env());
      const cert = readFileSync(join(dataDir(), 'tls', 'cert.pem'), 'utf8');
      expect(statSync(join(dataDir(), 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
      const parsed = new X509Certificate(cert);
      expect(parsed.checkHost('wom.example.test')).toBe('wom.example.test');
      expect(parsed.checkIP('127.0.0.1')).toBe('127.0.0.1');
      const validDays = (Date.parse(parsed.validTo) - Date.now()) / 86_400_000;
      expect(validDays).toBeGreaterThan(360);
      expect(validDays).toBeLessThan(366);
      const served = await httpsRequest(`${first.url}/healthz`);
      expect(served.fingerprintSha256).toBe(fingerprintOf(cert));
      expect(first.messages.info[0]).toContain(`generated a self-signed certificate`);
      expect(first.messages.info[0]).toContain(`SHA-256 fingerprint ${fingerprintOf(cert)}`);
      await first.close();
      apps.splice(apps.indexOf(first), 1);

      const second = await start(env());
      expect((await httpsRequest(`${second.url}/healthz`)).fingerprintSha256).toBe(fingerprintOf(cert));
      expect(second.messages.info[0]).toContain('serving a self-signed certificate');
    });

    it('hands installers the public-key pin: in the install facts, the installer and the install command', async () => {
      const app = apps.at(-1)!;
      const facts = app.served!.facts;
      expect(facts.selfSigned).toBe(true);
      const info = JSON.parse((await httpsRequest(`${app.url}/api/agents/install`)).body);
      expect(info.tls).toMatchObject({ selfSigned: true, publicKeyPin: facts.publicKeyPin, fingerprintSha256: facts.fingerprintSha256 });

      const wan = JSON.parse(
        (await httpsRequest(`${app.url}/api/wan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'tls', topologyType: 'mesh', tunnelIpRange: '10.91.0.0/24' }) })).body,
      );
      const token = JSON.parse((await httpsRequest(`${app.url}/api/enrollment-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ wanId: wan.id }) })).body);
      expect(token.installCommand).toBe(
        `curl -fsSLk --pinnedpubkey ${facts.publicKeyPin} https://wom.example.test:8443/install/agent.sh | sudo sh -s -- --token ${token.token} --pin ${facts.publicKeyPin}`,
      );
      const script = (await httpsRequest(`${app.url}/install/agent.sh`)).body;
      expect(script).toContain(`SERVER='https://wom.example.test:8443'\nPIN='${facts.publicKeyPin}'\n`);
    });
  });

  it('sends no HSTS over plain HTTP, which loopback serves by default', async () => {
    const plain = await startTestApp();
    try {
      const res = await request(plain.http).get('/api/wan').expect(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await plain.close();
    }
  });

  it('redirects plain HTTP to the same path on PUBLIC_URL with 308, whatever Host the request names', async () => {
    const server: Server = createRedirectServer('https://wom.example.test:8443');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '//evil.example.net/api/wan?x=1', method: 'POST', headers: { host: 'evil.example.net' } }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, location: res.headers.location });
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer).toEqual({ status: 308, location: 'https://wom.example.test:8443//evil.example.net/api/wan?x=1' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
