import { createServer, type Server } from 'node:http';

/**
 * A plain-HTTP listener (HTTP_REDIRECT_PORT) that sends every request to the same path on
 * PUBLIC_URL with 308, so a browser typing http:// lands on HTTPS and a POST stays a POST.
 * The target's host is always PUBLIC_URL's, never the request's Host header.
 */
export function createRedirectServer(publicUrl: string): Server {
  const base = publicUrl.replace(/\/+$/, '');
  const basePath = new URL(base).pathname.replace(/\/+$/, '');
  return createServer((req, res) => {
    const path = req.url?.startsWith('/') ? req.url : '/';
    // A request already carrying PUBLIC_URL's path prefix keeps it once.
    const target = basePath !== '' && path.startsWith(`${basePath}/`) ? `${new URL(base).origin}${path}` : `${base}${path}`;
    res.writeHead(308, { Location: target, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    res.end(`This control plane is served over HTTPS: ${target}\n`);
  });
}
