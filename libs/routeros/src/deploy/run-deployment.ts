import type { ApiCall } from '@wom/renderers';
import { executeApiCall } from '../client/api-call-executor';
import type { RouterOsClient } from '../client/routeros-client';
import { readRouterTables } from '../client/router-tables';
import { takeBackup } from './backup';
import { resolveDesiredConfig, toPlannedCall } from './desired-config';
import { planDeployment } from './deployment-plan';
import type {
  DeploymentBackup,
  DeploymentOutcome,
  DeploymentResult,
  DesiredConfig,
  EngineError,
  PlannedCall,
  RollbackReport,
  RunDeploymentOptions,
  VerificationReport,
} from './engine.types';
import { DeployError, toEngineError } from './engine-errors';
import { emptyRestoreLog, restoreBackup, restoreReport } from './rollback';
import { testConnectionImpl } from './router-health';
import { StepTracker } from './step-tracker';
import { verifyDeployment } from './verify';
import { removeRows } from './batched-removal';
import { groupApplySteps, stepSize, type ApplyStep } from './removal-batches.logic';

/** Progress at the end of each step; apply spreads its calls between 25 and 85. */
const PROGRESS = { preflight: 5, read: 15, plan: 20, backup: 25, apply: 85, verify: 100 } as const;

/**
 * One deployment job (spec §4.2.4, §8.2.1). Each step is reported through `onStep`; the
 * AbortSignal is honoured between steps and between apply calls. Any failure in apply or
 * verify, and a cancellation once writing started, restores the backup. Planning again
 * right after a success yields no calls, so a redeploy with nothing changed writes nothing.
 */
export async function runDeploymentImpl(
  client: RouterOsClient,
  desired: DesiredConfig,
  options: RunDeploymentOptions,
  /** Reconcile applies only some kinds of correction; rows it leaves alone can't fail verification. */
  selectCalls?: (calls: readonly ApiCall[]) => readonly ApiCall[],
): Promise<DeploymentResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const tracker = new StepTracker(now, options.hooks);
  const applied: PlannedCall[] = [];
  let backup: DeploymentBackup | null = null;
  let verification: VerificationReport | null = null;
  let rollback: RollbackReport | null = null;
  let interfacePublicKey: string | null = null;
  let writeCount = 0;

  const done = (outcome: DeploymentOutcome, reason: string | null, error: EngineError | null): DeploymentResult => ({
    outcome,
    reason,
    steps: tracker.steps,
    backup,
    appliedCalls: applied,
    writeCount,
    interfacePublicKey,
    verification,
    rollback,
    error,
    startedAt,
    finishedAt: now().toISOString(),
  });
  const cancelled = (): boolean => options.signal?.aborted === true;
  const cancelError = (): EngineError => toEngineError(new DeployError('DEPLOY.CANCELLED', 'The deployment was cancelled.'));

  /** Runs one read-only step; a failure or cancellation here ends the job with nothing written. */
  const readOnlyStep = async <T>(name: 'preflight' | 'read' | 'plan' | 'backup', work: () => Promise<[T, string]>): Promise<{ value: T } | { ended: DeploymentResult }> => {
    if (cancelled()) return { ended: done('cancelled', `Cancelled before ${name}; nothing was written.`, cancelError()) };
    await tracker.start(name, `${name} running`);
    try {
      const [value, detail] = await work();
      await tracker.finish('succeeded', detail, PROGRESS[name]);
      return { value };
    } catch (error) {
      const failure = toEngineError(error);
      await tracker.finish('failed', failure.message);
      return { ended: done('failed', `${name} failed; nothing was written.`, failure) };
    }
  };

  const preflightStep = await readOnlyStep('preflight', () => preflight(client));
  if ('ended' in preflightStep) return preflightStep.ended;
  const identity = preflightStep.value;
  const readStep = await readOnlyStep('read', async () => {
    const read = await readRouterTables(client);
    return [read, `read ${Object.values(read).reduce((sum, rows) => sum + (rows?.length ?? 0), 0)} rows`];
  });
  if ('ended' in readStep) return readStep.ended;
  const tables = readStep.value;
  const planStep = await readOnlyStep('plan', async () => {
    const config = resolveDesiredConfig(desired, options);
    const plan = planDeployment(tables, config);
    const selected = selectCalls ? selectCalls(plan.calls) : plan.calls;
    if (plan.conflicts.length > 0) throw new DeployError('DEPLOY.CONFLICT', plan.conflicts.map((conflict) => conflict.message).join(' '), 'Resolve the conflicting rows on the router, then deploy again.');
    const { create, update, delete: remove, move } = plan.summary;
    const skipped = plan.calls.length - selected.length;
    const detail = `${selected.length} call(s): ${create} create, ${update} update, ${remove} delete, ${move} move${skipped > 0 ? `; ${skipped} call(s) left out by choice` : ''}`;
    return [{ config, calls: selected, partial: skipped > 0 }, detail];
  });
  if ('ended' in planStep) return planStep.ended;
  const planned = planStep.value;
  const backupStep = await readOnlyStep('backup', async () => {
    const taken = takeBackup(tables, planned.config.peerId, identity, now());
    await options.hooks?.onBackup?.(taken);
    return [taken, `${Object.values(taken.tables).reduce((sum, rows) => sum + (rows?.length ?? 0), 0)} managed row(s) saved`];
  });
  if ('ended' in backupStep) return backupStep.ended;
  const taken = backupStep.value;
  backup = taken;

  const restore = async (reason: string): Promise<RollbackReport> => {
    await tracker.start('rollback', reason);
    const log = emptyRestoreLog();
    try {
      await restoreBackup(client, taken, log);
      await tracker.finish('succeeded', `restored with ${log.calls.length} call(s)`);
      return restoreReport('restored', reason, log, null);
    } catch (error) {
      const failure = toEngineError(error);
      await tracker.finish('failed', failure.message);
      return restoreReport('failed', reason, log, failure);
    } finally {
      writeCount += log.writes;
    }
  };
  const rolledBack = async (outcome: 'failed' | 'cancelled', reason: string, error: EngineError): Promise<DeploymentResult> => {
    rollback = await restore(reason);
    const suffix = rollback.outcome === 'restored' ? ' The previous configuration was restored.' : ' The rollback failed too; check the router.';
    return done(outcome, `${reason}${suffix}`, error);
  };

  // apply: consecutive removals in one menu go as one batched remove (see groupApplySteps)
  const calls = planned.calls;
  const steps = groupApplySteps(calls);
  let sent = 0;
  await tracker.start('apply', `0 of ${calls.length} call(s)`);
  for (const step of steps) {
    if (cancelled()) {
      await tracker.finish('cancelled', `cancelled after ${sent} of ${calls.length} call(s)`);
      return rolledBack('cancelled', `Cancelled during apply after ${sent} of ${calls.length} call(s).`, cancelError());
    }
    const position = `${sent + 1}${stepSize(step) > 1 ? `–${sent + stepSize(step)}` : ''} of ${calls.length}`;
    try {
      if (step.kind === 'call') {
        applied.push(toPlannedCall(step.call));
        writeCount++;
        await executeApiCall(client, step.call);
      } else {
        await removeRows(client, step.menu, step.rows, {
          sending: () => writeCount++,
          // The journal lists each row once, as its DELETE; one that was already gone says so.
          settled: (row, outcome) => applied.push(outcome === 'already-gone' ? { ...toPlannedCall(row.call), alreadyGone: true } : toPlannedCall(row.call)),
        });
      }
    } catch (error) {
      const failure = toEngineError(error);
      await tracker.finish('failed', `call ${position} (${describeStep(step)}) failed: ${failure.message}`);
      return rolledBack('failed', `Apply failed at call ${position} (${describeStep(step)}).`, failure);
    }
    sent += stepSize(step);
    await tracker.update(`${sent} of ${calls.length} call(s)`, PROGRESS.backup + ((PROGRESS.apply - PROGRESS.backup) * sent) / calls.length);
  }
  await tracker.finish(calls.length === 0 ? 'skipped' : 'succeeded', calls.length === 0 ? 'nothing to change' : `${calls.length} call(s) applied`, PROGRESS.apply);

  // verify
  if (cancelled()) return rolledBack('cancelled', 'Cancelled before verify.', cancelError());
  await tracker.start('verify', 'checking interface, peers and routes');
  try {
    const verified = await verifyDeployment(client, desired, planned.config, options.verify);
    verification = verified.report;
    interfacePublicKey = verified.interfacePublicKey;
  } catch (error) {
    const failure = toEngineError(error);
    await tracker.finish('failed', failure.message);
    return rolledBack('failed', 'Verification could not read the router.', failure);
  }
  const failedChecks = verification.checks.filter((check) => !check.passed);
  // Drift the caller chose to keep makes checks fail that say nothing about this job's writes.
  const critical = failedChecks.filter((check) => check.critical && !planned.partial);
  if (critical.length > 0) {
    const detail = critical.map((check) => `${check.name}: ${check.detail}`).join('; ');
    await tracker.finish('failed', detail);
    return rolledBack('failed', `Verification failed (${detail}).`, toEngineError(new DeployError('DEPLOY.VERIFY_FAILED', `Verification failed: ${detail}.`, 'Check the router log and interface state, then deploy again.')));
  }
  if (cancelled()) {
    await tracker.finish('cancelled', 'cancelled after verify');
    return rolledBack('cancelled', 'Cancelled after verify.', cancelError());
  }
  await tracker.finish(failedChecks.length === 0 ? 'succeeded' : 'failed', verification.checks.map((check) => `${check.name}: ${check.detail}`).join('; ') || 'nothing to verify', PROGRESS.verify);
  if (failedChecks.length > 0) {
    return done('partial-success', `Applied and the interface is up, but ${failedChecks.map((check) => `${check.name} (${check.detail})`).join(', ')}.`, null);
  }
  return done('success', null, null);
}

/** The connection test must pass: reachable, credentials accepted, REST and WireGuard present. */
async function preflight(client: RouterOsClient): Promise<[string, string]> {
  const test = await testConnectionImpl(client);
  if (test.error) throw DeployError.from(test.error);
  return [test.identity ?? '', `${test.identity ?? ''}, RouterOS ${test.version ?? ''}, ${test.board ?? ''}`];
}

function describe(call: ApiCall): string {
  return `${call.method} ${call.path}${call.change.label ? `, ${call.change.label}` : ''}`;
}

function describeStep(step: ApplyStep): string {
  if (step.kind === 'call') return describe(step.call);
  const [only] = step.rows;
  return step.rows.length === 1 && only ? describe(only.call) : `remove ${step.rows.length} row(s) of ${step.menu}: ${step.rows.map((row) => row.id).join(',')}`;
}
