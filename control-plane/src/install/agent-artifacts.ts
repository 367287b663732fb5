import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One file of the built agent as it is served. */
export interface ServedFile {
  readonly path: string;
  readonly sizeBytes: number;
  /** The gzip twin the build made, served to clients that accept it. */
  readonly gzip: { readonly path: string; readonly sizeBytes: number } | null;
  readonly modifiedMs: number;
}

export const EXECUTABLE = 'wom-agent-linux-x64';
export const BUNDLE = 'wom-agent.mjs';
/** The names served under /install, and nothing else from the directory. */
export const SERVED_NAMES = [EXECUTABLE, `${EXECUTABLE}.sha256`, BUNDLE, `${BUNDLE}.sha256`, 'agent.md'] as const;
export type ServedName = (typeof SERVED_NAMES)[number];

const SERVER_PLACEHOLDER = "'@WOM_SERVER@'";
/** The public-key pin of a self-signed control plane; filled with '' otherwise. */
const PIN_PLACEHOLDER = "'@WOM_PIN@'";

/** A single-quoted shell word; the installer reads it back exactly. */
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The agent build (`agent/dist`, or AGENT_DIST_DIR) as the control plane serves it. Files are
 * looked up on each request, so a rebuilt agent is served without a restart; the installer
 * script is read once per build and gets this control plane's public address filled in.
 */
export class AgentArtifacts {
  private installer: { modifiedMs: number; pin: string | null; text: string } | null = null;

  constructor(
    readonly dir: string,
    private readonly publicUrl: string,
    /** The pin installers must check the control plane's key against, when it is self-signed. */
    private readonly pin: () => string | null = () => null,
  ) {}

  async file(name: ServedName): Promise<ServedFile | null> {
    const path = join(this.dir, name);
    const info = await stat(path).catch(() => null);
    if (info === null || !info.isFile()) return null;
    const gz = name === EXECUTABLE ? await stat(`${path}.gz`).catch(() => null) : null;
    // A gzip twin older than the file is stale and would not match the checksum.
    const gzip = gz !== null && gz.mtimeMs >= info.mtimeMs ? { path: `${path}.gz`, sizeBytes: gz.size } : null;
    return { path, sizeBytes: info.size, gzip, modifiedMs: info.mtimeMs };
  }

  /** The installer with this control plane's address (and pin) as its defaults; null when the agent is not built. */
  async installScript(): Promise<string | null> {
    const path = join(this.dir, 'install.sh');
    const info = await stat(path).catch(() => null);
    if (info === null) return null;
    const pin = this.pin();
    if (this.installer?.modifiedMs !== info.mtimeMs || this.installer.pin !== pin) {
      const template = await readFile(path, 'utf8');
      if (!template.includes(SERVER_PLACEHOLDER)) throw new Error(`${path} has no ${SERVER_PLACEHOLDER} to fill in; rebuild the agent.`);
      // An installer built before pinning has no pin placeholder; its commands still work with --ca-cert.
      const text = template.replace(SERVER_PLACEHOLDER, shellQuote(this.publicUrl)).replace(PIN_PLACEHOLDER, shellQuote(pin ?? ''));
      this.installer = { modifiedMs: info.mtimeMs, pin, text };
    }
    return this.installer.text;
  }

  /** The executable's digest as the build recorded it, and its size; null when there is none. */
  async executable(): Promise<{ sha256: string; sizeBytes: number } | null> {
    const [file, sums] = await Promise.all([this.file(EXECUTABLE), readFile(join(this.dir, `${EXECUTABLE}.sha256`), 'utf8').catch(() => null)]);
    const sha256 = sums?.split(/\s/)[0] ?? '';
    return file === null || !/^[0-9a-f]{64}$/.test(sha256) ? null : { sha256, sizeBytes: file.sizeBytes };
  }
}
