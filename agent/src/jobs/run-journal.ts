import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isValidAgentId } from '@wom/contracts';

/** A router job run between its backup and its end, as it survives on disk. */
export interface JournalEntry {
  readonly runId: string;
  readonly jobId: string;
  readonly targetPeerId: string;
  readonly jobType: string;
  /** `backupDigest()` of the backup the run sent before its first write. */
  readonly backupDigest: string;
  /** The last step the run reached. */
  readonly step: string;
  readonly startedAtMs: number;
}

/**
 * One small file per run that may write to a router, from the moment its backup is stored
 * until it ends (restored or not, the engine's own rollback included). A run still here when
 * the agent starts was cut off by a crash, a kill or a power loss: the router may be
 * partly configured, and only the control plane holds the backup to restore it. Files are
 * 0600 in the state directory and replaced by rename, so a crash never leaves half of one.
 */
export class RunJournal {
  private readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'runs');
  }

  async begin(entry: JournalEntry): Promise<void> {
    await this.write(entry);
  }

  async step(runId: string, step: string): Promise<void> {
    const entry = await this.read(runId);
    if (entry !== null && entry.step !== step) await this.write({ ...entry, step });
  }

  async end(runId: string): Promise<void> {
    if (!isValidAgentId(runId)) return;
    await rm(join(this.dir, `${runId}.json`), { force: true });
  }

  /** Every run a crash cut off, oldest first; unreadable files are dropped. */
  async unfinished(): Promise<JournalEntry[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries: JournalEntry[] = [];
    for (const name of names.filter((file) => file.endsWith('.json'))) {
      const entry = await this.read(name.slice(0, -'.json'.length));
      if (entry !== null) entries.push(entry);
    }
    return entries.sort((a, b) => a.startedAtMs - b.startedAtMs);
  }

  private async read(runId: string): Promise<JournalEntry | null> {
    if (!isValidAgentId(runId)) return null;
    try {
      return JSON.parse(await readFile(join(this.dir, `${runId}.json`), 'utf8')) as JournalEntry;
    } catch {
      return null;
    }
  }

  private async write(entry: JournalEntry): Promise<void> {
    if (!isValidAgentId(entry.runId)) throw new Error(`run id ${entry.runId} cannot name a journal file`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = join(this.dir, `${entry.runId}.json`);
    const staging = `${target}.${process.pid}.tmp`;
    await writeFile(staging, JSON.stringify(entry), { mode: 0o600 });
    await rename(staging, target);
  }
}
