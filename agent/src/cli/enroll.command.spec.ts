import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePublicKey } from '@wom/domain';
import { selfSignedCertificate } from '@wom/routeros';
import { enroll } from './enroll.command';
import { publicKeyPin } from './pinned-https';

/** A stand-in for `POST /api/agents/enroll` that records what the agent sent. */
function enrollmentServer(status: number, reply: unknown): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push({ path: request.url, body: JSON.parse(body) as unknown });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server })));
}

describe('enroll', () => {
  let dir: string;
  let server: Server | undefined;

  beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'wom-enroll-')), 'state')));
  afterEach(() => {
    server?.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('sends only public keys and stores the identity and secrets 0600', async () => {
    const fake = await enrollmentServer(201, {
      agentId: 'a1b2',
      peerId: 'p1',
      wanId: 'w1',
      peerName: 'branch-1',
      natsUrls: ['nats://127.0.0.1:4222'],
      natsUserJwt: 'eyJ.jwt.sig',
      inboxPrefix: '_INBOX.a1b2',
      initialRevision: '3',
      pendingApproval: false,
      natsCaPem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
    });
    server = fake.server;
    const identity = await enroll({ server: fake.url, token: 'tok-123', stateDir: dir });
    expect(identity).toMatchObject({ agentId: 'a1b2', peerName: 'branch-1', inboxPrefix: '_INBOX.a1b2', natsUrls: ['nats://127.0.0.1:4222'] });
    const [sent] = fake.bodies as { path: string; body: Record<string, string> }[];
    expect(sent?.path).toBe('/api/agents/enroll');
    expect(sent?.body).toMatchObject({ token: 'tok-123', wireguardPublicKey: identity.wireguardPublicKey, natsPublicKey: identity.natsPublicKey });
    const privateKey = readFileSync(join(dir, 'wireguard.key'), 'utf8').trim();
    expect(derivePublicKey(privateKey)).toBe(identity.wireguardPublicKey);
    expect(JSON.stringify(sent)).not.toContain(privateKey);
    expect(readFileSync(join(dir, 'nats.seed'), 'utf8')).toMatch(/^SU/);
    expect(JSON.stringify(sent)).not.toContain(readFileSync(join(dir, 'nats.seed'), 'utf8').trim());
    // A sealing key of its own (not the WireGuard key): only its public half is sent.
    const sealingKey = readFileSync(join(dir, 'sealing.key'), 'utf8').trim();
    expect(sent?.body['sealingPublicKey']).toBe(identity.sealingPublicKey);
    expect(identity.sealingPublicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect([identity.wireguardPublicKey, privateKey]).not.toContain(identity.sealingPublicKey);
    expect(JSON.stringify(sent)).not.toContain(sealingKey);
    expect(readFileSync(join(dir, 'nats-ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
    for (const file of ['wireguard.key', 'sealing.key', 'nats.seed', 'nats.jwt', 'nats-ca.pem', 'identity.json']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await expect(enroll({ server: fake.url, token: 'tok-123', stateDir: dir })).rejects.toMatchObject({ code: 'AGENT.ALREADY_ENROLLED' });
  });

  it('passes on the refusal code and message, and writes nothing', async () => {
    const fake = await enrollmentServer(410, { code: 'ENROLLMENT.TOKEN_USED', message: 'This token has no uses left.', fields: [] });
    server = fake.server;
    await expect(enroll({ server: fake.url, token: 'used', stateDir: dir })).rejects.toMatchObject({ code: 'ENROLLMENT.TOKEN_USED', message: 'This token has no uses left.' });
    expect(existsSync(dir)).toBe(false);
  });

  it('says which server it could not reach', async () => {
    await expect(enroll({ server: 'http://127.0.0.1:9', token: 't', stateDir: dir })).rejects.toMatchObject({
      code: 'AGENT.SERVER_UNREACHABLE',
      message: expect.stringContaining('http://127.0.0.1:9'),
    });
  });

  describe('with a pinned key (a self-signed control plane)', () => {
    const tls = selfSignedCertificate(1, '127.0.0.1');
    const pin = publicKeyPin(new X509Certificate(tls.cert));
    const reply = { agentId: 'a9', peerId: 'p9', wanId: 'w9', peerName: 'pinned', natsUrls: ['tls://127.0.0.1:4222'], natsUserJwt: 'eyJ.jwt.sig', inboxPrefix: '_INBOX.a9', initialRevision: '1', pendingApproval: false };
    let bodies: string[];
    let url: string;

    beforeEach(async () => {
      bodies = [];
      const https = createHttpsServer({ cert: tls.cert, key: tls.key }, (request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          bodies.push(body);
          response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
        });
      });
      await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
      server = https as unknown as Server;
      url = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
    });

    it('enrolls over a certificate no CA vouches for when its key matches, and keeps the pin', async () => {
      const identity = await enroll({ server: url, token: 'tok-pinned', stateDir: dir, pin });
      expect(identity).toMatchObject({ peerName: 'pinned', serverPin: pin });
      expect(JSON.parse(readFileSync(join(dir, 'identity.json'), 'utf8'))).toMatchObject({ serverPin: pin });
      expect(bodies).toHaveLength(1);
    });

    it('refuses another key before sending the token, and writes nothing', async () => {
      const wrong = `sha256//${Buffer.alloc(32, 1).toString('base64')}`;
      await expect(enroll({ server: url, token: 'tok-secret', stateDir: dir, pin: wrong })).rejects.toMatchObject({
        code: 'AGENT.SERVER_PIN_MISMATCH',
        message: expect.stringMatching(new RegExp(`^the control plane at ${url} presented the key ${pin.replaceAll('+', '\\+')}, not the pinned .*Nothing was enrolled\\.$`)),
      });
      expect(bodies).toEqual([]);
      expect(existsSync(dir)).toBe(false);
    });

    it('refuses a malformed pin, and a pin for plain HTTP', async () => {
      await expect(enroll({ server: url, token: 't', stateDir: dir, pin: 'sha256//short' })).rejects.toMatchObject({ code: 'AGENT.BAD_PIN' });
      await expect(enroll({ server: 'http://127.0.0.1:9', token: 't', stateDir: dir, pin })).rejects.toMatchObject({ code: 'AGENT.BAD_PIN' });
    });
  });
});
