import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../config/app-config';
import { JWT_KEY_FILE_NAME, loadJwtSecret } from './jwt-secret';

describe('loadJwtSecret', () => {
  it('creates DATA_DIR/jwt.key with mode 0600 once, and reuses it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wom-jwt-'));
    const config = loadAppConfig({ DATA_DIR: dataDir, AUTH_MODE: 'multi-user' });
    const first = await loadJwtSecret(config);
    const path = join(dataDir, JWT_KEY_FILE_NAME);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect(await loadJwtSecret(config)).toBe(first);
    expect(readFileSync(path, 'utf8').trim()).toBe(first);
  });

  it('prefers JWT_SECRET, and writes nothing in single-user mode', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wom-jwt-'));
    expect(await loadJwtSecret(loadAppConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(40) }))).toBe('s'.repeat(40));
    await loadJwtSecret(loadAppConfig({ DATA_DIR: dataDir }));
    expect(() => statSync(join(dataDir, JWT_KEY_FILE_NAME))).toThrow();
  });
});
