import type { RouterConnectionSettings, RouterJobPayload, RouterJobType } from '@wom/contracts';
import {
  detectDrift,
  readRouterHealth,
  readWireguardPeerStats,
  reconcile,
  rollbackToBackup,
  RouterOsClient,
  runDeployment,
  testConnection,
  type DeploymentBackup,
  type DeploymentStepEvent,
  type DesiredConfig,
  type RouterHealth,
  type RouterOsCallLogEntry,
  type WireguardPeerStats,
} from '@wom/routeros';

/** What a running job tells its reporter; the reporter streams it to the control plane. */
export interface RouterJobHooks {
  readonly signal: AbortSignal;
  step(event: DeploymentStepEvent): Promise<void>;
  /** Resolves once the control plane has stored the backup; the first write waits for it. */
  backup(backup: DeploymentBackup): Promise<void>;
  call(entry: RouterOsCallLogEntry): void;
}

/**
 * Runs one router job with the deployment engine, exactly as the control plane's built-in
 * executor would, and returns the engine's own result. Turning that result into a job outcome
 * (and into peer records) stays with the control plane, so both executors agree on it.
 */
export async function runRouterJob(type: RouterJobType, payload: RouterJobPayload, hooks: RouterJobHooks): Promise<Record<string, unknown>> {
  const client = clientFor(payload.connection, (entry) => hooks.call(entry));
  const engineHooks = { onStep: (event: DeploymentStepEvent) => hooks.step(event), onBackup: (backup: DeploymentBackup) => hooks.backup(backup) };
  try {
    switch (type) {
      case 'test-connection':
        return { ...(await testConnection(client)) };
      case 'deploy-config':
        return { ...(await runDeployment(client, desiredOf(payload), { signal: hooks.signal, hooks: engineHooks, verify: {} })) };
      case 'verify':
      case 'drift-check':
        return { ...(await detectDrift(client, desiredOf(payload))) };
      case 'rollback': {
        if (payload.backup === null) throw new Error('The rollback job carries no backup.');
        const startedAt = new Date().toISOString();
        await hooks.step({ name: 'rollback', status: 'running', startedAt, finishedAt: null, detail: 'Restoring the backup', progressPercent: 10 });
        return { ...(await rollbackToBackup(client, payload.backup as DeploymentBackup, { signal: hooks.signal })) };
      }
      case 'reconcile': {
        const desired = desiredOf(payload);
        const options = payload.reconcile ?? { reconcileMissing: true, reconcileMismatched: true, removeUnknown: false };
        const outcome = await reconcile(client, desired, { ...options, signal: hooks.signal, hooks: engineHooks });
        const applied = outcome.deployment.outcome === 'success' || outcome.deployment.outcome === 'partial-success';
        // The drift left after a reconcile, read here since only this agent reaches the router.
        return { ...outcome, driftAfter: applied ? await detectDrift(client, desired) : null };
      }
    }
  } finally {
    await client.close();
  }
}

function desiredOf(payload: RouterJobPayload): DesiredConfig {
  if (payload.desired === null || typeof payload.desired !== 'object') throw new Error('The job carries no desired router state.');
  return payload.desired as DesiredConfig;
}

/**
 * One reading of a router's health and its WireGuard peers' statistics, for a router only this
 * agent reaches (the control plane's monitor reads its other routers itself). One attempt per
 * call, within the given timeout: a poll that fails says so, and the next one comes soon.
 */
export async function readRouterNow(connection: RouterConnectionSettings, interfaceName: string): Promise<{ health: RouterHealth; stats: WireguardPeerStats[] }> {
  const client = clientFor({ ...connection, maxAttempts: 1 }, () => undefined);
  try {
    return { health: await readRouterHealth(client), stats: await readWireguardPeerStats(client, interfaceName) };
  } finally {
    await client.close();
  }
}

function clientFor(connection: RouterConnectionSettings, onCall: (entry: RouterOsCallLogEntry) => void): RouterOsClient {
  return new RouterOsClient({
    host: connection.host,
    port: connection.port,
    protocol: connection.protocol,
    username: connection.username,
    password: connection.password,
    verifyTls: connection.verifyTls,
    ...(connection.ca ? { ca: connection.ca } : {}),
    timeoutMs: connection.timeoutMs,
    ...(connection.maxAttempts ? { retry: { maxAttempts: connection.maxAttempts } } : {}),
    onCall,
    connections: 2,
  });
}
