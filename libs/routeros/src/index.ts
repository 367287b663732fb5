export * from './emulator';
export type { RouterOsConnectionOptions } from './client/routeros-transport';
export { RouterOsClient, type ListOptions, type PingResult, type PrintOptions, type RouterOsClientOptions, type RouterOsRecord } from './client/routeros-client';
export { RouterOsError, errorFromNetwork, errorFromResponse, isRouterOsError, type RetryClass, type RouterOsErrorCode } from './client/errors';
export { DEFAULT_RETRY_POLICY, backoffDelay, type RetryPolicy } from './client/retry';
export { REDACTED, SECRET_PROPERTIES, redactBody, type RouterOsCallHook, type RouterOsCallLogEntry } from './client/call-log';
export { checkRestCompatibility, isPlainHttpSupported, isRestSupported, parseRouterOsVersion, type RestCompatibility, type RouterOsVersion } from './client/version';
export { readRouterTables } from './client/router-tables';
export { executeApiCall, executeApiCalls } from './client/api-call-executor';
