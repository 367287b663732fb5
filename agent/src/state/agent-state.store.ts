import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesiredState } from '@wom/domain';
import type { ApplyResult, NftRecord } from '../linux/linux-apply.service';

/** Where `wom-agent enroll` stores the agent's identity and `run` keeps its state. */
export const DEFAULT_STATE_DIR = '/var/lib/wom-agent';

/** What enrollment returned; public facts only (the keys live in their own files). */
export interface AgentIdentity {
  readonly agentId: string;
  readonly peerId: string;
  readonly wanId: string;
  readonly peerName: string;
  readonly server: string;
  readonly natsUrls: readonly string[];
  readonly inboxPrefix: string;
  readonly wireguardPublicKey: string;
  readonly natsPublicKey: string;
  /** The X25519 key router passwords are sealed to; absent for agents enrolled before sealing. */
  readonly sealingPublicKey?: string;
  readonly pendingApproval: boolean;
  /** The control plane's public-key pin (`sha256//…`) when its certificate is self-signed. */
  readonly serverPin?: string;
}

/** The last state the agent applied, kept so a restart changes nothing and an offline agent keeps its tunnels. */
export interface AppliedRecord {
  readonly revision: number;
  readonly state: DesiredState;
  readonly nftRecord: NftRecord | null;
  readonly appliedAtMs: number;
}

/** The latest apply attempt, successful or not, for `wom-agent status`. */
export interface LastApply {
  readonly result: ApplyResult;
}

/** How the running daemon is doing, for `wom-agent status` (a separate process). */
export interface AgentRuntime {
  readonly pid: number;
  readonly startedAtMs: number;
  readonly nats: {
    readonly state: 'connecting' | 'connected' | 'disconnected';
    /** The server it is connected to, or was last. */
    readonly server: string | null;
    readonly sinceMs: number;
    /** The latest connection error, if any since the last connect. */
    readonly error: string | null;
  };
}

const FILES = {
  identity: 'identity.json',
  wireguardKey: 'wireguard.key',
  natsSeed: 'nats.seed',
  natsJwt: 'nats.jwt',
  sealingKey: 'sealing.key',
  natsCa: 'nats-ca.pem',
  applied: 'applied.json',
  lastApply: 'last-apply.json',
  runtime: 'runtime.json',
} as const;

/** What `wom-agent uninstall` removes without `--purge`: the applied state, never the identity or keys. */
export const APPLIED_STATE_FILES: readonly string[] = [FILES.applied, FILES.lastApply, FILES.runtime];

/**
 * Files under the state directory, every one 0600 in a 0700 directory: the WireGuard private
 * key, the sealing private key and the NATS seed never leave this box. Writes go to a temporary file first and are
 * renamed into place, so a crash never leaves half a file.
 */
export class AgentStateStore {
  constructor(readonly dir: string = DEFAULT_STATE_DIR) {}

  async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
  }

  readIdentity = () => this.readJson<AgentIdentity>(FILES.identity);
  writeIdentity = (identity: AgentIdentity) => this.writeSecret(FILES.identity, `${JSON.stringify(identity, null, 2)}\n`);
  readApplied = () => this.readJson<AppliedRecord>(FILES.applied);
  writeApplied = (record: AppliedRecord) => this.writeSecret(FILES.applied, JSON.stringify(record));
  /** After the peer was removed: nothing applied is left to restore at the next start. */
  forgetApplied = () => rm(join(this.dir, FILES.applied), { force: true });
  readLastApply = () => this.readJson<LastApply>(FILES.lastApply);
  writeLastApply = (last: LastApply) => this.writeSecret(FILES.lastApply, JSON.stringify(last));
  readRuntime = () => this.readJson<AgentRuntime>(FILES.runtime);
  writeRuntime = (runtime: AgentRuntime) => this.writeSecret(FILES.runtime, JSON.stringify(runtime));

  async readWireGuardKey(): Promise<string | null> {
    return (await this.readText(FILES.wireguardKey))?.trim() ?? null;
  }

  writeWireGuardKey = (privateKey: string) => this.writeSecret(FILES.wireguardKey, `${privateKey}\n`);

  async readNatsCredentials(): Promise<{ seed: string; jwt: string } | null> {
    const [seed, jwt] = await Promise.all([this.readText(FILES.natsSeed), this.readText(FILES.natsJwt)]);
    return seed === null || jwt === null ? null : { seed: seed.trim(), jwt: jwt.trim() };
  }

  async writeNatsCredentials(seed: string, jwt: string): Promise<void> {
    await this.writeSecret(FILES.natsSeed, `${seed}\n`);
    await this.writeSecret(FILES.natsJwt, `${jwt}\n`);
  }

  async readSealingKey(): Promise<string | null> {
    return (await this.readText(FILES.sealingKey))?.trim() ?? null;
  }

  /** The private half of the key router passwords are sealed to; like the WireGuard key, it never leaves the box. */
  writeSealingKey = (privateKey: string) => this.writeSecret(FILES.sealingKey, `${privateKey}\n`);

  /** The CA the NATS server's certificate must chain to (pinned at enrollment); null: the system's CA store. */
  readNatsCa = () => this.readText(FILES.natsCa);
  writeNatsCa = (pem: string) => this.writeSecret(FILES.natsCa, pem);

  private async readText(name: string): Promise<string | null> {
    try {
      return await readFile(join(this.dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private async readJson<T>(name: string): Promise<T | null> {
    const text = await this.readText(name);
    return text === null ? null : (JSON.parse(text) as T);
  }

  private async writeSecret(name: string, content: string): Promise<void> {
    await this.ensureDir();
    const target = join(this.dir, name);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, target);
  }
}
