import { RouterOsClient, type RouterOsClientOptions } from '../client/routeros-client';
import { RouterOsEmulator, type AddRouterOptions, type EmulatedRouter } from '../emulator';

export { selfSignedCertificate } from '../emulator';

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

