/**
 * The JSON inside `JobDispatch.payload_json` for a router job run by a site agent. The
 * control plane writes it, the agent reads it; both sides use these types.
 *
 * The router password is never in it: the agent must log in to the router, so the dispatch
 * carries the password sealed to that agent's own key for that run (`sealed_password`, see
 * sealed-secret.ts), and the agent puts the opened password back into the connection.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
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

/** The JSON of `payload_json`: the payload without the router password, which travels sealed. */
export function routerJobPayloadJson(payload: RouterJobPayload): string {
  return JSON.stringify({ ...payload, connection: JSON.parse(routerConnectionJson(payload.connection)) as unknown });
}

/**
 * Parses and checks a payload, with the password the agent opened from the dispatch's sealed
 * secret; throws with the reason when it is not one. A payload that carries a password of its
 * own is refused: a password in clear means a sender this agent must not trust with it.
 */
export function parseRouterJobPayload(json: string, password: string): RouterJobPayload {
  const value: unknown = JSON.parse(json);
  if (!isObject(value) || !isObject(value['connection'])) throw new Error('The job payload has no router connection.');
  const reconcile = isObject(value['reconcile'])
    ? { reconcileMissing: value['reconcile']['reconcileMissing'] !== false, reconcileMismatched: value['reconcile']['reconcileMismatched'] !== false, removeUnknown: value['reconcile']['removeUnknown'] === true }
    : null;
  return { connection: parseRouterConnection(value['connection'], password), desired: value['desired'] ?? null, backup: value['backup'] ?? null, reconcile };
}

/** A router's connection settings as JSON, without the password (which travels sealed apart). */
export function routerConnectionJson(connection: RouterConnectionSettings): string {
  const { password: _sealedApart, ...rest } = connection;
  return JSON.stringify(rest);
}

/** Parses and checks connection settings (an object, or its JSON); the password comes opened, from its sealed box. */
export function parseRouterConnection(input: unknown, password: string): RouterConnectionSettings {
  const c: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  if (!isObject(c)) throw new Error('The router connection is missing.');
  if ('password' in c) throw new Error('The job payload carries the router password in clear; this agent takes it sealed only. Upgrade the control plane.');
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
  return { host: text('host'), port, protocol, username: text('username'), password, verifyTls: c['verifyTls'] === true, ca: typeof c['ca'] === 'string' && c['ca'] ? c['ca'] : null, timeoutMs, maxAttempts };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The SHA-256 (hex) of a backup's canonical JSON (keys sorted at every level). The agent keeps it
 * in its run journal and the control plane compares it with the backup it stored (as jsonb,
 * which does not keep key order), so a restore after a crash uses exactly the backup that run took.
 */
export function backupDigest(backup: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(backup))));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Why a job was stopped before it ended by itself, as the reason of its AbortSignal, on both
 * sides of NATS. Each way has its own code, carried to the job record, so a user's cancel is
 * never confused with a control plane shutting down, a lost lease or a site agent stopping.
 */
export const JOB_STOP_CODES = {
  /** A user cancelled it: the only stop that ends a job `cancelled`. */
  cancelled: 'JOB.CANCELLED',
  /** Another worker (replica) took the job over after this one's lease ran out. */
  leaseLost: 'JOB.LEASE_LOST',
  controlPlaneStopping: 'CONTROL_PLANE.STOPPING',
  /** The site agent running it was stopped (a service stop, a shutdown). */
  agentStopping: 'AGENT.STOPPING',
  /** The site agent was cut off mid-run (killed, crashed, power lost) and said so at its next start. */
  agentRestarted: 'AGENT.RESTARTED',
  /** The site agent fell silent during the job. */
  agentSilent: 'AGENT.SILENT',
  /** The site agent never took the job up. */
  agentNotTakenUp: 'AGENT.NOT_TAKEN_UP',
  /** The agent lost the control plane (it stopped answering the job's reports). */
  controlPlaneLost: 'JOB.CONTROL_PLANE_LOST',
} as const;

export type JobStopCode = (typeof JOB_STOP_CODES)[keyof typeof JOB_STOP_CODES];

export class JobStop extends Error {
  constructor(
    readonly code: JobStopCode,
    message: string,
  ) {
    super(message);
    this.name = 'JobStop';
  }
}

/** The code and message of a stopped job's signal; a bare abort reads as a user's cancel. */
export function stopReason(signal: AbortSignal): { code: string; message: string } {
  const reason: unknown = signal.reason;
  if (reason instanceof JobStop) return { code: reason.code, message: reason.message };
  return { code: JOB_STOP_CODES.cancelled, message: reason instanceof Error ? reason.message : 'The job was cancelled.' };
}
