import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database } from '../../database/database';
import { DeploymentJobEntity } from '../../database/entities';
import { JobRepository } from '../../jobs/job.repository';
import type { JobOutcome } from '../../jobs/runner/job-executor';
import { JobRunner } from '../../jobs/runner/job-runner';

/** What a failed job's result says while its router waits for a restore. */
export const ROLLBACK_PENDING = 'rollbackPending';

export interface QueuedRecovery {
  readonly jobId: string;
  readonly recoveryJobId: string;
}

/**
 * Restores routers a site agent left partly configured. A deployment whose agent was cut off
 * after it stored its backup (killed, crashed, silent) ends failed with `rollbackPending` in its
 * result: only the control plane holds the backup, and only the agent reaches the router. When
 * the agent is back (it reports the run at its next start, or simply comes online again), a
 * rollback job restoring that backup is queued for the router; the agent runs it before any
 * other job for that router. Its outcome is written back onto the failed job, so the record
 * ends with what really happened to the router.
 */
@Injectable()
export class RouterRecoveryService {
  private readonly logger = new Logger('RouterRecovery');

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(JobRepository) private readonly jobs: JobRepository,
    @Inject(JobRunner) private readonly runner: JobRunner,
  ) {}

  /**
   * Queues a restore for every job of a router assigned to `agentId` that waits for one, once
   * (an existing restore not yet ended is reused). `onlyJobIds` narrows it to the runs the
   * agent reported.
   */
  async queueFor(agentId: string, onlyJobIds?: readonly string[]): Promise<QueuedRecovery[]> {
    const queued = await this.database.transaction(async (tx) => {
      const waiting = (await tx.query(
        `SELECT j.id, j.wan_id, j.peer_id FROM deployment_job j JOIN peer p ON p.id = j.peer_id
          WHERE p.mikrotik_executor_agent_id = $1 AND j.status = 'failed' AND j.backup IS NOT NULL
            AND (j.result ->> '${ROLLBACK_PENDING}') = 'true'
            AND ($2::uuid[] IS NULL OR j.id = ANY($2::uuid[]))
          ORDER BY j.created_at
          FOR UPDATE OF j`,
        [agentId, onlyJobIds ? [...onlyJobIds] : null],
      )) as { id: string; wan_id: string | null; peer_id: string }[];
      const result: QueuedRecovery[] = [];
      for (const job of waiting) {
        const [existing] = (await tx.query(
          `SELECT id FROM deployment_job WHERE peer_id = $1 AND job_type = 'rollback' AND status IN ('pending', 'running', 'cancelling') AND parameters ->> 'recoveryOf' = $2 LIMIT 1`,
          [job.peer_id, job.id],
        )) as { id: string }[];
        if (existing) {
          result.push({ jobId: job.id, recoveryJobId: existing.id });
          continue;
        }
        const [created] = await this.jobs.insertPending(tx, [
          { wanId: job.wan_id, peerId: job.peer_id, jobType: 'rollback', parameters: { fromJobId: job.id, recoveryOf: job.id } },
        ]);
        result.push({ jobId: job.id, recoveryJobId: created!.id });
      }
      return result;
    });
    if (queued.length > 0) {
      this.logger.log(`queued ${queued.length} restore(s) of routers behind agent ${agentId}`);
      this.runner.poke();
    }
    return queued;
  }

  /**
   * A restore queued here ended: the failed job's record now says what happened to the router,
   * and no longer waits. A restore that failed leaves it waiting, so the next return of the
   * agent tries again.
   */
  async completed(rollbackJob: DeploymentJobEntity, outcome: JobOutcome): Promise<void> {
    const originalId = rollbackJob.parameters['recoveryOf'];
    if (typeof originalId !== 'string') return;
    const restored = outcome.status === 'completed';
    const note = restored
      ? ` The router was restored to the backup taken before this job, by rollback job ${rollbackJob.id}, after the agent came back.`
      : ` Restoring the router by rollback job ${rollbackJob.id} failed (${outcome.errorMessage ?? 'no reason given'}); it is tried again when the agent next comes back, or run a rollback yourself.`;
    await this.database.manager.query(
      `UPDATE deployment_job
          SET result = jsonb_set(COALESCE(result, '{}'::jsonb) || jsonb_build_object('recoveredBy', $2::text), '{${ROLLBACK_PENDING}}', to_jsonb(NOT $3::boolean)),
              error_message = regexp_replace(COALESCE(error_message, ''), ' (Rollback pending|The router was restored|Restoring the router by rollback job).*$', '') || $4,
              updated_at = now()
        WHERE id = $1`,
      [originalId, rollbackJob.id, restored, note],
    );
  }
}
