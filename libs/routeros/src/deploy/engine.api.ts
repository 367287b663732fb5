/**
 * The public face of the MikroTik deployment engine. Usable by the control plane and by a site
 * agent alike: no framework, no database. Every function takes a {@link RouterOsClient} and
 * plain data, and returns plain JSON-safe data (ISO timestamps, no class instances) that the
 * caller persists. Secrets never appear in anything returned here.
 *
 * This facade sits on top: it imports the steps, and the steps import only
 * `engine.types.ts`, never this file.
 */
import type { RouterOsClient } from '../client/routeros-client';
import { detectDriftImpl, reconcileImpl } from './drift';
import type {
  ConnectionTestResult,
  DeploymentBackup,
  DeploymentPreview,
  DeploymentResult,
  DesiredConfig,
  DesiredConfigOptions,
  DriftReport,
  ReconcileOptions,
  ReconcileResult,
  RollbackReport,
  RouterHealth,
  RunDeploymentOptions,
  WireguardPeerStats,
} from './engine.types';
import { previewDeploymentImpl } from './preview';
import { readRouterHealthImpl, readWireguardPeerStatsImpl, testConnectionImpl } from './router-health';
import { rollbackToBackupImpl } from './rollback';
import { runDeploymentImpl } from './run-deployment';

export type * from './engine.types';

// ─── functions ───────────────────────────────────────────────────────────────────────────

/** Identity, version, board, load and feature checks; never throws for router-side failures. */
export function testConnection(client: RouterOsClient): Promise<ConnectionTestResult> {
  return testConnectionImpl(client);
}

/** What a deployment would change, field by field, and the exact calls. Reads only. */
export function previewDeployment(client: RouterOsClient, desired: DesiredConfig, options: DesiredConfigOptions = {}): Promise<DeploymentPreview> {
  return previewDeploymentImpl(client, desired, options);
}

/**
 * preflight → read → plan → backup → apply → verify, rolling back on any failure in apply or
 * verify and on cancellation. Never throws for router-side failures: the outcome says.
 */
export function runDeployment(client: RouterOsClient, desired: DesiredConfig, options: RunDeploymentOptions = {}): Promise<DeploymentResult> {
  return runDeploymentImpl(client, desired, options);
}

/** Puts a peer's managed rows back as `backup` holds them (manual rollback). */
export function rollbackToBackup(client: RouterOsClient, backup: DeploymentBackup, options: { readonly signal?: AbortSignal } = {}): Promise<RollbackReport> {
  return rollbackToBackupImpl(client, backup, options);
}

/** Rows of this peer's config that are missing, different, unknown or misplaced. Reads only. */
export function detectDrift(client: RouterOsClient, desired: DesiredConfig, options: DesiredConfigOptions & { readonly now?: () => Date } = {}): Promise<DriftReport> {
  return detectDriftImpl(client, desired, options);
}

/** Corrects the selected kinds of drift; only rows carrying this peer's comment are ever removed. */
export function reconcile(client: RouterOsClient, desired: DesiredConfig, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  return reconcileImpl(client, desired, options);
}

export function readRouterHealth(client: RouterOsClient): Promise<RouterHealth> {
  return readRouterHealthImpl(client);
}

/** Per peer on `interfaceName`: last handshake, traffic and current endpoint. */
export function readWireguardPeerStats(client: RouterOsClient, interfaceName: string): Promise<WireguardPeerStats[]> {
  return readWireguardPeerStatsImpl(client, interfaceName);
}
