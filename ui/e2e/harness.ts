import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The workspace root: the nearest folder up from here holding nx.json (this file is also bundled into the benchmarks). */
function findRepo(start: string): string {
  for (let dir = start, i = 0; i < 10; i++, dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  return resolve(__dirname, '..', '..');
}
export const REPO = findRepo(process.cwd());
export const SCREENSHOTS = join(REPO, 'tmp', 'e2e-screenshots');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Ports this process has handed out: the system may offer a just-closed port again at once. */
const handedOut = new Set<number>();

/**
 * A loopback port no listener holds and this process has not handed out before: a control
 * plane's HTTP and NATS ports, asked for in a row, must differ. (The console's e2e code may not
 * import the RouterOS library's helper, which does the same for the other suites.)
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolvePort, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: given } = server.address() as { port: number };
        server.close(() => resolvePort(given));
      });
    });
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no loopback port this process had not handed out already after 50 attempts');
}

/** The real control plane, built from source, with its own embedded database, serving the built console. */
export class ControlPlane {
  private process: ChildProcess | null = null;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'wom-ui-e2e-'));
  private database: string | null = null;
  private built = false;
  output = '';
  constructor(readonly port: number, private readonly natsPort: number, private env: Record<string, string> = { AUTH_MODE: 'single-user' }) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // WOM_E2E_CONSOLE_DIR: a console built elsewhere (`ng build --output-path`), so builds side by side don't share one folder.
    const consoleDir = process.env['WOM_E2E_CONSOLE_DIR'] ? join(process.env['WOM_E2E_CONSOLE_DIR'], 'browser') : join(REPO, 'ui', 'dist', 'console', 'browser');
    if (!existsSync(join(consoleDir, 'index.html'))) throw new Error('Build the console first: npx nx run ui:build');
    if (!this.built) {
      const build = spawnSync(process.execPath, ['control-plane/build.mjs'], { cwd: REPO, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`control-plane build failed: ${build.stderr}`);
      this.built = true;
    }
    if (this.env['DATABASE_URL'] === 'postgres') {
      // A throwaway database on the local PostgreSQL server, like the integration specs use.
      this.database = `wom_test_ui_${randomBytes(6).toString('hex')}`;
      psql(`CREATE DATABASE ${this.database}`);
      this.env = { ...this.env, DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${this.database}` };
    }
    this.process = spawn(process.execPath, ['control-plane/dist/main.js'], {
      cwd: REPO,
      // ROUTER_ALLOW_LOOPBACK: the specs' emulated routers listen on 127.0.0.1.
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: String(this.port), HOST: '127.0.0.1', DATA_DIR: this.dataDir, LOG_LEVEL: 'warn', NATS_PORT: String(this.natsPort), CONSOLE_DIR: consoleDir, ROUTER_ALLOW_LOOPBACK: 'true', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`control plane exited: ${this.output}`);
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`control plane did not become ready in 60 s: ${this.output}`);
  }

  /** The first admin's one-time password, printed once at a multi-user start. */
  get bootstrapPassword(): string | null {
    return /one-time password: (\S+)/.exec(this.output)?.[1] ?? null;
  }

  /** Test setup through the API (what a second operator might have done). */
  async api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    const response = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Runs SQL in this control plane's own PostgreSQL database (DATABASE_URL: 'postgres' only): a change no API call announces. */
  sql(statement: string): void {
    if (!this.database) throw new Error('sql() needs a ControlPlane started with DATABASE_URL: postgres');
    psql(statement, this.database);
  }

  /** Stops the process and keeps its data, so start() brings the same control plane back on the same port (an outage). */
  async halt(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  }

  async stop(): Promise<void> {
    await this.halt();
    rmSync(this.dataDir, { recursive: true, force: true });
    if (this.database) psql(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }
}

/**
 * playwright-core resolved at run time from the workspace: the benchmark runner bundles its
 * cases with esbuild, and playwright-core cannot be bundled (it reads its own package.json).
 */
function loadChromium(): typeof import('playwright-core').chromium {
  const load = createRequire(join(REPO, 'package.json'));
  const name = 'playwright-core';
  return (load(name) as typeof import('playwright-core')).chromium;
}

function psql(sql: string, database = 'postgres'): void {
  const result = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed (${sql}): ${result.stderr}`);
}

export class Browser_ {
  browser: Browser | null = null;
  context: BrowserContext | null = null;
  async open(): Promise<Page> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    this.browser = await loadChromium().launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    this.context = await this.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    return this.context.newPage();
  }
  async close(): Promise<void> {
    await this.browser?.close();
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
