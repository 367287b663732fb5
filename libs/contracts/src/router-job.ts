/**
 * The JSON inside `JobDispatch.payload_json` for a router job run by a site agent. The
 * control plane writes it, the agent reads it; both sides use these types.
 *
 * The router password travels in here, in clear inside the NATS message: the agent must log
 * in to the router and has no other way to learn the password. It goes only to the one agent
 * the router is assigned to, on that agent's own subject (no other agent may subscribe to it),
 * and neither side ever logs the payload.
 */

import { JobType } from './generated/wom/agent/v1/jobs_pb';

export const ROUTER_JOB_TYPES = ['deploy-config', 'verify', 'rollback', 'drift-check', 'test-connection', 'reconcile'] as const;
export type RouterJobType = (typeof ROUTER_JOB_TYPES)[number];

const WIRE_TYPES: Readonly<Record<RouterJobType, JobType>> = {
  'deploy-config': JobType.DEPLOY_CONFIG,
  verify: JobType.VERIFY,
  rollback: JobType.ROLLBACK,
  'drift-check': JobType.DRIFT_CHECK,
  'test-connection': JobType.TEST_CONNECTION,
  reconcile: JobType.RECONCILE,
};

export function routerJobTypeToWire(type: RouterJobType): JobType {
  return WIRE_TYPES[type];
}

/** The job type of a dispatch; null for one this version does not know. */
export function routerJobTypeFromWire(type: JobType): RouterJobType | null {
  return ROUTER_JOB_TYPES.find((name) => WIRE_TYPES[name] === type) ?? null;
}

export interface RouterConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
  readonly username: string;
  readonly password: string;
  readonly verifyTls: boolean;
  /** PEM of a CA to trust, or null. */
  readonly ca: string | null;
  /** Per request, below RouterOS's 60 s. */
  readonly timeoutMs: number;
  /** Attempts per call, retries included. */
  readonly maxAttempts: number | null;
}

export interface RouterJobPayload {
  readonly connection: RouterConnectionSettings;
  /** The router's desired state (`DesiredConfig` of @wom/routeros): deploy, verify, drift check, reconcile. */
  readonly desired: unknown;
  /** The backup to restore (`DeploymentBackup` of @wom/routeros): rollback. */
  readonly backup: unknown;
  /** Reconcile only. */
  readonly reconcile: { readonly reconcileMissing: boolean; readonly reconcileMismatched: boolean; readonly removeUnknown: boolean } | null;
}

/** Parses and checks a payload; throws with the reason when it is not one. */
export function parseRouterJobPayload(json: string): RouterJobPayload {
  const value: unknown = JSON.parse(json);
  if (!isObject(value) || !isObject(value['connection'])) throw new Error('The job payload has no router connection.');
  const c = value['connection'];
  const text = (name: string): string => {
    const field = c[name];
    if (typeof field !== 'string') throw new Error(`The router connection has no ${name}.`);
    return field;
  };
  const port = c['port'];
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error('The router connection has no valid port.');
  const protocol = c['protocol'];
  if (protocol !== 'http' && protocol !== 'https') throw new Error('The router connection protocol must be http or https.');
  const timeoutMs = typeof c['timeoutMs'] === 'number' && c['timeoutMs'] >= 1 ? Math.min(c['timeoutMs'], 59_000) : 20_000;
  const maxAttempts = typeof c['maxAttempts'] === 'number' && c['maxAttempts'] >= 1 ? c['maxAttempts'] : null;
  const reconcile = isObject(value['reconcile'])
    ? { reconcileMissing: value['reconcile']['reconcileMissing'] !== false, reconcileMismatched: value['reconcile']['reconcileMismatched'] !== false, removeUnknown: value['reconcile']['removeUnknown'] === true }
    : null;
  return {
    connection: { host: text('host'), port, protocol, username: text('username'), password: text('password'), verifyTls: c['verifyTls'] === true, ca: typeof c['ca'] === 'string' && c['ca'] ? c['ca'] : null, timeoutMs, maxAttempts },
    desired: value['desired'] ?? null,
    backup: value['backup'] ?? null,
    reconcile,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
