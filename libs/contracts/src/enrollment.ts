/**
 * `POST /api/agents/enroll`: the HTTP body is the proto3 JSON form of
 * `wom.agent.v1.EnrollmentRequest`, the 201 response that of `EnrollmentResponse`
 * (camelCase names; 64-bit integers such as `initialRevision` as decimal strings).
 * Errors are the API's usual `{code, message, fields}` with these codes.
 */
export const ENROLL_PATH = '/api/agents/enroll';

/** The protobuf package agents and the control plane speak; it changes only with a breaking change. */
export const AGENT_PROTOCOL = 'wom.agent.v1';

/**
 * What the control plane serves to boxes that install an agent (no authentication: the
 * enrollment token is what grants access). `installCommand` is the one line shown to operators.
 */
export const INSTALL_PATHS = {
  script: '/install/agent.sh',
  executable: '/install/wom-agent-linux-x64',
  bundle: '/install/wom-agent.mjs',
  guide: '/install/agent.md',
} as const;

/**
 * `curl -fsSL https://wom.example.com/install/agent.sh | sudo sh -s -- --token 'wom_et_…'`.
 * With a `pin` (a self-signed control plane's public-key pin, `sha256//<base64>`), curl checks
 * the key instead of a CA (`-k --pinnedpubkey`) and the installer is told the pin too:
 * `curl -fsSLk --pinnedpubkey 'sha256//…' https://…/install/agent.sh | sudo sh -s -- --token … --pin 'sha256//…'`.
 */
export function installCommand(publicUrl: string, token: string, pin: string | null = null): string {
  const script = shellWord(`${publicUrl}${INSTALL_PATHS.script}`);
  if (pin === null) return `curl -fsSL ${script} | sudo sh -s -- --token ${shellWord(token)}`;
  return `curl -fsSLk --pinnedpubkey ${shellWord(pin)} ${script} | sudo sh -s -- --token ${shellWord(token)} --pin ${shellWord(pin)}`;
}

/** A word the shell reads back exactly: as it is when it holds only safe characters, else single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9@%+=:,./_~-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export const ENROLLMENT_ERROR_CODES = {
  /** 401: no token with that secret exists. */
  tokenInvalid: 'ENROLLMENT.TOKEN_INVALID',
  /** 410: the token's expiry has passed. */
  tokenExpired: 'ENROLLMENT.TOKEN_EXPIRED',
  /** 410: the token was revoked by an operator. */
  tokenRevoked: 'ENROLLMENT.TOKEN_REVOKED',
  /** 410: the token has no uses left. */
  tokenUsedUp: 'ENROLLMENT.TOKEN_USED',
  /** 409: the WireGuard or NATS public key already belongs to an agent. */
  keyInUse: 'ENROLLMENT.KEY_IN_USE',
} as const;

export type EnrollmentErrorCode = (typeof ENROLLMENT_ERROR_CODES)[keyof typeof ENROLLMENT_ERROR_CODES];
