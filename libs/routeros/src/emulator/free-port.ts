import { createServer } from 'node:net';

/**
 * A loopback TCP port nobody listened on a moment ago. Emulated routers, test servers and
 * demos bind to it next; the short gap before they do is harmless on a test machine.
 */
export function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('the system handed out no port'))));
    });
  });
}
