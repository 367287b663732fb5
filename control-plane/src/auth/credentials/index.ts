export {
  API_KEY_ID_LENGTH,
  API_KEY_PREFIX,
  API_KEY_SECRET_LENGTH,
  apiKeyDisplay,
  generateApiKey,
  hashApiKeySecret,
  parseApiKey,
  verifyApiKeySecret,
  type GeneratedApiKey,
} from './api-key';
export { BOOTSTRAP_PASSWORD_ALPHABET, BOOTSTRAP_PASSWORD_LENGTH, generateBootstrapPassword } from './bootstrap-password';
export { hashPassword, MAX_PASSWORD_LENGTH, needsRehash, PASSWORD_HASH_PARAMETERS, verifyPassword } from './password-hasher';
export { randomString, type RandomBytes } from './random-string.util';
