import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { EmbeddedNatsServer, NatsServerMissingError } from './embedded-nats';
import { chooseEmbeddedPort } from './embedded-port';
import { loadNatsKeys, NatsTrust } from './nats-identity';
import { ensureNatsTls, natsTlsNames } from './tls/nats-tls';

export class EmbeddedNatsUnavailableError extends Error {}

/**
 * With no NATS_URL, starts the embedded nats-server under DATA_DIR/nats and returns the
 * config pointing at it. The caller stops the server after the app has closed.
 */
export async function withEmbeddedNats(config: AppConfig): Promise<{ config: AppConfig; server: EmbeddedNatsServer | null }> {
  // NATS_LISTEN speaks of the embedded server only; with an external one nothing listens here.
  if (config.nats.url !== null || !config.nats.embeddedEnabled) return { config: { ...config, nats: { ...config.nats, embeddedListen: null } }, server: null };
  const logger = new Logger('EmbeddedNats');
  const trust = new NatsTrust(await loadNatsKeys(config.dataDir, config.nats.seeds));
  try {
    let port = config.nats.embeddedPort;
    if (port === null) {
      const chosen = await chooseEmbeddedPort(config.dataDir);
      if (chosen.note) logger.warn(chosen.note);
      port = chosen.port;
    }
    const listen = config.nats.embeddedListen ?? config.host;
    // TLS unless the operator turned it off: a certificate for every name agents are told, from a CA made once.
    const tls = config.nats.tls ? await ensureNatsTls(config.dataDir, natsTlsNames({ publicUrl: config.publicUrl, listen, agentUrls: config.nats.agentUrls })) : null;
    const server = await EmbeddedNatsServer.start(trust, { dataDir: config.dataDir, port, host: listen, binary: config.nats.serverBinary, logger, tlsFile: tls?.serverFile ?? null });
    logger.log(`embedded nats-server (pid ${server.pid}) listening on ${listen}:${port}${tls ? ' with TLS' : ' without TLS (NATS_TLS=false)'}`);
    // Agents are told the public host name with NATS's port unless NATS_AGENT_URLS says otherwise.
    const agentUrls = config.nats.agentUrls.length > 0 ? config.nats.agentUrls : [`${tls ? 'tls' : 'nats'}://${new URL(config.publicUrl).hostname}:${port}`];
    return { config: { ...config, nats: { ...config.nats, url: server.url, agentUrls, embeddedListen: listen, caFile: tls?.caFile ?? null } }, server };
  } catch (error) {
    const reason = error instanceof NatsServerMissingError ? error.message : `the embedded nats-server did not start: ${(error as Error).message}`;
    throw new EmbeddedNatsUnavailableError(`${reason} Agents cannot connect until it runs; everything else works. Set NATS_EMBEDDED=false to silence this, or NATS_URL for an external server.`);
  }
}
