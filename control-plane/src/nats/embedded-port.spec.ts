import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseEmbeddedPort, DEFAULT_NATS_PORT, portIsFree } from './embedded-port';

/** Holds `port` on loopback for the test, unless something else already does. */
async function occupy(port: number): Promise<Server | null> {
  if (!(await portIsFree(port))) return null;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
const release = (server: Server | null) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

describe('the embedded nats-server port', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wom-nats-port-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('moves aside when 4222 is taken, says so, and keeps the port it chose', async () => {
    const holder = await occupy(DEFAULT_NATS_PORT);
    try {
      const first = await chooseEmbeddedPort(dataDir);
      expect(first.port).not.toBe(DEFAULT_NATS_PORT);
      expect(first.note).toContain(`port ${DEFAULT_NATS_PORT} is taken`);
      expect((await readFile(join(dataDir, 'nats', 'port'), 'utf8')).trim()).toBe(String(first.port));
      expect(await chooseEmbeddedPort(dataDir)).toEqual({ port: first.port, note: null });
    } finally {
      await release(holder);
    }
  });

  it('leaves a remembered port that is now taken, and says agents must follow', async () => {
    const first = await chooseEmbeddedPort(dataDir);
    const holder = await occupy(first.port);
    try {
      const second = await chooseEmbeddedPort(dataDir);
      expect(second.port).not.toBe(first.port);
      expect(second.note).toMatch(new RegExp(`${first.port}.*taken`));
    } finally {
      await release(holder);
    }
  });
});
