import { readFile, stat } from 'node:fs/promises';
import type { Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { certificateFacts, secureContextFor, type CertificateFacts, type CertificatePair } from './certificate';
import { certificateNames, ensureGeneratedCertificate } from './generated-certificate';

/** Where messages about the certificate go: the startup output, and errors on a refused reload. */
export interface TlsLog {
  info(message: string): void;
  error(message: string): void;
}

/** How often TLS_CERT and TLS_KEY are looked at for a change. */
export const RELOAD_CHECK_MS = 5_000;

/**
 * The certificate the HTTPS server presents: from TLS_CERT/TLS_KEY, which are watched and
 * swapped in without a restart, or generated and kept under DATA_DIR/tls.
 */
export class ServedCertificate {
  private served: { pair: CertificatePair; facts: CertificateFacts };
  private filesSeen: string;

  private constructor(
    private readonly files: { readonly cert: string; readonly key: string } | null,
    pair: CertificatePair,
    filesSeen: string,
  ) {
    secureContextFor(pair);
    this.served = { pair, facts: certificateFacts(pair.certPem) };
    this.filesSeen = filesSeen;
  }

  /** The certificate for this config, or null when the control plane serves plain HTTP. Throws when a given pair is unusable. */
  static async prepare(config: AppConfig, log: TlsLog): Promise<ServedCertificate | null> {
    if (!config.tls.enabled) return null;
    if (config.tls.files !== null) {
      const { pair, seen } = await readPair(config.tls.files);
      const served = new ServedCertificate(config.tls.files, pair, seen);
      log.info(`serving ${config.tls.files.cert}, valid until ${served.facts.notAfter}; SHA-256 fingerprint ${served.facts.fingerprintSha256}.`);
      return served;
    }
    const dir = join(config.dataDir, 'tls');
    const { pair, created } = await ensureGeneratedCertificate(dir, certificateNames(config.publicUrl, config.host));
    const served = new ServedCertificate(null, pair, '');
    const facts = served.facts;
    log.info(
      `${created ? 'generated' : 'serving'} a self-signed certificate (${join(dir, 'cert.pem')}) for ${facts.subjectAltNames.join(', ')}, valid until ${facts.notAfter}. ` +
        `SHA-256 fingerprint ${facts.fingerprintSha256}; public-key pin ${facts.publicKeyPin}. Set TLS_CERT and TLS_KEY to serve a certificate of your own.`,
    );
    return served;
  }

  get facts(): CertificateFacts {
    return this.served.facts;
  }

  /** For `https.createServer` (NestFactory's `httpsOptions`). */
  httpsOptions(): { cert: string; key: string } {
    return { cert: this.served.pair.certPem, key: this.served.pair.keyPem };
  }

  /**
   * Checks TLS_CERT/TLS_KEY every `intervalMs` until the server closes, and serves a changed
   * pair to new connections. A pair that does not load is refused with a logged reason and the
   * one in use stays. Generated certificates are not watched: they change only at start.
   */
  watch(server: HttpsServer, log: TlsLog, intervalMs: number = RELOAD_CHECK_MS): void {
    if (this.files === null) return;
    let checking = false;
    const timer = setInterval(() => {
      if (checking) return;
      checking = true;
      void this.reload(server, log).finally(() => (checking = false));
    }, intervalMs);
    timer.unref();
    server.once('close', () => clearInterval(timer));
  }

  /** One reload check; true when a new pair was swapped in. */
  async reload(server: HttpsServer, log: TlsLog): Promise<boolean> {
    if (this.files === null) return false;
    const files = this.files;
    const seen = await filesStamp(files).catch(() => null);
    if (seen === null || seen === this.filesSeen) return false;
    this.filesSeen = seen;
    try {
      const { pair } = await readPair(files);
      server.setSecureContext({ cert: pair.certPem, key: pair.keyPem });
      this.served = { pair, facts: certificateFacts(pair.certPem) };
      log.info(`reloaded the TLS certificate from ${files.cert}; SHA-256 fingerprint ${this.served.facts.fingerprintSha256}.`);
      return true;
    } catch (error) {
      // Usually a renewal caught between writing the certificate and the key: the next change retries.
      log.error(`kept the current TLS certificate: the new ${files.cert} and ${files.key} were refused because ${(error as Error).message}.`);
      return false;
    }
  }
}

async function filesStamp(files: { cert: string; key: string }): Promise<string> {
  const [cert, key] = await Promise.all([stat(files.cert), stat(files.key)]);
  return `${cert.mtimeMs}:${cert.size}:${cert.ino}/${key.mtimeMs}:${key.size}:${key.ino}`;
}

async function readPair(files: { cert: string; key: string }): Promise<{ pair: CertificatePair; seen: string }> {
  const read = (path: string) => readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => Promise.reject(new Error(`${path} cannot be read (${error.code ?? error.message})`)));
  const [certPem, keyPem] = await Promise.all([read(files.cert), read(files.key)]);
  const seen = await filesStamp(files);
  const pair = { certPem, keyPem };
  secureContextFor(pair);
  return { pair, seen };
}
