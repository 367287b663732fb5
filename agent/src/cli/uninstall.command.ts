import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ExecaCommandRunner } from '../linux/command-runner';
import { linuxSystemPorts } from '../linux/linux-system.adapters';
import { removeAppliedState } from '../linux/remove-applied-state';
import { AgentStateStore, APPLIED_STATE_FILES } from '../state/agent-state.store';
import { isProcessAlive } from '../status/process-alive';

export interface UninstallOptions {
  readonly stateDir: string;
  readonly netns: string | null;
  /** Also deletes the identity and keys: the box would have to enroll again. */
  readonly purge: boolean;
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
