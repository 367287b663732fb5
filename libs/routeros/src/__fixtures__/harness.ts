import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RouterOsClient, type RouterOsClientOptions } from '../client/routeros-client';
import { RouterOsEmulator, type AddRouterOptions, type EmulatedRouter } from '../emulator';

/** A fresh emulator per spec file; clients talk plain HTTP to 127.0.0.1 on a random port. */
export class Harness {
  readonly emulator = new RouterOsEmulator();
  private readonly clients: RouterOsClient[] = [];
  private count = 0;

  async router(options: AddRouterOptions = {}): Promise<EmulatedRouter> {
    return this.emulator.addRouter(`r${++this.count}`, options);
  }

  client(router: EmulatedRouter, options: Partial<RouterOsClientOptions> = {}): RouterOsClient {
    const client = new RouterOsClient({
      host: router.host,
      port: router.port,
      protocol: router.protocol,
      username: 'admin',
      password: '',
      retry: { baseDelayMs: 1, maxDelayMs: 4 },
      random: () => 0.5,
      ...options,
    });
    this.clients.push(client);
    return client;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
    await this.emulator.close();
  }
}

/**
 * A throw-away self-signed certificate for 127.0.0.1, made with the openssl CLI. A missing
 * openssl fails the test that needs it, naming the Debian package, rather than skipping it.
 */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wom-routeros-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch (error) {
    throw new Error(`Could not make a test certificate with openssl (install the Debian package openssl): ${String(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
