import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface HttpsAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** SHA-256 of the certificate the server presented, lowercase hex. */
  readonly fingerprintSha256: string;
}

/**
 * One HTTPS request with Node's own client: verified against `ca` when given, otherwise
 * unverified so the caller can compare the presented certificate itself.
 */
export function httpsRequest(url: string, options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
        timeout: 10_000,
        ...(options.ca === undefined ? { rejectUnauthorized: false } : { ca: options.ca }),
      },
      (res) => {
        const certificate = (res.socket as TLSSocket).getPeerCertificate(true);
        const fingerprintSha256 = new X509Certificate(certificate.raw).fingerprint256.replaceAll(':', '').toLowerCase();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, fingerprintSha256 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
