import type { RouterOsClient } from '@wom/routeros';
import type { PeerEntity } from '../database/entities';
import type { RouterCallRecord } from '../jobs/runner/job-executor';
import type { RouterClientFactory } from '../mikrotik/router-client.factory';

interface Kept {
  readonly settings: string;
  readonly client: RouterOsClient;
  /** The calls of the read under way; a router's reads never overlap (one per round, rounds in turn). */
  readonly log: { calls: RouterCallRecord[] };
}

/** What a client is built from: a change of any of these (a new password included) builds a new one. */
const settingsOf = (router: PeerEntity): string =>
  JSON.stringify([router.mikrotikManagementIp, router.mikrotikApiPort, router.mikrotikUseSsl, router.mikrotikUsername, router.mikrotikPassword, router.mikrotikVerifyCert, router.mikrotikCaCertificate, router.mikrotikAuthMethod]);

/**
 * One RouterOS client per monitored router, kept from round to round. Building a client (its
 * connection pool, the password decrypted) and tearing it down cost more CPU than the read
 * itself; a kept one reconnects when the router closed the idle connection, and reuses it when
 * the router keeps it (undici follows the router's keep-alive hint, so a connection is never
 * used after the router would have dropped it). A client whose read failed is dropped, so the
 * next read starts clean.
 */
export class MonitorClients {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly factory: RouterClientFactory,
    private readonly options: { readonly timeoutMs: number },
  ) {}

  /** The router's client, with an empty call log for this read. Throws MIKROTIK.NOT_CONFIGURED for incomplete settings. */
  client(router: PeerEntity): { client: RouterOsClient; calls: () => readonly RouterCallRecord[] } {
    const settings = settingsOf(router);
    let entry = this.kept.get(router.id);
    if (entry && entry.settings !== settings) {
      void this.drop(router.id);
      entry = undefined;
    }
    if (!entry) {
      const log: Kept['log'] = { calls: [] };
      // One connection: the three GETs go one after the other, a connection set-up (and TLS handshake) per read at most.
      const client = this.factory.forPeer(router, { timeoutMs: this.options.timeoutMs, maxAttempts: 1, connections: 1, onCall: (call) => log.calls.push(call) });
      entry = { settings, client, log };
      this.kept.set(router.id, entry);
    }
    const { client, log } = entry;
    log.calls = [];
    return { client, calls: () => log.calls };
  }

  /** Drops a router's client (after a failed read, or a router no longer monitored). */
  async drop(routerId: string): Promise<void> {
    const entry = this.kept.get(routerId);
    this.kept.delete(routerId);
    // Closing only ends its idle connection; a failure there changes nothing for the next read.
    await entry?.client.close().catch(() => undefined);
  }

  /** Closes the clients of routers that are no longer read here (deleted, handed to an agent, address removed). */
  async keepOnly(routerIds: ReadonlySet<string>): Promise<void> {
    await Promise.all([...this.kept.keys()].filter((id) => !routerIds.has(id)).map((id) => this.drop(id)));
  }

  async closeAll(): Promise<void> {
    await this.keepOnly(new Set());
  }
}
