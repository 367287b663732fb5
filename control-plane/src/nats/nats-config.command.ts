import { parseArgs } from 'node:util';
import type { AppConfig } from '../config/app-config';
import { writeNatsServerConfig } from './embedded-nats';
import { loadNatsKeys, NatsTrust } from './nats-identity';

/**
 * `main.js nats-config [--listen HOST:PORT] [--server-name NAME]`: writes the operator-mode
 * server configuration for a nats-server run separately (docker-compose.yml does), from the
 * same keys under DATA_DIR the control plane signs agents' credentials with. Returns the exit code.
 */
export async function natsConfigCommand(config: AppConfig, args: readonly string[], print: (text: string) => void): Promise<number> {
  let values: { listen?: string; 'server-name'?: string };
  try {
    ({ values } = parseArgs({ args: [...args], options: { listen: { type: 'string' }, 'server-name': { type: 'string' } }, strict: true }));
  } catch (error) {
    print(`nats-config: ${(error as Error).message}\n`);
    return 64; // EX_USAGE
  }
  const listen = /^(?<host>[0-9.]+|\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(?<port>\d{1,5})$/.exec(values.listen ?? '0.0.0.0:4222');
  const port = Number(listen?.groups?.['port']);
  if (!listen || port < 1 || port > 65535) {
    print(`nats-config: --listen must be HOST:PORT, like 0.0.0.0:4222; got "${values.listen}".\n`);
    return 64;
  }
  const serverName = values['server-name'] ?? 'wom';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(serverName)) {
    print('nats-config: --server-name may use letters, digits, "_" and "-".\n');
    return 64;
  }
  const trust = new NatsTrust(await loadNatsKeys(config.dataDir, config.nats.seeds));
  const path = await writeNatsServerConfig(trust, { dataDir: config.dataDir, host: listen.groups!['host']!, port, serverName });
  print(`nats-config: wrote ${path}; run nats-server -c ${path}\n`);
  return 0;
}
