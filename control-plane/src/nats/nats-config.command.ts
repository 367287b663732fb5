import { parseArgs } from 'node:util';
import type { AppConfig } from '../config/app-config';
import { writeNatsServerConfig } from './embedded-nats';
import { loadNatsKeys, NatsTrust } from './nats-identity';
import { ensureNatsTls, natsTlsNames } from './tls/nats-tls';

/**
 * `main.js nats-config [--listen HOST:PORT] [--server-name NAME] [--tls-name HOST]…`: writes the
 * operator-mode server configuration for a nats-server run separately (docker-compose.yml
 * does), from the same keys under DATA_DIR the control plane signs agents' credentials with.
 * Unless NATS_TLS=false the server requires TLS, with a certificate from the same CA as the
 * embedded server's, for the listen address, PUBLIC_URL's and NATS_AGENT_URLS' hosts, loopback
 * and every --tls-name. Returns the exit code.
 */
export async function natsConfigCommand(config: AppConfig, args: readonly string[], print: (text: string) => void): Promise<number> {
  let values: { listen?: string; 'server-name'?: string; 'tls-name'?: string[] };
  try {
    ({ values } = parseArgs({ args: [...args], options: { listen: { type: 'string' }, 'server-name': { type: 'string' }, 'tls-name': { type: 'string', multiple: true } }, strict: true }));
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
  const extra = values['tls-name'] ?? [];
  if (extra.some((name) => !/^[A-Za-z0-9.:-]{1,253}$/.test(name))) {
    print('nats-config: --tls-name must be a host name or an IP address.\n');
    return 64;
  }
  const host = listen.groups!['host']!.replace(/^\[(.*)\]$/, '$1');
  const trust = new NatsTrust(await loadNatsKeys(config.dataDir, config.nats.seeds));
  const tls = config.nats.tls ? await ensureNatsTls(config.dataDir, natsTlsNames({ publicUrl: config.publicUrl, listen: host, agentUrls: config.nats.agentUrls, extra })) : null;
  const path = await writeNatsServerConfig(trust, { dataDir: config.dataDir, host: listen.groups!['host']!, port, serverName, tlsFile: tls?.serverFile ?? null });
  const trustHint = tls ? `; clients connect with tls:// and NATS_CA_FILE=${tls.caFile}` : ' (no TLS: NATS_TLS=false)';
  print(`nats-config: wrote ${path}${trustHint}; run nats-server -c ${path}\n`);
  return 0;
}
