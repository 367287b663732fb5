/**
 * The routes the bad-input fuzz spec aims at, with their body fields and query keys. The spec
 * checks this list against the routes the app registers, so a new route cannot be missed.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Kind = 'wan' | 'peer' | 'service' | 'conflict' | 'template' | 'job' | 'version' | 'connection' | 'user' | 'apiKey' | 'token' | 'agent' | 'file' | 'session';

export interface Endpoint {
  readonly method: Method;
  /** `:kind` placeholders are replaced by a known id, a random UUID or a bad segment. */
  readonly path: string;
  /** DTO fields; present means the endpoint takes a JSON body. */
  readonly fields?: readonly string[];
  readonly query?: readonly string[];
  /** Changes stored data when it succeeds: known ids then only get guaranteed-invalid bodies. */
  readonly mutates: boolean;
  /** Changes stored data without a body (deletes, regenerations): never aimed at known ids. */
  readonly bodyless?: boolean;
}

const PAGE = ['limit', 'offset'];
const WAN_FIELDS = ['name', 'description', 'tunnelIpRange', 'sharedServicesRange', 'topologyType'];
const PEER_FIELDS = ['name', 'type', 'templateId', 'publicKey', 'tunnelIp', 'endpoint', 'listenPort', 'persistentKeepalive', 'deploymentMode', 'tags', 'subnets'];
const SERVICE_FIELDS = ['name', 'description', 'localIp', 'localPort', 'sharedIp', 'sharedPort', 'protocol', 'isActive'];
const TEMPLATE_FIELDS = ['name', 'description', 'peerType', 'body'];

export const ENDPOINTS: readonly Endpoint[] = [
  { method: 'get', path: '/api/wan', query: ['unknown'], mutates: false },
  { method: 'post', path: '/api/wan', fields: WAN_FIELDS, mutates: true },
  { method: 'get', path: '/api/templates', mutates: false },
  { method: 'get', path: '/api/users', mutates: false },
  { method: 'get', path: '/api/api-keys', mutates: false },
  { method: 'get', path: '/api/auth/me', mutates: false },
  { method: 'get', path: '/api/wan/:wan', mutates: false },
  { method: 'put', path: '/api/wan/:wan', fields: WAN_FIELDS, mutates: true },
  { method: 'delete', path: '/api/wan/:wan', query: ['keepOnDevice', 'force'], mutates: true, bodyless: true },
  { method: 'get', path: '/api/wan/:wan/removal-preview', query: ['keepOnDevice', 'force'], mutates: false },
  { method: 'get', path: '/api/wan/:wan/peers', query: [...PAGE, 'q', 'type', 'status', 'tag', 'subnet', 'sort'], mutates: false },
  { method: 'post', path: '/api/wan/:wan/peers', fields: PEER_FIELDS, mutates: true },
  { method: 'get', path: '/api/peers/:peer', mutates: false },
  { method: 'put', path: '/api/peers/:peer', fields: PEER_FIELDS, mutates: true },
  { method: 'delete', path: '/api/peers/:peer', query: ['keepOnDevice', 'force'], mutates: true, bodyless: true },
  { method: 'get', path: '/api/wan/:wan/services', query: PAGE, mutates: false },
  { method: 'post', path: '/api/peers/:peer/services', fields: SERVICE_FIELDS, mutates: true },
  { method: 'get', path: '/api/services/:service', mutates: false },
  { method: 'put', path: '/api/services/:service', fields: SERVICE_FIELDS, mutates: true },
  { method: 'delete', path: '/api/services/:service', mutates: true, bodyless: true },
  { method: 'get', path: '/api/services/:service/removal-preview', mutates: false },
  { method: 'get', path: '/api/wan/:wan/conflicts', query: ['status'], mutates: false },
  { method: 'post', path: '/api/peers/:peer/check-conflicts', fields: ['subnets'], mutates: false },
  { method: 'post', path: '/api/conflicts/:conflict/resolve', fields: ['resolution', 'subnetId', 'newCidr', 'allowedCidrs'], mutates: true },
  { method: 'post', path: '/api/conflicts/:conflict/preview', fields: ['resolution', 'subnetId', 'newCidr', 'allowedCidrs'], mutates: false },
  { method: 'get', path: '/api/wan/:wan/topology', mutates: false },
  { method: 'get', path: '/api/wan/:wan/status', mutates: false },
  { method: 'get', path: '/api/peers/:peer/status', mutates: false },
  { method: 'get', path: '/api/wan/:wan/connections', mutates: false },
  { method: 'post', path: '/api/wan/:wan/connections', fields: ['peerAId', 'peerBId'], mutates: true },
  { method: 'delete', path: '/api/connections/:connection', mutates: true, bodyless: true },
  { method: 'get', path: '/api/templates/:template', mutates: false },
  { method: 'post', path: '/api/templates', fields: TEMPLATE_FIELDS, mutates: true },
  { method: 'put', path: '/api/templates/:template', fields: TEMPLATE_FIELDS, mutates: true },
  { method: 'delete', path: '/api/templates/:template', mutates: true, bodyless: true },
  { method: 'get', path: '/api/jobs', query: [...PAGE, 'status', 'type', 'peerId', 'wanId', 'sort'], mutates: false },
  { method: 'get', path: '/api/jobs/:job', mutates: false },
  { method: 'get', path: '/api/jobs/:job/logs', query: PAGE, mutates: false },
  { method: 'post', path: '/api/jobs/:job/cancel', mutates: true, bodyless: true },
  { method: 'post', path: '/api/jobs/:job/retry', mutates: true, bodyless: true },
  { method: 'get', path: '/api/peers/:peer/jobs', query: [...PAGE, 'status', 'type', 'peerId', 'wanId', 'sort'], mutates: false },
  { method: 'post', path: '/api/peers/:peer/mikrotik/test-connection', fields: ['timeoutSeconds'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/deploy', fields: ['force'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/executor', fields: ['agentId'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/rollback', fields: ['jobId'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/rollback/preview', fields: ['jobId'], mutates: false },
  { method: 'post', path: '/api/peers/:peer/mikrotik/preview', fields: ['force'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/status', mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/diff', mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/removal-preview', mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/health', mutates: false },
  { method: 'get', path: '/api/wan/:wan/links', mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/logs', query: PAGE, mutates: false },
  { method: 'post', path: '/api/wan/:wan/mikrotik/deploy-all', fields: ['onlyAutoDeploy', 'force', 'waitSeconds'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/verify', mutates: true, bodyless: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/drift', mutates: true, bodyless: true },
  { method: 'get', path: '/api/peers/:peer/mikrotik/drift', mutates: false },
  { method: 'post', path: '/api/peers/:peer/mikrotik/reconcile', fields: ['reconcileMissing', 'reconcileMismatched', 'removeUnknown'], mutates: true },
  { method: 'post', path: '/api/wan/:wan/mikrotik/drift', mutates: true, bodyless: true },
  { method: 'get', path: '/api/wan/:wan/drift', query: [...PAGE, 'state'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/history', query: PAGE, mutates: false },
  { method: 'get', path: '/api/peers/:peer/history/diff', query: ['from', 'to'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/history/:version', mutates: false },
  { method: 'post', path: '/api/peers/:peer/history/:version/mark-applied', mutates: true, bodyless: true },
  { method: 'get', path: '/api/peers/:peer/config', query: ['includePrivateKey'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/config/mikrotik-script', mutates: false },
  { method: 'get', path: '/api/peers/:peer/config/qr', query: ['format', 'includePrivateKey'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/export', query: ['includePrivateKeys'], mutates: false },
  { method: 'get', path: '/api/wan/:wan/export', query: ['includePrivateKeys'], mutates: false },
  { method: 'post', path: '/api/peers/:peer/regenerate-keys', mutates: true, bodyless: true },
  { method: 'post', path: '/api/wan/:wan/regenerate-all', mutates: true, bodyless: true },
  { method: 'get', path: '/api/audit', query: [...PAGE, 'action', 'actor', 'from', 'to', 'q', 'wanId', 'entityType', 'entityId'], mutates: false },
  { method: 'post', path: '/api/users', fields: ['username', 'password', 'role', 'mustChangePassword'], mutates: true },
  { method: 'patch', path: '/api/users/:user', fields: ['role', 'disabled', 'password'], mutates: true },
  { method: 'delete', path: '/api/users/:user', mutates: true, bodyless: true },
  { method: 'post', path: '/api/api-keys', fields: ['name', 'role', 'expiresAt'], mutates: true },
  { method: 'delete', path: '/api/api-keys/:apiKey', mutates: true, bodyless: true },
  { method: 'post', path: '/api/auth/login', fields: ['username', 'password'], mutates: false },
  { method: 'get', path: '/api/enrollment-tokens', query: [...PAGE, 'wanId'], mutates: false },
  { method: 'post', path: '/api/enrollment-tokens', fields: ['wanId', 'name', 'peerType', 'tags', 'nameTemplate', 'maxUses', 'expiresInSeconds', 'requiresApproval', 'peerId', 'subnets', 'templateId'], mutates: true },
  { method: 'delete', path: '/api/enrollment-tokens/:token', mutates: true, bodyless: true },
  { method: 'post', path: '/api/agents/enroll', fields: ['token', 'wireguardPublicKey', 'natsPublicKey', 'hostname', 'agentVersion', 'peerId'], mutates: true },
  { method: 'get', path: '/api/agents', query: [...PAGE, 'wanId'], mutates: false },
  { method: 'get', path: '/api/agents/install', mutates: false },
  { method: 'get', path: '/install/agent.sh', mutates: false },
  { method: 'get', path: '/install/:file', mutates: false },
  { method: 'get', path: '/api/agents/:agent', mutates: false },
  { method: 'post', path: '/api/agents/:agent/approve', mutates: true, bodyless: true },
  { method: 'post', path: '/api/agents/:agent/revoke', mutates: true, bodyless: true },
  { method: 'post', path: '/api/auth/password', fields: ['currentPassword', 'newPassword'], mutates: true },
  { method: 'post', path: '/api/auth/refresh', mutates: false },
  { method: 'post', path: '/api/auth/logout', mutates: false },
  { method: 'get', path: '/api/auth/sessions', mutates: false },
  { method: 'delete', path: '/api/auth/sessions/:session', mutates: true, bodyless: true },
  { method: 'post', path: '/api/auth/signing-keys/rotate', mutates: true, bodyless: true },
  { method: 'get', path: '/api/auth/providers', mutates: false },
  { method: 'get', path: '/api/auth/oidc/login', mutates: false },
  { method: 'get', path: '/api/auth/oidc/callback', query: ['code', 'state', 'error', 'iss'], mutates: false },
  { method: 'get', path: '/api/users/:user/sessions', mutates: false },
  { method: 'delete', path: '/api/users/:user/sessions', mutates: true, bodyless: true },
  // Wrong methods on real routes.
  { method: 'patch', path: '/api/peers/:peer', fields: PEER_FIELDS, mutates: true },
  { method: 'put', path: '/api/wan', fields: WAN_FIELDS, mutates: true },
  { method: 'delete', path: '/api/wan/:wan/peers', mutates: true, bodyless: true },
];
