export { loadMasterKey, loadOrCreateKeyFile, MASTER_KEY_FILE_NAME, parseMasterKey, type LoadedMasterKey, type LoadMasterKeyOptions } from './master-key.loader';
export { isSensitiveKey, REDACTED, redactSecrets } from './redact-secrets.util';
export { MASTER_KEY_BYTES, SECRET_BOX_VERSION, SecretBox, type RandomBytes } from './secret-box';
