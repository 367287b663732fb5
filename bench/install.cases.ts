import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box } from '../agent/test/support/box';
import { hostOnInternet } from '../agent/test/support/host-link';
import { buildAll, createDatabase, REPO_ROOT, startControlPlane } from '../agent/test/support/processes';
import { SiteLab } from '../agent/test/support/site-lab';
import { median, type CaseOutcome } from './measure';

const RUNS = 3;
const HOST_IP = '198.51.100.254';
/** Idle memory is sampled this long after the last install, every 5 s; the median of the second half is reported. */
const IDLE_SAMPLE_MS = 60_000;

/** Resident memory of a process in MiB: all of it, and the part backed by files (the executable's pages, shared and reclaimable). */
function memoryOf(pid: number): { rss: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), file: field('RssFile') };
}

/**
 * The site admin's path, timed end to end in network namespaces: `curl …/install/agent.sh |
 * sh -s -- --token …` on a box without Node.js until the installer reports the first handshake
 * with the other site (the installer waits for it). No package is installed (the tools are
 * there), so apt time is excluded as the target says. The floor is the same box downloading
 * the executable alone with curl from the same server. Each run uninstalls with --purge,
 * revokes the agent and installs again with a fresh token.
 */
async function installToHandshake(): Promise<CaseOutcome> {
  await buildAll();
  const workDir = mkdtempSync(join(tmpdir(), 'wom-bench-install-'));
  const lab = SiteLab.create(2);
  const host = hostOnInternet(lab.internet, `${HOST_IP}/24`);
  const database = createDatabase();
  const boxes = [new Box(), new Box()];
  const controlPlane = await startControlPlane(database.url, workDir, { host: HOST_IP });
  try {
    const api = controlPlane.api;
    const wanId = (await api<{ id: string }>('POST', '/wan', { name: 'bench-install', topologyType: 'mesh', tunnelIpRange: '10.79.0.0/24' })).id;
    const peers: string[] = [];
    for (const s of lab.sites) {
      const body = { name: `site-${s.index}`, type: 'server', deploymentMode: 'agent', tunnelIp: `10.79.0.${s.index + 1}`, endpoint: `${s.uplinkIp}:51820`, listenPort: 51820 };
      peers.push((await api<{ id: string }>('POST', `/wan/${wanId}/peers`, body)).id);
    }
    const scriptUrl = `${controlPlane.url}/install/agent.sh`;
    const install = async (i: number, wait: number) => {
      const { token } = await api<{ token: string }>('POST', '/enrollment-tokens', { wanId, peerId: peers[i] });
      const result = await boxes[i]!.install(lab.sites[i]!.site.name, scriptUrl, ['--root', boxes[i]!.root, '--interface', lab.sites[i]!.interfaceName, '--token', token, '--wait', String(wait)]);
      if (result.status !== 0 || (wait > 0 && !/handshake with site-\d/.test(result.stdout))) throw new Error(`install failed:\n${result.stdout}${result.stderr}`);
      return result.ms;
    };
    await install(0, 0);
    const runs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      runs.push(await install(1, 60));
      if (run === RUNS - 1) break;
      const agents = await api<{ items: { id: string; peerId: string; status: string }[] }>('GET', `/agents?wanId=${wanId}`);
      await boxes[1]!.install(lab.sites[1]!.site.name, scriptUrl, ['--root', boxes[1]!.root, '--uninstall', '--purge']);
      for (const agent of agents.items.filter((a) => a.peerId === peers[1] && a.status !== 'revoked')) await api('POST', `/agents/${agent.id}/revoke`);
    }

    // The floor: the executable alone, over the same link, as curl fetches it in the installer.
    const floorStarted = Date.now();
    const floor = spawnSync('ip', ['netns', 'exec', lab.sites[1]!.site.name, 'curl', '-sS', '--compressed', '-o', '/dev/null', `${controlPlane.url}/install/wom-agent-linux-x64`], { timeout: 60_000 });
    const floorMs = Date.now() - floorStarted;
    if (floor.status !== 0) throw new Error(`the floor download failed: ${floor.stderr}`);

    const samples: { rss: number; file: number }[] = [];
    for (let waited = 0; waited < IDLE_SAMPLE_MS; waited += 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      samples.push(memoryOf(boxes[1]!.agentPid()!));
    }
    const steady = samples.slice(samples.length / 2).sort((a, b) => a.rss - b.rss);
    const idle = steady[Math.floor(steady.length / 2)]!;
    const executable = join(REPO_ROOT, 'agent/dist/wom-agent-linux-x64');
    const sizeMb = statSync(executable).size / 2 ** 20;
    const gzipMb = statSync(`${executable}.gz`).size / 2 ** 20;
    const p50 = median(runs);
    return {
      name: 'installer: `curl …/install/agent.sh | sh` on a box without Node.js → first handshake with the other site (namespaces, wireguard-go)',
      target: '≤ 10 s',
      limitMs: 10_000,
      medianMs: p50,
      runs,
      notes: `floor: curl of the executable alone over the same link ${floorMs} ms (ratio ${(p50 / floorMs).toFixed(1)}×). No packages installed (apt time excluded).`,
      related: [
        {
          name: 'wom-agent idle RSS (the single executable, enrolled, one tunnel; median of samples 30–60 s after the install)',
          target: '≤ 60 MB',
          limitMs: Number.POSITIVE_INFINITY,
          passed: idle.rss <= 60,
          medianMs: 0,
          runs: [],
          display: `${idle.rss.toFixed(1)} MB`,
          notes: `of which ${idle.file.toFixed(1)} MB are pages of the executable file (shared, reclaimable) and ${(idle.rss - idle.file).toFixed(1)} MB the process's own memory; a bare \`node\` idling takes ${bareNodeRss().toFixed(1)} MB on this machine.`,
        },
        {
          name: 'wom-agent-linux-x64 executable size (served gzip-compressed)',
          target: 'reported',
          limitMs: Number.POSITIVE_INFINITY,
          medianMs: 0,
          runs: [],
          display: `${sizeMb.toFixed(1)} MiB (${gzipMb.toFixed(1)} MiB gzip)`,
        },
      ],
    };
  } finally {
    boxes.forEach((box) => box.dispose());
    lab.dispose();
    host.dispose();
    await controlPlane.process.stop();
    database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The floor for the RSS row: Node.js itself, idle, doing nothing. */
function bareNodeRss(): number {
  const probe = spawnSync(process.execPath, ['-e', "setTimeout(() => console.log(require('fs').readFileSync('/proc/self/status', 'utf8')), 2000)"], { encoding: 'utf8', timeout: 30_000 });
  return Number(/VmRSS:\s+(\d+) kB/.exec(probe.stdout)?.[1] ?? 0) / 1024;
}

export const INSTALL_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'install-to-handshake': installToHandshake,
};
