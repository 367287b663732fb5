import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDockerfile, stageOf, type StageSummary } from './dockerfile';
import { copyLikeDocker, inRoot, REPO_ROOT } from './image-root';
import { run } from './processes';

/**
 * The agent's image, reproduced without Docker: exactly what its runtime stage copies goes into
 * an empty directory, and the ENTRYPOINT runs there with an empty environment (`env -i`): no
 * Node, no PATH, no node_modules. The runtime stage has no Node, so the agent has to be the
 * single executable `node agent/build.mjs` makes.
 */
const DOCKERFILE = join(REPO_ROOT, 'agent', 'Dockerfile');
const EXECUTABLE = 'agent/dist/wom-agent-linux-x64';
/** The tools the agent drives (wg, wireguard-go, nft, ip, ps) and the CA roots its TLS needs. */
const TOOLS = ['wireguard-tools', 'wireguard-go', 'nftables', 'iproute2', 'procps', 'ca-certificates'];

describe('the agent image (agent/Dockerfile, run without Docker)', () => {
  let build: StageSummary;
  let image: StageSummary;
  let root: string;

  beforeAll(async () => {
    const stages = parseDockerfile(await readFile(DOCKERFILE, 'utf8'));
    build = stageOf(stages, 'build');
    image = stageOf(stages);
    // nx builds the agent before this spec; a lone run of the spec builds it the way the build stage does.
    if (!existsSync(join(REPO_ROOT, EXECUTABLE))) {
      expect(build.runs.join('\n')).toContain('node agent/build.mjs');
      const made = await run([process.execPath, 'agent/build.mjs'], { cwd: REPO_ROOT, env: process.env }, 600_000);
      if (made.code !== 0) throw new Error(`node agent/build.mjs failed:\n${made.output}`);
    }
    root = await mkdtemp(join(tmpdir(), 'wom-agent-image-'));
    for (const line of image.copies) {
      if (line.from !== 'build') throw new Error(`the runtime stage copies from ${line.from ?? 'the build context'}; only the build stage is reproduced`);
      await copyLikeDocker(line, root, build.workdir);
    }
  }, 900_000);

  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

  it('is Debian with the tools the agent drives and no Node', () => {
    expect(image.from).toBe('debian:bookworm-slim');
    const installed = image.runs.join(' ').match(/apt-get install ((?:-\S+\s+)*)([^&]+)/)?.[2]?.trim().split(/\s+/) ?? [];
    expect(installed).toEqual(expect.arrayContaining(TOOLS));
    expect(installed.filter((name) => /^node/.test(name))).toEqual([]);
    expect(image.copies).toEqual([{ from: 'build', sources: [`${build.workdir}/${EXECUTABLE}`], destination: '/usr/local/bin/wom-agent' }]);
    expect(image.entrypoint).toEqual(['/usr/local/bin/wom-agent']);
    expect(image.volumes).toContain('/var/lib/wom-agent');
  });

  it('runs its ENTRYPOINT --version with an empty environment (env -i)', async () => {
    const [entrypoint, ...args] = image.entrypoint;
    const result = await run(['/usr/bin/env', '-i', inRoot(root, entrypoint!), ...args, '--version'], { cwd: root, env: {} }, 60_000);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/^wom-agent \d+\.\d+\.\d+ \(protocol [\w.]+\)\n$/);
  });

  it('accepts the CMD it starts with: `run --state-dir` is an option the agent knows', async () => {
    const [entrypoint] = image.entrypoint;
    const result = await run(['/usr/bin/env', '-i', inRoot(root, entrypoint!), '--help'], { cwd: root, env: {} }, 60_000);
    expect(result.code).toBe(0);
    for (const word of image.cmd.filter((part) => !part.startsWith('/'))) expect(result.output).toContain(word);
  });
});
