import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { canonicalIp, refusedAddressReason, routerAddressRules, type RouterAddressRules } from './router-address-rules';

const FIELD = 'mikrotik.managementIp';

/** The refusal of a router address at connection time; kept intact through the HTTP client so the caller sees why. */
export class RouterAddressRefused extends AppError {
  constructor(routerName: string, reason: string) {
    super('MIKROTIK.NOT_CONFIGURED', `Router "${routerName}" was not contacted: ${reason} Change its management address.`, { fields: [{ field: FIELD, reason }] });
  }
}

/** The refusal inside an error the RouterOS client raised, if that is what stopped it. */
export function addressRefusalIn(error: unknown): RouterAddressRefused | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof RouterAddressRefused) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Where a router request may go. Before every new connection the RouterOS client asks here:
 * the host must be the management address of a router stored in the database, and every
 * address it resolves to must pass the address rules; the client then connects to the address
 * checked here, so a name re-pointed after the check cannot redirect the call.
 */
@Injectable()
export class RouterTargetResolver {
  readonly rules: RouterAddressRules;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Database) private readonly database: Database,
  ) {
    this.rules = routerAddressRules(config);
  }

  /** The address to connect to for `peer`'s router at `host` (its stored management address), or a {@link RouterAddressRefused}. */
  async resolve(peer: Pick<PeerEntity, 'id' | 'name'>, host: string, port: number): Promise<string> {
    const stored = await this.database.manager.existsBy(PeerEntity, { id: peer.id, type: 'mikrotik', mikrotikManagementIp: host });
    if (!stored) throw new RouterAddressRefused(peer.name, `${host} is not the management address stored for this router.`);
    const literal = canonicalIp(host);
    const addresses = literal !== null ? [literal] : await resolveName(host);
    for (const address of addresses) {
      const reason = refusedAddressReason(address, port, this.rules);
      if (reason !== null) throw new RouterAddressRefused(peer.name, literal !== null ? reason : `${host} resolves to ${reason}`);
    }
    return addresses[0]!;
  }
}

/**
 * Every address a name resolves to. A name that does not resolve fails with the resolver's own
 * error (ENOTFOUND, EAI_AGAIN), so the RouterOS client reports an unreachable router, as before.
 */
async function resolveName(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  if (found.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((entry) => entry.address);
}
