import { createHash, X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';

/** `sha256//<base64>` of a certificate's public key: curl's `--pinnedpubkey` form. */
export const PIN_PATTERN = /^sha256\/\/[A-Za-z0-9+/]{43}=$/;

export function publicKeyPin(certificate: X509Certificate): string {
  return `sha256//${createHash('sha256').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64')}`;
}

/** The server's key did not match the pin the agent was given. */
export class PinMismatchError extends Error {
  constructor(
    readonly origin: string,
    readonly pin: string,
    readonly presented: string,
  ) {
    super(`the control plane at ${origin} presented the key ${presented}, not the pinned ${pin}: it is not the control plane the install command came from, or its key was replaced`);
    this.name = 'PinMismatchError';
  }
}

const pinOf = (certificate: PeerCertificate) => publicKeyPin(new X509Certificate(certificate.raw));

/**
 * A `fetch` for one HTTPS server whose self-signed certificate no CA vouches for: the server's
 * public key must hash to `pin`, and the chain and host name are not consulted (the pin is the
 * stronger check, and it holds across a renewal that keeps the key). The request body is sent
 * only after the TLS handshake showed the pinned key.
 */
export function pinnedFetch(pin: string): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init?.method ?? 'GET',
          headers: { ...(init?.headers as Record<string, string> | undefined), ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) },
          // Chain checks are replaced by the pin, checked on 'secureConnect' below before anything is written.
          rejectUnauthorized: false,
          agent: false,
          ...(init?.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 502, headers }));
          });
        },
      );
      req.on('error', reject);
      req.on('socket', (socket) => {
        socket.once('secureConnect', () => {
          const presented = pinOf((socket as TLSSocket).getPeerCertificate(true));
          if (presented !== pin) {
            req.destroy(new PinMismatchError(url.origin, pin, presented));
            return;
          }
          req.end(body);
        });
      });
    });
  }) as typeof fetch;
}
