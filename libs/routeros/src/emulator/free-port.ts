import { createServer } from 'node:net';

/** Ports this process has handed out: the system may offer a just-closed port again at once. */
const handedOut = new Set<number>();
const ATTEMPTS = 50;

function askTheSystem(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('the system handed out no port'))));
    });
  });
}

/**
 * A loopback TCP port nobody listened on a moment ago, and one this process has not handed out
 * before: two asked for in a row (a control plane's HTTP and NATS ports) must differ, or the
 * second listener fails with EADDRINUSE. Emulated routers, test servers and demos bind to it
 * next; the short gap before they do is harmless on a test machine.
 */
export async function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await askTheSystem(host);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no loopback port this process had not handed out already after ${ATTEMPTS} attempts`);
}
