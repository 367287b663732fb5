import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeNftTable, instanceNftTable } from '@wom/renderers';
import { ExecaCommandRunner } from '../linux/command-runner';
import { linuxSystemPorts } from '../linux/linux-system.adapters';
import type { LinuxSystemPorts } from '../linux/linux-system.port';
import { inspectPreviousTable } from '../linux/nft-table.plan';
import type { AppliedRecord } from '../state/agent-state.store';
import { AgentStateStore, APPLIED_STATE_FILES } from '../state/agent-state.store';
import { isProcessAlive } from '../status/process-alive';

export interface UninstallOptions {
  readonly stateDir: string;
  readonly netns: string | null;
  /** Also deletes the identity and keys: the box would have to enroll again. */
  readonly purge: boolean;
}

/**
 * Removes from the box exactly what this agent instance owns, as its applied record names it:
 * the WireGuard interface (its addresses and routes go with it, and a wireguard-go daemon
 * exits when its device goes) and its own nftables table, `inet wom_<interface>`. The shared
 * `inet wom` of an older agent goes too, but only while it is exactly as this instance
 * recorded loading it. Another agent's interface, routes and table are never touched.
 * Returns one line per thing removed.
 */
export async function removeAppliedState(ports: LinuxSystemPorts, applied: AppliedRecord | null): Promise<string[]> {
  if (applied === null) return [];
  const removed: string[] = [];
  const name = applied.state.interface.name;
  const own = instanceNftTable(name);
  // Decided before anything is deleted, against the tables as this instance left them.
  const previous = await inspectPreviousTable(ports.nft, own, applied.nftRecord);
  if (await ports.network.deleteLink(name)) removed.push(`interface ${name}`);
  if (await ports.nft.deleteTable(own)) removed.push(`nftables table ${describeNftTable(own)}`);
  if (previous.action === 'retire' && (await ports.nft.deleteTable(previous.table))) removed.push(`nftables table ${describeNftTable(previous.table)}`);
  return removed;
}

/** `wom-agent uninstall`: refuses while the daemon runs, since it would put everything back. */
export async function uninstall(options: UninstallOptions): Promise<number> {
  const store = new AgentStateStore(options.stateDir);
  const runtime = await store.readRuntime();
  if (runtime !== null && isProcessAlive(runtime.pid)) {
    console.error(`wom-agent: the agent is running (pid ${runtime.pid}); stop it first ("systemctl stop wom-agent"), then uninstall.`);
    return 1;
  }
  const ports = linuxSystemPorts(new ExecaCommandRunner({ netns: options.netns }));
  const removed = await removeAppliedState(ports, await store.readApplied());
  if (options.purge) {
    await rm(options.stateDir, { recursive: true, force: true });
    removed.push(`identity and keys in ${options.stateDir}`);
  } else {
    await Promise.all(APPLIED_STATE_FILES.map((file) => rm(join(options.stateDir, file), { force: true })));
  }
  console.log(removed.length === 0 ? 'nothing of the agent was left on this box' : `removed ${removed.join(', ')}`);
  if (!options.purge && (await store.readIdentity()) !== null) console.log(`kept the identity in ${options.stateDir}: installing again reuses it (--purge deletes it)`);
  return 0;
}
