import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/nats-server';
import { parseDockerfile, stageOf, type StageSummary } from './dockerfile';
import { copyLikeDocker, inRoot, nodeModulesAbove, REPO_ROOT } from './image-root';
import { run, start, waitFor, type StartedProcess } from './processes';

/**
 * The control plane's image, reproduced without Docker: the staging command the Dockerfile's
 * build stage runs is run here, exactly what each `COPY --from=build` line copies goes into an
 * empty directory standing in for the image's `/`, and the ENTRYPOINT starts there with the
 * Dockerfile's ENV. Only HOST (loopback), PORT, NATS_PORT and DATA_DIR are changed, so nothing
 * listens beyond this machine. A module the bundle needs but the image lacks stops the start,
 * and this spec with it. Node and nats-server come from this machine, as the same Debian
 * packages' binaries would in the image.
 */
const DOCKERFILE = join(REPO_ROOT, 'control-plane', 'Dockerfile');
/** Generous: a cold PGlite database on a loaded two-core machine takes tens of seconds. */
const READY_DEADLINE_MS = 120_000;
/** Debian's default PATH, which the runtime stage keeps. */
const IMAGE_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** What the build stage's RUN lines build, made here only when missing (nx builds them before this spec). */
const PREREQUISITES = [
  { file: 'ui/dist/console/browser/index.html', argv: ['npx', 'nx', 'run', 'ui:build', '--outputStyle=stream'] },
  { file: 'agent/dist/install.sh', argv: [process.execPath, 'agent/build.mjs'] },
];

describe('the control plane image (control-plane/Dockerfile, run without Docker)', () => {
  let build: StageSummary;
  let image: StageSummary;
  let root: string;
  let dataDir: string;
  let port: number;
  let natsPort: number;
  let env: Record<string, string>;
  let server: StartedProcess | null = null;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  beforeAll(async () => {
    const stages = parseDockerfile(await readFile(DOCKERFILE, 'utf8'));
    build = stageOf(stages, 'build');
    image = stageOf(stages);
    for (const { file, argv } of PREREQUISITES) {
      if (existsSync(join(REPO_ROOT, file))) continue;
      const made = await run(argv, { cwd: REPO_ROOT, env: process.env }, 600_000);
      if (made.code !== 0) throw new Error(`${argv.join(' ')} failed:\n${made.output}`);
    }
    const staging = build.runs.join(' ').match(/node (control-plane\/build\.mjs --image \S+)/);
    if (!staging?.[1]) throw new Error('the build stage does not stage the image with `node control-plane/build.mjs --image DIR`');
    const staged = await run([process.execPath, ...staging[1].split(' ')], { cwd: REPO_ROOT, env: process.env }, 300_000);
    if (staged.code !== 0) throw new Error(`staging failed:\n${staged.output}`);

    root = await mkdtemp(join(tmpdir(), 'wom-image-'));
    dataDir = await mkdtemp(join(tmpdir(), 'wom-image-data-'));
    for (const line of image.copies) {
      if (line.from !== 'build') throw new Error(`the runtime stage copies from ${line.from ?? 'the build context'}; only the build stage is reproduced`);
      await copyLikeDocker(line, root, build.workdir);
    }
    [port, natsPort] = await Promise.all([freePort(), freePort()]);
    env = {
      ...image.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      NATS_PORT: String(natsPort),
      DATA_DIR: dataDir,
      // What Docker itself provides: the base image's PATH (what COPY put under / first, then the
      // system directories apt installs to) and the USER's home.
      PATH: [...IMAGE_PATH.map((dir) => inRoot(root, dir)), ...IMAGE_PATH].join(':'),
      HOME: dataDir,
    };
    server = start([...image.entrypoint, ...image.cmd], { cwd: inRoot(root, image.workdir), env });
    await waitFor('/readyz answered 200', async () => ((await fetch(url('/readyz'))).status === 200 ? true : null), server, READY_DEADLINE_MS);
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
    await Promise.all([root, dataDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  }, 60_000);

  it('is a runtime stage that runs as a non-root user, with a health check, its data on a volume and its ports exposed', () => {
    expect(['debian:bookworm-slim', 'node:20-bookworm-slim']).toContain(image.from);
    expect(image.user).not.toBeNull();
    expect(['root', '0']).not.toContain(image.user);
    expect(image.healthcheck).not.toBeNull();
    expect(image.volumes).toContain(image.env['DATA_DIR']);
    expect(image.expose).toEqual(expect.arrayContaining([image.env['PORT'], image.env['NATS_PORT']]));
    // Everything is built in the build stage: the runtime installs only Debian packages.
    expect(image.runs.join('\n')).not.toMatch(/\bnpm\b|\bnpx\b/);
    expect(image.copies.every((line) => line.from === 'build')).toBe(true);
  });

  it('runs from the copied files alone: no node_modules above them, none missing', async () => {
    expect(nodeModulesAbove(inRoot(root, image.workdir))).toEqual([]);
    expect(server?.running).toBe(true);
    expect(server?.output).not.toMatch(/ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|Cannot find (module|package)|is missing\. Please, make sure to install it/);
    const body = (await (await fetch(url('/readyz'))).json()) as { status: string };
    expect(body.status).toBe('ok');
  });

  it('starts the embedded nats-server that agents connect to', async () => {
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = connect(natsPort, '127.0.0.1');
      socket.setTimeout(10_000, () => socket.destroy(new Error('no NATS greeting in 10 s')));
      socket.once('data', (chunk) => {
        socket.destroy();
        resolve(chunk.toString());
      });
      socket.once('error', reject);
    });
    expect(greeting).toMatch(/^INFO /);
  });

  it('serves the console at /', async () => {
    const response = await fetch(url('/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<wom-root');
  });

  it('serves the OpenAPI document and its browser at /api/docs, with swagger-ui assets', async () => {
    const docs = await fetch(url('/api/docs'));
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui-bundle.js');
    const bundle = await fetch(url('/api/docs/swagger-ui-bundle.js'));
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const document = (await (await fetch(url('/api/docs-json'))).json()) as { openapi?: string };
    expect(document.openapi).toMatch(/^3\./);
  });

  it('passes its HEALTHCHECK', async () => {
    const check = image.healthcheck!;
    const result = await run(check.command, { cwd: inRoot(root, image.workdir), env }, 60_000);
    expect(result).toEqual({ code: 0, output: '' });
  });

  it('serves the agent it carries: the installer and the executable', async () => {
    const dist = inRoot(root, join(image.workdir, 'agent', 'dist'));
    expect(existsSync(join(dist, 'install.sh'))).toBe(true);
    const script = await fetch(url('/install/agent.sh'));
    expect(script.status).toBe(200);
    expect(await script.text()).toMatch(/^#!\/bin\/sh/);
    const executable = await stat(join(dist, 'wom-agent-linux-x64')).catch(() => null);
    if (executable) {
      const head = await fetch(url('/install/wom-agent-linux-x64'), { method: 'HEAD', headers: { 'Accept-Encoding': 'identity' } });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBe(executable.size);
    }
  });
});
