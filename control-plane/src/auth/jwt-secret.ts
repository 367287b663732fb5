import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { loadOrCreateKeyFile } from '../secrets';

export const JWT_KEY_FILE_NAME = 'jwt.key';

/**
 * The HS256 signing secret: JWT_SECRET when set, else `DATA_DIR/jwt.key` (32 random bytes,
 * created 0600 at first start, so tokens survive restarts). Single-user mode issues no
 * tokens, so it gets a throwaway secret and writes nothing.
 */
export async function loadJwtSecret(config: AppConfig): Promise<string> {
  if (config.jwtSecret !== null) return config.jwtSecret;
  if (config.authMode === 'single-user') return randomBytes(32).toString('base64');
  const { key } = await loadOrCreateKeyFile(join(config.dataDir, JWT_KEY_FILE_NAME));
  return key.toString('base64');
}
