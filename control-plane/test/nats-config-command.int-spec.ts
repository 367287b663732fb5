import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../src/config/app-config';
import { findNatsServer } from '../src/nats/embedded-nats';
import { natsConfigCommand } from '../src/nats/nats-config.command';
import { freePort } from './harness/nats-server';

/** `main.js nats-config`, as docker-compose.yml runs it before starting a separate nats-server. */
describe('the nats-config command (real nats-server)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wom-nats-config-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    let out = '';
    const code = await natsConfigCommand(loadAppConfig({ DATA_DIR: dataDir }), args, (text) => (out += text));
    return { code, out };
  };

  it('writes an operator-mode configuration that a real nats-server starts from', async () => {
    const port = await freePort();
    const { code, out } = await run(['--listen', `127.0.0.1:${port}`, '--server-name', 'wom-compose', '--tls-name', 'nats']);
    expect(code).toBe(0);
    const path = join(dataDir, 'nats', 'nats-server.conf');
    expect(out).toContain(path);
    const text = await readFile(path, 'utf8');
    expect(text).toContain(`listen: "127.0.0.1:${port}"`);
    expect(text).toMatch(/operator: "eyJ/);
    expect(text).toMatch(/resolver: \{\s+type: full/);
    // TLS by default, with the names given for the containers that connect by service name.
    const tlsFile = join(dataDir, 'nats', 'tls', 'server.pem');
    expect(text).toContain(`cert_file: ${JSON.stringify(tlsFile)}`);
    expect(out).toContain(`NATS_CA_FILE=${join(dataDir, 'nats', 'tls', 'ca.pem')}`);
    expect(new X509Certificate(await readFile(tlsFile, 'utf8')).checkHost('nats')).toBe('nats');

    const server = spawn(await findNatsServer(null), ['-c', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        const watch = (chunk: Buffer) => {
          if (chunk.toString().includes('Server is ready')) {
            clearTimeout(timer);
            resolve(true);
          }
        };
        server.stdout.on('data', watch);
        server.stderr.on('data', watch);
      });
      expect(ready).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }
  });

  it.each([
    [['--listen', '0.0.0.0:99999']],
    [['--listen', 'host;rm -rf /:4222']],
    [['--server-name', 'a b']],
    [['--tls-name', 'a b']],
    [['--unknown']],
  ])('refuses %j with exit code 64 and writes nothing', async (args) => {
    const { code, out } = await run(args);
    expect(code).toBe(64);
    expect(out).toMatch(/^nats-config: /);
    await expect(readFile(join(dataDir, 'nats', 'nats-server.conf'), 'utf8')).rejects.toThrow();
  });
});
