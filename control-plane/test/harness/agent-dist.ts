import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FakeAgentDist {
  readonly dir: string;
  readonly executable: Buffer;
  readonly sha256: string;
  remove(): void;
}

/**
 * A stand-in for `agent/dist` (AGENT_DIST_DIR) with the build's file names and formats, so
 * specs of the /install routes do not depend on whether the real agent was built.
 */
export function fakeAgentDist(): FakeAgentDist {
  const dir = mkdtempSync(join(tmpdir(), 'wom-agent-dist-'));
  const executable = Buffer.from(`\x7fELF pretend executable ${'x'.repeat(4096)}`);
  const sha256 = createHash('sha256').update(executable).digest('hex');
  writeFileSync(join(dir, 'install.sh'), "#!/bin/sh\nSERVER='@WOM_SERVER@'\necho \"$SERVER\"\n");
  writeFileSync(join(dir, 'wom-agent-linux-x64'), executable);
  writeFileSync(join(dir, 'wom-agent-linux-x64.gz'), gzipSync(executable));
  writeFileSync(join(dir, 'wom-agent-linux-x64.sha256'), `${sha256}  wom-agent-linux-x64\n`);
  writeFileSync(join(dir, 'agent.md'), '# The site agent\n');
  return { dir, executable, sha256, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
