import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpServer, request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ProxyOptions {
  readonly host: string;
  /** The origin requests are passed to, e.g. http://198.51.100.254:8080. */
  readonly target: string;
  /** Serve HTTPS with this certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Rewrites the body of answers for this path; the answer is buffered and sent unencoded. */
  readonly rewrite?: { readonly path: string; readonly body: (original: Buffer) => Buffer };
}

export interface Proxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A reverse proxy in front of the control plane, standing in for what can sit between a box
 * and it: a TLS terminator with a certificate of its own, or a middlebox that alters a download.
 */
export async function startProxy(options: ProxyOptions): Promise<Proxy> {
  const target = new URL(options.target);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const rewrite = options.rewrite !== undefined && req.url === options.rewrite.path ? options.rewrite : null;
    const headers = { ...req.headers, host: target.host };
    if (rewrite !== null) delete headers['accept-encoding'];
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      if (rewrite === null) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = rewrite.body(Buffer.concat(chunks));
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': String(body.length) });
        res.end(body);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = options.tls === undefined ? createHttpServer(handler) : createHttpsServer(options.tls, handler);
  await new Promise<void>((resolve) => server.listen(0, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
