import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMasterKey, loadOrCreateKeyFile, parseMasterKey } from './master-key.loader';

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));

describe('parseMasterKey', () => {
  it.each([
    ['hex', KEY.toString('hex')],
    ['upper-case hex', KEY.toString('hex').toUpperCase()],
    ['base64', KEY.toString('base64')],
    ['unpadded base64', KEY.toString('base64').replace(/=$/, '')],
    ['base64url', KEY.toString('base64url')],
    ['base64 with a trailing newline', `${KEY.toString('base64')}\n`],
  ])('reads %s', (_label, text) => {
    expect(parseMasterKey(text, 'WOM_MASTER_KEY')).toEqual(KEY);
  });

  it.each([
    ['16 bytes of hex', KEY.subarray(0, 16).toString('hex')],
    ['48 bytes of base64', Buffer.alloc(48, 1).toString('base64')],
    ['31 bytes of base64', Buffer.alloc(31, 1).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['an empty value', ''],
  ])('refuses %s with a clear message that does not echo the value', (_label, text) => {
    let message = '';
    expect(() => {
      try {
        parseMasterKey(text, 'WOM_MASTER_KEY');
      } catch (error) {
        message = (error as Error).message;
        throw error;
      }
    }).toThrow(expect.objectContaining({ code: 'SECRETS.INVALID_MASTER_KEY' }));
    expect(message).toContain('WOM_MASTER_KEY must be 32 random bytes');
    expect(message).toContain('openssl rand -base64 32');
    if (text !== '') expect(message).not.toContain(text);
  });
});

describe('master key file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wom-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers WOM_MASTER_KEY and then touches no file', async () => {
    const loaded = await loadMasterKey({ environmentValue: KEY.toString('hex'), dataDir: join(dir, 'data') });
    expect(loaded).toEqual({ key: KEY, source: 'environment', created: false });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates a 0600 key file on first start, in a 0700 directory it makes', async () => {
    const dataDir = join(dir, 'data');
    const first = await loadMasterKey({ environmentValue: '  ', dataDir });
    expect(first).toMatchObject({ source: 'key-file', path: join(dataDir, 'master.key'), created: true });
    expect(first.key).toHaveLength(32);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dataDir)).toEqual(['master.key']);

    const second = await loadMasterKey({ dataDir });
    expect(second).toMatchObject({ created: false });
    expect(second.key).toEqual(first.key);
  });

  it('writes 0600 even under a permissive umask', async () => {
    const previous = process.umask(0o000);
    try {
      const { created } = await loadOrCreateKeyFile(join(dir, 'master.key'));
      expect(created).toBe(true);
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it.each([0o644, 0o640, 0o604, 0o660])('refuses a key file with mode %o, saying how to fix it', async (mode) => {
    const path = join(dir, 'master.key');
    writeFileSync(path, KEY.toString('base64'));
    chmodSync(path, mode);
    const failure = loadOrCreateKeyFile(path);
    await expect(failure).rejects.toMatchObject({ code: 'SECRETS.KEY_FILE_INSECURE' });
    await expect(loadOrCreateKeyFile(path)).rejects.toThrow(`chmod 600 ${path}`);
    await expect(loadOrCreateKeyFile(path)).rejects.not.toThrow(KEY.toString('base64'));
  });

  it('accepts an existing key file with mode 0400', async () => {
    const path = join(dir, 'master.key');
    writeFileSync(path, KEY.toString('hex'), { mode: 0o400 });
    await expect(loadOrCreateKeyFile(path)).resolves.toEqual({ key: KEY, created: false });
  });

  it('refuses a directory in place of the key file', async () => {
    mkdirSync(join(dir, 'master.key'));
    await expect(loadOrCreateKeyFile(join(dir, 'master.key'))).rejects.toMatchObject({ code: 'SECRETS.KEY_FILE_INSECURE' });
  });

  it('follows a symlink to a private key file (mounted secrets)', async () => {
    writeFileSync(join(dir, 'real.key'), KEY.toString('base64'), { mode: 0o600 });
    symlinkSync(join(dir, 'real.key'), join(dir, 'master.key'));
    await expect(loadOrCreateKeyFile(join(dir, 'master.key'))).resolves.toEqual({ key: KEY, created: false });
  });

  it('refuses a key file of the wrong size', async () => {
    writeFileSync(join(dir, 'master.key'), Buffer.alloc(16).toString('hex'), { mode: 0o600 });
    await expect(loadOrCreateKeyFile(join(dir, 'master.key'))).rejects.toMatchObject({ code: 'SECRETS.INVALID_MASTER_KEY' });
  });

  it('gives one key to concurrent starts in one process', async () => {
    const path = join(dir, 'master.key');
    const results = await Promise.all(Array.from({ length: 20 }, () => loadOrCreateKeyFile(path)));
    expect(new Set(results.map((r) => r.key.toString('hex'))).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['master.key']);
  });

  it('gives one key to concurrent starts in separate processes', async () => {
    const path = join(dir, 'master.key');
    // The real loader in separate processes (tsx compiles it), racing this one.
    const root = join(__dirname, '..', '..', '..');
    const script = `import { loadOrCreateKeyFile } from ${JSON.stringify(join(__dirname, 'master-key.loader.ts'))};
      loadOrCreateKeyFile(process.argv[process.argv.length - 1]).then((r) => process.stdout.write(r.key.toString('base64') + '\\n'));`;
    const runs = Array.from(
      { length: 6 },
      () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['-e', script, path], { cwd: root });
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
        }),
    );
    const outputs = await Promise.all([...runs, loadOrCreateKeyFile(path).then((r) => `${r.key.toString('base64')}\n`)]);
    expect(new Set(outputs).size).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe(outputs[0]);
    expect(readdirSync(dir)).toEqual(['master.key']);
  }, 60_000);
});
